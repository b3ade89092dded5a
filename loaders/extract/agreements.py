"""Agreements: named ("Fair Recruitment Protocol (FRP)"), described ("perjanjian pelindungan nelayan")
and anaphoric ("MoU itu", "the agreement") mentions, with status words and party phrases.

A bare generic word ("kerja sama ini") never makes an agreement: only agreement
heads (MoU, nota kesepahaman, protocol, framework, ...) do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from labourkg.loaders.lexicon import norm
from labourkg.loaders.extract.spans import Sentence

# (written form, kind, form): form separates MoU from MoC when merging mentions.
_HEADS = [
    ("memorandum of understanding", "mou", "mou"), ("memorandum saling pengertian", "mou", "mou"),
    ("nota kesepahaman", "mou", "mou"), ("nota kesepakatan", "mou", "mou"),
    ("memorandum of agreement", "mou", "mou"), ("nota kerja sama", "mou", "nota"),
    ("nota kerjasama", "mou", "nota"), ("mou", "mou", "mou"), ("moa", "mou", "mou"),
    ("memorandum of cooperation", "mou", "moc"), ("memorandum kerja sama", "mou", "moc"),
    ("moc", "mou", "moc"), ("letter of intent", "other", "loi"), ("loi", "other", "loi"),
    ("protocol", "protocol", "protocol"), ("protokol", "protocol", "protocol"),
    ("plan of action", "plan_of_action", "poa"), ("rencana aksi", "plan_of_action", "poa"),
    ("action plan", "plan_of_action", "poa"),
    ("framework agreement", "framework", "framework"), ("framework", "framework", "framework"),
    ("kerangka kerja", "framework", "framework"),
    ("declaration", "declaration", "declaration"), ("deklarasi", "declaration", "declaration"),
    ("convention", "agreement", "convention"), ("konvensi", "agreement", "convention"),
    ("agreement", "agreement", "agreement"), ("perjanjian", "agreement", "agreement"),
    ("persetujuan", "agreement", "agreement"), ("pact", "agreement", "agreement"),
    ("treaty", "agreement", "agreement"), ("traktat", "agreement", "agreement"),
    ("accord", "agreement", "agreement"), ("charter", "other", "charter"),
    ("piagam", "other", "charter"),
    ("technical arrangement", "other", "arrangement"), ("implementing arrangement", "other", "arrangement"),
    ("pengaturan teknis", "other", "arrangement"), ("pengaturan pelaksanaan", "other", "arrangement"),
    ("joint statement", "declaration", "statement"), ("pernyataan bersama", "declaration", "statement"),
    ("joint communique", "declaration", "statement"), ("komunike bersama", "declaration", "statement"),
    ("work plan", "plan_of_action", "workplan"), ("workplan", "plan_of_action", "workplan"),
    ("rencana kerja", "plan_of_action", "workplan"), ("program kerja", "plan_of_action", "workplan"),
]
_HEAD_ALT = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h, _, _ in
                     sorted(_HEADS, key=lambda x: -len(x[0])))
HEAD_RE = re.compile(rf"(?<![\w-])(?:{_HEAD_ALT})(?![\w-])", re.I)
_HEAD_INFO = {h: (k, f) for h, k, f in _HEADS}

_ANAPHOR_AFTER = re.compile(r"^(?:\s*-?\s*(?:ini|itu|tersebut|nya)\b)", re.I)
_ANAPHOR_BEFORE = re.compile(r"(?:\b(?:this|that|these|the|said|such|kedua|its|their)\s+"
                             r"(?:\w+\s+){0,1})$", re.I)
_NEGATED = re.compile(r"(?:^|\s)(?:no|tanpa|tidak\s+ada|belum\s+ada|bukan)\s+(?:[a-z]+\s+)?$", re.I)
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|new|one)\s+(?:\w+\s+){0,2}$", re.I)
_ACR = re.compile(r"^\s*\(([A-Z][A-Za-z0-9-]{1,12})\)")
_ALIAS_PAREN = re.compile(r"^\s*\(([A-Z][^()]{3,80})\)")
_NAME_LINK = re.compile(r"^\s*(?:on|of|tentang|mengenai|about|concerning|regarding|covering|for|untuk|"
                        r"atas|terkait|bagi)\s+(?:the\s+)?", re.I)
_CAP_WORD = r"(?:[A-Z0-9][\w'’.-]*)"
_LINK_WORD = r"(?:of|on|for|and|the|in|to|dan|di|yang|tentang|antara|ke|untuk|atas|mengenai|&|No\.?)"
_CAP_RUN = re.compile(rf"^{_CAP_WORD}(?:[ \t]+(?:{_CAP_WORD}|(?:{_LINK_WORD}[ \t]+)*{_LINK_WORD}"
                      rf"(?=[ \t]+[A-Z0-9])))*")
_LOWER_TOPIC = re.compile(r"^(?:[a-z][a-z-]+)(?:[ \t]+[a-z][a-z-]+){0,5}")
_TOPIC_STOP = frozenset("""ini itu tersebut yang dan dengan antara di pada untuk oleh telah akan
sudah dalam ke dari sebagai bagi atau serta juga tidak belum bisa dapat harus agar karena oleh
nya between and with by in on at to of for the a an is was will be has have which that this who
signed inked sejak lalu kemarin ini menjadi adalah merupakan kita kami mereka ditandatangani
diteken tentang mengenai about regarding concerning""".split())
_EN_PRE_TOPIC = re.compile(r"((?:[a-z][a-z-]+[ \t]+){1,3})$")
_AMOUNT = r"(?:(?:US)?[$€£]?\s?[\d.,]+\s+(?:million|billion|thousand)?\s*)?"
_EN_PRE_STOP = frozenset("""a an the this that these its their our his her of to in on at for million billion
separate proposed planned draft new landmark historic possible potential formal earlier previous
with and or by from as is was will be has have had been new recently signed inked sign ink
will soon also key major first""".split())

STATUS_WORDS = [
    ("renewed", r"\b(?:memperbarui|pembaruan|pembaharuan|memperbaharui|memperpanjang|perpanjangan|"
                r"renew\w*|extend(?:ed|s)?|extension)\b"),
    ("proposed", r"\b(?:akan\s+(?:segera\s+)?(?:menandatangani|meneken|meratifikasi)|"
                 r"will\s+(?:soon\s+)?(?:sign|ink|ratify)|(?:expected|set|due|scheduled)\s+to\s+sign|"
                 r"to\s+be\s+signed|mengusulkan|usulan|diusulkan|propos\w+|"
                 r"menargetkan|target\w*|rencana\s+penandatanganan|plan(?:s|ned)?\s+to\s+sign|"
                 r"ratifikasi|ratif\w+)\b"),
    ("negotiating", r"\b(?:negosiasi|perundingan|merundingkan|dirundingkan|negotiat\w+|"
                    r"under\s+discussion|sedang\s+dibahas)\b"),
    ("signed", r"\b(?:menandatangani|ditandatangani|penandatanganan|penandatangan|meneken|"
               r"diteken|teken|signed|signing|inked|sign|ink|menyaksikan\s+penandatanganan|"
               r"witness\w*)\b"),
    ("expired", r"\b(?:berakhir|kedaluwarsa|expired?|lapsed)\b"),
    ("in_force", r"\b(?:berlaku|sedang\s+berlangsung|ongoing|in\s+force|implementation|"
                 r"implementasi|sesuai|under\s+the|melalui)\b"),
]
STATUS_RES = [(s, re.compile(p, re.I)) for s, p in STATUS_WORDS]
SIGN_RE = re.compile(r"\b(?:menandatangani|ditandatangani|penandatanganan|penandatangan|meneken|"
                     r"diteken|teken|signed|signing|inked|sign|ink|witness\w*)\b", re.I)
RATIFY_RE = re.compile(r"\b(?:ratifikasi|meratifikasi|diratifikasi|ratif\w+)\b", re.I)


@dataclass
class AgreementMention:
    start: int
    end: int
    text: str                     # the fullest name read here ("" for an anaphor)
    sentence: int
    kind: str
    form: str
    named: bool = False           # carries a proper name (capitalised or with acronym)
    anaphor: bool = False
    aliases: list[str] = field(default_factory=list)
    acronym: str | None = None
    status: str | None = None
    confidence: float = 0.8


def find_agreements(sentences: list[Sentence], lang: str = "id") -> list[AgreementMention]:
    out: list[AgreementMention] = []
    for sent in sentences:
        taken: list[tuple[int, int]] = []
        status = None
        for m in HEAD_RE.finditer(sent.text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            mention = _read(sent, m, lang)
            if mention is None:
                continue
            taken.append((mention.start - sent.start, mention.end - sent.start))
            if status is None:
                status = status_of(sent.text) or ""
            mention.status = status or None
            out.append(mention)
            inner = _inner(sent, mention, lang)
            if inner is not None:
                out.append(inner)
    out = _merge_or(sentences, out)
    _acronym_uses(sentences, out)
    return sorted(out, key=lambda x: x.start)


def _read(sent: Sentence, m: re.Match, lang: str = "id") -> AgreementMention | None:
    text = sent.text
    head = re.sub(r"\s+", " ", m.group()).lower()
    kind, form = _HEAD_INFO.get(head, ("agreement", "agreement"))
    h_start, h_end = m.start(), m.end()
    written_head = text[h_start:h_end]
    w0 = max(0, h_start - 300)
    before = text[w0:h_start]
    after = text[h_end:h_end + 300]
    # head-final named: "Asia Skills Mobility Framework", "Fair Recruitment Protocol"
    if written_head[:1].isupper():
        run_start = _cap_run_start(before)
        if run_start is not None and run_start < h_start:
            link = re.match(r"^\s+(?:for|of|on)\s+(?=[A-Z])", after)
            rest = _CAP_RUN.match(after[link.end():]) if link else None
            end = h_end
            if rest is not None:
                end = h_end + link.end() + len(_trim_run(rest.group(), _places(sent)))
            run_start += w0
            name = text[run_start:end].strip()
            if len(name.split()) >= 2 and not _only_place_words(name):
                mention = AgreementMention(sent.start + run_start, sent.start + end, name,
                                           sent.index, kind, form, named=True)
                _paren_tail(mention, text, end, sent)
                return mention
    if _NEGATED.search(before):
        return None                                   # "no formal agreement was signed"
    # anaphors: "MoU itu", "the agreement", "perjanjian tersebut"
    if _ANAPHOR_AFTER.match(after) or (re.search(r"\b(?:this|that|these|the|said|such|its)\s+$",
                                                 before, re.I) and not _named_follow(after)
                                       and not _NAME_LINK.match(after)):
        return AgreementMention(sent.start + h_start, sent.start + h_end, "", sent.index, kind,
                                form, anaphor=True)
    mention = AgreementMention(sent.start + h_start, sent.start + h_end, written_head,
                               sent.index, kind, form)
    text = text[:h_end + 300]
    pos = h_end
    acr = _ACR.match(text[pos:])
    if acr:
        mention.acronym = acr.group(1)
        mention.aliases.append(acr.group(1))
        pos += acr.end()
    alias = _ALIAS_PAREN.match(text[pos:]) if not acr else None
    if alias and not _ACR.match(text[pos:]):
        mention.aliases.append(alias.group(1).strip())
        pos += alias.end()
        mention.named = True
    rest = text[pos:]
    link = _NAME_LINK.match(rest)
    body_start = pos + (link.end() if link else len(rest) - len(rest.lstrip(" \t")))
    body = text[body_start:]
    run = _CAP_RUN.match(body) if not _starts_with_time(body) else None
    if run and run.group().strip() and not _starts_with_party(sent, sent.start + body_start):
        tail = _trim_run(run.group().rstrip(), _places(sent))
        tail = re.sub(r"\s+(?:of|on|for|and|the|in|to|dan|di|yang|tentang|antara|ke|untuk|&)$",
                      "", tail)
        end = body_start + len(tail)
        if link:
            # "covering Indonesian crew on ...": the phrase goes on in lower case
            longer = described_end(text, body_start, lang, linked=True, countries=_countries(sent))
            if longer > end and re.search(r"\s[a-z]", text[end:longer]):
                end = longer
        mention.text = text[h_start:end].strip()
        mention.end = sent.start + end
        mention.named = True
        _paren_tail(mention, text, end, sent)
    elif (link or mention.acronym is None or mention.aliases) and not _starts_with_time(body):
        end = described_end(text, body_start, lang, linked=bool(link), countries=_countries(sent))
        if end > body_start:
            mention.text = text[h_start:end].strip()
            mention.end = sent.start + end
    # English head-final described: "a caregiver placement pact"
    if lang != "id" and mention.text.startswith(written_head) and not written_head[:1].isupper():
        pre = _EN_PRE_TOPIC.search(before)
        if pre:
            words = pre.group(1).split()
            while words and words[0].lower() in _EN_PRE_STOP:
                words.pop(0)
            if words and all(w.lower() not in _EN_PRE_STOP for w in words) and \
                    re.search(r"\b(?:a|an)\s+" + _AMOUNT + re.escape(" ".join(words)) + r"\s+$", before):
                mention.text = " ".join(words) + " " + mention.text
                mention.start = sent.start + h_start - len(" ".join(words)) - 1
    if re.search(r"\b(?:this|that|these|the|its)\s+$", before, re.I) and not mention.named \
            and mention.text == written_head:
        # "the MoU" refers back; "the MoU on the recruitment of ..." describes one
        mention.anaphor = True
        mention.text = ""
    return mention


# -- described names: "nota kesepahaman tentang pelindungan awak kapal perikanan migran asal
# Indonesia", "memorandum of understanding on the recruitment, placement and protection of
# Indonesian domestic workers": a noun phrase read word by word until a clause begins.
_WORD = re.compile(r"\s*(\((?:[^()]{1,80})\)|[$€£]?[\w'’](?:[\w'’/$-]|\.(?=\w))*|,|&|\S)")
_JOINERS = frozenset("dan and serta & ,".split())
_LINKS = frozenset("""of on for to the tentang mengenai atas untuk bagi terkait about concerning regarding
covering asal melalui through via under""".split())
_LOCATIVE = frozenset("in di at ke into from dari".split())
_CLAUSE = frozenset("""yang which that who whose with dengan between antara among oleh by pada is was
were are be been being will would shall could can may must has have had akan telah sudah sedang
masih juga also adalah merupakan menjadi sebagai as agar supaya sehingga because karena since sejak
ketika when while after before setelah sebelum usai saat during selama ini itu tersebut this these
those said kata ujar ungkap jelas tutur not tidak belum than but namun tetapi atau or if jika
signed inked renewed extended ditandatangani diteken diperbarui diperpanjang lalu kemarin here there
sini sana it its their our we they he she kami kita mereka ia dia nya terutama khususnya
hanya only bisa dapat harus perlu masih
termasuk seperti misalnya especially including such like notably namely yakni yaitu""".split())
_VERB_ID = re.compile(r"^(?:me(?:m|n|ng|ny)?[a-z]{3,}|di[a-z]{2,}(?:kan|i)|ber[a-z]{3,}|ter[a-z]{3,})$")
_MAX_DESCRIBED = 18


def described_end(text: str, pos: int, lang: str, linked: bool = False,
                  countries: frozenset[int] = frozenset()) -> int:
    """End offset of the descriptive name that starts at `pos` (== pos when there is none).

    `countries`: offsets in `text` where a country name starts ("ke Hungaria" belongs to
    the name, "di Jakarta" does not).
    """
    words: list[tuple[str, int, int]] = []
    for m in _WORD.finditer(text, pos):
        if len(words) > _MAX_DESCRIBED + 4:
            break
        words.append((m.group(1), m.start(1), m.end(1)))
    end = pos
    content = 0
    last_kind = "link" if linked else "start"
    i = 0
    while i < len(words) and content < _MAX_DESCRIBED:
        w, a, b = words[i]
        low = w.lower()
        nxt = words[i + 1][0] if i + 1 < len(words) else ""
        nxt_low = nxt.lower()
        if w.startswith("("):
            if content and not any(c in w for c in ".;"):
                end = b                                   # "(TPPO)", "(technical arrangement)"
                i += 1
                continue
            break
        if low in _JOINERS:
            # a list goes on only with another content word: "recruitment, placement and protection"
            if content and _content(nxt, lang) and nxt[:1].islower() and nxt_low not in _JOINERS:
                i += 1
                last_kind = "link"
                continue
            break
        if low in _LOCATIVE:
            # "di sektor formal", "ke Hungaria" are part of the name; "di Jakarta" is where it was signed
            nxt_start = words[i + 1][1] if i + 1 < len(words) else -1
            if content and ((nxt[:1].islower() and _content(nxt, lang)) or nxt_start in countries):
                i += 1
                last_kind = "link"
                continue
            break
        if low in _LINKS:
            if low == "to" and (content or nxt_low in _CLAUSE or not nxt[:1].islower()):
                if not (content and nxt_low == "the"):
                    break
            i += 1
            last_kind = "link"
            continue
        if _starts_with_time(w):
            break
        if not w[:1].isalnum() and not w.startswith("$"):
            break
        if w[:1].isupper():
            # a capitalised word belongs to the name after a link ("of Indonesian"), or in
            # Indonesian after a noun ("migran asal Indonesia", "pelaksanaan Memorandum")
            if not (last_kind in ("link", "cap") or (lang == "id" and content) or
                    (content and nxt[:1].islower() and _content(nxt, lang))):
                break
            content += 1
            end = b
            last_kind = "cap"
            i += 1
            continue
        elif not _content(w, lang) or (lang == "id" and _VERB_ID.match(low) and content == 0
                                       and not linked):
            break
        content += 1
        end = b
        last_kind = "word"
        i += 1
    return end


def _content(word: str, lang: str) -> bool:
    low = word.lower()
    if not word or not (word[:1].isalnum() or word[:1] in "$("):
        return False
    return low not in _CLAUSE and low not in _TOPIC_STOP - _LINKS - {"dan", "and"} and not \
        (lang == "id" and _VERB_ID.match(low) and low.startswith(("me", "di")))


_PLACE_TAIL = re.compile(r"\s+(?:in|di|at|on|pada|to|ke)\s+(?:(?:the\s+)?[A-Z][\w'’.-]*)(?:\s+.*)?$")
_TIME_WORDS = re.compile(r"^(?:Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu|Monday|Tuesday|Wednesday|"
                         r"Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
                         r"July|August|September|October|November|December|Januari|Februari|"
                         r"Maret|Mei|Juni|Juli|Agustus|Oktober|Desember|\d)")


_PREP = re.compile(r"\s+(?:in|di|at|on|pada)\s+(?=[A-Z0-9])")


def _trim_run(run: str, places: frozenset[str] = frozenset()) -> str:
    """A name ends before 'in New Delhi', 'on Monday', 'di Jakarta'."""
    run = run.rstrip(" .,;")
    for m in _PREP.finditer(run):
        rest = run[m.end():]
        first = rest.split()[0].strip(".,") if rest.split() else ""
        if _TIME_WORDS.match(rest) or first in places:
            return run[:m.start()].rstrip(" .,;")
    return run


def _countries(sent: Sentence) -> frozenset[int]:
    """Offsets in the sentence's text where a country's name starts."""
    return frozenset(m.start - sent.start for m in sent.matches if m.kind == "country")


def _places(sent: Sentence) -> frozenset[str]:
    out = set()
    for m in sent.matches:
        if m.kind in ("place", "country"):
            out.add(m.text.split()[0])
    return frozenset(out)


def _named_follow(after: str) -> bool:
    m = re.match(r"^\s+(?:on|of|tentang|for)\s+(?=[A-Z0-9])", after)
    return bool(m) and not _starts_with_time(after[m.end():])


def _starts_with_time(text: str) -> bool:
    """'Thursday (14/9)', '12 March' begin with a time; a year ('2014 to the ...') does not."""
    return bool(_TIME_WORDS.match(text)) and not re.match(r"\d{4}\b", text)


def _starts_with_party(sent: Sentence, offset: int) -> bool:
    """'MoU Kemnaker dengan ...': a body right after the head names a party, not the MoU."""
    for t in sent.toks:
        if t.start == offset:
            if t.lex is None or t.lex.kind not in ("org", "country", "demonym"):
                return False
            after = sent.text[t.lex.end - sent.start:]
            return bool(re.match(r"^(?:\s*\([^()]*\))?\s*(?:,|dengan|dan|and|with|&|antara|"
                                 r"between|$)", after))
    return False


def _only_place_words(name: str) -> bool:
    return False


def _cap_run_start(before: str) -> int | None:
    """Start of the capitalised run (with inner links) that ends right before a head."""
    m = re.search(rf"((?:{_CAP_WORD}[ \t]+(?:(?:{_LINK_WORD})[ \t]+)?)+)$", before)
    if not m:
        return None
    s = m.start(1)
    run = m.group(1)
    # drop leading link words and sentence-initial function words
    lead = re.match(rf"^(?:(?:{_LINK_WORD}|The|This|That|A|An|Dalam|Melalui|Sesuai|Selain|"
                    r"Under|With|Through|Following|After|Before|During|Per|By|From|At|Since|"
                    r"Berdasarkan|Dengan|Lewat|Menurut|Sejak|Setelah|Sebelum|Usai|Pasca|"
                    r"Penandatanganan|Pembaruan|Perpanjangan|Ratifikasi|Draf|Draft|Rancangan|"
                    r"Usulan|Proposed|New|Baru)[ \t]+)+", run)
    if lead:
        s += lead.end()
    if s >= len(before):
        return None
    return s


def _paren_tail(mention: AgreementMention, text: str, end: int, sent: Sentence) -> None:
    acr = _ACR.match(text[end:])
    if acr:
        mention.acronym = acr.group(1)
        mention.aliases.append(acr.group(1))
        return
    alias = _ALIAS_PAREN.match(text[end:])
    if alias:
        mention.aliases.append(alias.group(1).strip())


_NESTING = re.compile(r"\s(?:pelaksanaan|perubahan\s+atas|atas|implementing|implementation\s+of|"
                      r"amending|amendment\s+to|revising)\s+(?:the\s+)?$", re.I)


def _inner(sent: Sentence, outer: AgreementMention, lang: str) -> AgreementMention | None:
    """'Rencana Aksi pelaksanaan Memorandum of Cooperation tentang X': the MoC is an agreement too."""
    if not outer.text or outer.anaphor:
        return None
    a, b = outer.start - sent.start, outer.end - sent.start
    first = HEAD_RE.search(sent.text, a, b)
    if first is None:
        return None
    for m in HEAD_RE.finditer(sent.text, first.end(), b):
        if _NESTING.search(sent.text[a:m.start()]):
            head = re.sub(r"\s+", " ", m.group()).lower()
            kind, form = _HEAD_INFO.get(head, ("agreement", "agreement"))
            text = sent.text[m.start():b].strip()
            return AgreementMention(sent.start + m.start(), outer.end, text, sent.index, kind, form,
                                    named=outer.named, status=outer.status, confidence=0.7)
    return None


_OR_BETWEEN = re.compile(r"\s*,?\s*(?:atau|or|alias|also\s+known\s+as|dikenal\s+sebagai)\s*$", re.I)


def _merge_or(sentences: list[Sentence], found: list[AgreementMention]) -> list[AgreementMention]:
    """'nota kerja sama atau Memorandum of Cooperation (MoC)': one agreement, two names."""
    by_index = {s.index: s for s in sentences}
    out: list[AgreementMention] = []
    for m in sorted(found, key=lambda x: x.start):
        prev = out[-1] if out else None
        if prev is not None and prev.sentence == m.sentence and not prev.anaphor and not m.anaphor \
                and prev.text and m.end > prev.end:
            sent = by_index[m.sentence]
            gap = sent.text[prev.end - sent.start:m.start - sent.start]
            if _OR_BETWEEN.fullmatch(gap):
                prev.aliases.extend(a for a in [m.text, *m.aliases] if a not in prev.aliases)
                prev.acronym = prev.acronym or m.acronym
                prev.named = prev.named or m.named
                prev.end = m.end
                continue
        out.append(m)
    return out


def _acronym_uses(sentences: list[Sentence], found: list[AgreementMention]) -> None:
    """Later bare uses of an acronym defined for an agreement ("ZTP")."""
    acrs = {m.acronym: m for m in found if m.acronym and m.acronym.lower() not in _HEAD_INFO}
    if not acrs:
        return
    spans = {(m.start, m.end) for m in found}
    by_sent: dict[int, list[AgreementMention]] = {}
    for m in found:
        by_sent.setdefault(m.sentence, []).append(m)
    for sent in sentences:
        here = by_sent.get(sent.index, [])
        st: list[str | None] = []
        for t in sent.toks:
            src = acrs.get(t.text)
            if src is None or any(m.start <= t.start < m.end for m in here):
                continue
            if (t.start, t.end) in spans:
                continue
            found.append(AgreementMention(t.start, t.end, t.text, sent.index, src.kind, src.form,
                                          named=True, acronym=t.text,
                                          status=(st or st.append(status_of(sent.text)) or
                                                  st)[0], confidence=0.7))


def status_of(text: str) -> str | None:
    for status, rx in STATUS_RES:
        if rx.search(text):
            return status
    return None


def head_form(text: str) -> str | None:
    m = HEAD_RE.search(text)
    if not m:
        return None
    return _HEAD_INFO.get(re.sub(r"\s+", " ", m.group()).lower(), (None, None))[1]


def content_words(text: str) -> set[str]:
    """Words that tell one agreement from another (heads and function words removed)."""
    words = set(norm(text).split())
    drop = set()
    for h, _, _ in _HEADS:
        drop.update(h.split())
    drop |= _TOPIC_STOP | {"kerja", "sama", "kerjasama", "cooperation", "bidang", "field",
                           "no", "the", "di", "of", "on", "dan", "bilateral"}
    return {w for w in words - drop if len(w) > 1}
