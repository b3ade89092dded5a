"""People with their positions, read from capitalisation and sentence shape.

A person is a run of capitalised name-like words next to a title: "TITLE
[qualifiers] NAME", "TITLE [qualifiers], NAME", "NAME, TITLE ...". Qualifiers
are institution words, known units, organisations and countries; they make the
role and point to the agency. A body named right before the title is its agency
("IOM Chief of Mission", "BP2MI head"); English titles may be lower case after a
body or in "the TITLE of BODY, NAME" / "NAME, TITLE of ..." shapes. Titles
without a name ("kata Dirjen Binwasnaker dan K3") are kept so that a later
"Dirjen Darmawan" can take their unit; a bare title before part of a fuller name
("Secretary Lindqvist") takes that person's role."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from labourkg.loaders.lexicon import Lexicon, TitleEntry, norm, norm_token
from labourkg.loaders.extract.organizations import (CONNECTORS, OrgFinder, foreign_counterpart,
                                                    lexicon_org_for, _adjacent)
from labourkg.loaders.extract.spans import (INSTITUTION_WORDS, MONTH_WORDS, WEEKDAY_WORDS,
                                            Sentence, Tok)

# Generic heads of positions (the lexicon adds abbreviations and full forms).
BUILTIN_TITLES: dict[tuple[str, ...], tuple[str, str]] = {}
for _forms, _kind in (
    ("menteri|minister|state minister|menteri negara|minister of state", "minister"),
    ("wakil menteri|wamen|deputy minister|vice minister", "minister"),
    ("menteri koordinator|menko|coordinating minister", "minister"),
    ("perdana menteri|prime minister", "head_of_state"),
    ("presiden|president|wakil presiden|vice president|raja|king|crown prince|putra mahkota",
     "head_of_state"),
    ("direktur jenderal|dirjen|director general|director-general|deputy director general|"
     "wakil direktur jenderal", "dirjen"),
    ("sekretaris jenderal|sekjen|secretary general|secretary-general", "sekjen"),
    ("sekretaris direktorat jenderal|sesditjen|sekretaris ditjen", "sesditjen"),
    ("direktur|director|deputy director|direktur eksekutif|executive director|country director|"
     "regional director|direktur utama|dirut|presiden direktur|president director", "direktur"),
    ("secretary|deputy secretary|undersecretary|under secretary|deputy undersecretary|"
     "deputy under secretary|assistant secretary|permanent secretary|sekretaris", "secretary"),
    ("kepala|kepala perwakilan|kepala badan|kepala biro|head|chief|chief of mission|"
     "ketua|ketua umum|wakil ketua|chairman|chairperson|chair|president of|commissioner|"
     "komisioner|deputi|asisten deputi|deputy|representative|koordinator|coordinator",
     "head"),
    ("duta besar|dubes|ambassador|duta besar luar biasa dan berkuasa penuh|konsul jenderal|"
     "konjen|consul general", "ambassador"),
    ("atase|atase ketenagakerjaan|labor attache|labour attache|attache", "attache"),
    ("gubernur|governor|bupati|walikota|wali kota|mayor", "head"),
    ("juru bicara|jubir|spokesperson|spokesman|spokeswoman", "head"),
    ("staf khusus|staf ahli|special adviser|special advisor|senior adviser", "head"),
    ("counterpart|mitranya", "counterpart"),
):
    for _f in _forms.split("|"):
        BUILTIN_TITLES[tuple(norm_token(w) for w in _f.replace("-", " ").split())] = (_f, _kind)
_TITLE_LEN: dict[str, int] = {}          # first word of a built-in title -> longest title from it
for _key in BUILTIN_TITLES:
    _TITLE_LEN[_key[0]] = max(_TITLE_LEN.get(_key[0], 0), len(_key))

# Titles English news also writes in lower case, after the body ("BP2MI head NAME",
# "the Manpower Ministry's director-general for ..., NAME") or before a name.
LOWER_TITLES = frozenset(tuple(norm_token(w) for w in f.replace("-", " ").split()) for f in (
    "minister|deputy minister|vice minister|director general|deputy director general|"
    "secretary general|deputy secretary general|director|head|chief|ambassador|attache|"
    "labour attache|labor attache|spokesperson|spokesman|spokeswoman|secretary|undersecretary|"
    "president|chairman|chairperson|chair|representative|commissioner|coordinator|"
    "consul general|governor|mayor|kepala|ketua|menteri|direktur|duta besar|atase").split("|"))
_LOWER_FIRST = frozenset(k[0] for k in LOWER_TITLES)
# words that end a body's name written before a lower-case title ("Human Resources Ministry")
_UNIT_HEADS = frozenset("""ministry department agency office bureau embassy commission secretariat
council union confederation federation organization organisation authority directorate
consulate""".split())

HONORIFICS = frozenset("""bapak pak ibu bu prof dr ir drs dra hj mr mrs ms miss sir dato datuk
yang mulia excellency his her he kh tuan nyonya saudara sdr tun datin yb yab""".split())
# second words of two-word honorifics: Datuk Seri, Dato' Sri, Tan Sri, Puan Sri, Toh Puan
_HONORIFIC_PAIRS = frozenset({("datuk", "seri"), ("dato", "seri"), ("datuk", "sri"),
                              ("dato", "sri"), ("tan", "sri"), ("puan", "sri"), ("toh", "puan"),
                              ("datuk", "paduka"), ("dato", "paduka"), ("datuk", "wira"),
                              ("dato", "wira")})
PARTICLES = frozenset({"bin", "binti", "al", "el", "van", "von", "de", "der", "den", "da", "dos",
                       "du", "la", "le", "ibn"})
STOP_NAMES = frozenset("""dalam menurut selain sementara saat hal kedua pada sebagai untuk dengan
dia ia kami kita mereka the this that these in on at he she it we they his her their after before
during since while when also and but or if as by for from with about indonesia pemerintah
kemudian namun tetapi sedangkan adapun setelah sebelum sejak bahkan oleh karena itu ini baca
read also editor penulis reporter foto sumber source more follow tags related latest news
berita terkini lainnya jakarta""".split())
SPEECH_BEFORE = frozenset("""kata ujar ungkap ungkapnya jelas tutur tambah imbuh lanjut pungkas tegas
sebut terang papar katanya ujarnya menurut said says added explained told noted stressed
according""".split())


@dataclass
class RoleInfo:
    """A position as read from one title phrase."""

    text: str                           # role as written, cleaned
    full: str | None = None             # expanded from the lexicon
    title_key: str | None = None
    title_kind: str | None = None
    agency: list[str] = field(default_factory=list)
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    has_subject: bool = False
    confidence: float = 0.8
    bare: bool = False                  # the title alone: nothing qualifies it


@dataclass
class PersonMention:
    start: int
    end: int
    name: str
    sentence: int
    role: RoleInfo | None = None
    confidence: float = 0.8


@dataclass
class RoleMention:
    """A title with no name next to it."""

    start: int
    sentence: int
    role: RoleInfo


@dataclass
class PeopleFound:
    people: list[PersonMention] = field(default_factory=list)
    roles: list[RoleMention] = field(default_factory=list)


class PeopleFinder:
    def __init__(self, lexicon: Lexicon, orgs: OrgFinder, lang: str, home: str | None):
        self.lex = lexicon
        self.orgs = orgs
        self.lang = lang
        self.home = home or ("ID" if lang == "id" else None)
        self.found = PeopleFound()
        self._longest: dict | None = None
        self._here: tuple[int, set[str]] | None = None

    # -- titles ----------------------------------------------------------------
    def title_at(self, sent: Sentence, i: int) -> tuple[int, TitleEntry | None, str] | None:
        """(end index exclusive, lexicon title, kind) of a title starting at token i."""
        toks = sent.toks
        t = toks[i]
        known = t.lex is not None and t.lex.kind == "title" and t.lex.start == t.start
        longest = _TITLE_LEN.get(t.norm, 0)
        if not known and not longest:
            return None                 # most words start no title: this runs on every word
        best = None
        if known:
            entry = self.lex.titles.get(t.lex.ref)
            j = i
            while j < len(toks) and toks[j].end <= t.lex.end:
                j += 1
            best = (j, entry, self._kind_of_title(entry))
        for n in range(min(longest, len(toks) - i), 0, -1):
            key = tuple(x.norm for x in toks[i:i + n])
            hit = BUILTIN_TITLES.get(key)
            if hit and (best is None or i + n > best[0]) and all(
                    _adjacent(sent, k) for k in range(i + 1, i + n)):
                if n == 1 and not toks[i].cap and hit[1] != "counterpart":
                    break
                entry = best[1] if best else None
                best = (i + n, entry, hit[1] if entry is None else self._kind_of_title(entry))
                break
        if best is not None and not (toks[i].cap or best[2] == "counterpart"):
            return None
        return best

    def _kind_of_title(self, entry: TitleEntry | None) -> str:
        if entry is None:
            return "head"
        words = norm(" ".join((entry.full_id, entry.full_en, entry.key))).split()
        key = tuple(norm(entry.full_en or entry.full_id).split())
        if key in BUILTIN_TITLES:
            return BUILTIN_TITLES[key][1]
        key = tuple(norm(entry.full_id or entry.full_en).split())
        if key in BUILTIN_TITLES:
            return BUILTIN_TITLES[key][1]
        # a deputy is of the kind of the post it deputises ('Wakil Sekretaris Jenderal')
        for full in (entry.full_en, entry.full_id):
            k = tuple(norm(full).split())
            if len(k) > 1 and k[0] in _DEPUTY_WORDS and k[1:] in BUILTIN_TITLES:
                return BUILTIN_TITLES[k[1:]][1]
        if key[:1] in (("menteri",), ("wakil",)) or "minister" in words:
            return "minister"
        if "sekretaris" in words and "direktorat" in words:
            return "sesditjen"
        if "jenderal" in words or "general" in words:
            return "dirjen"
        if "direktur" in words or "director" in words:
            return "direktur"
        if "duta" in words or "ambassador" in words:
            return "ambassador"
        return "head"

    # -- the scan ---------------------------------------------------------------
    def run(self, sentences: list[Sentence]) -> PeopleFound:
        for sent in sentences:
            self._sentence(sent)
        self._settle_short_mentions(sentences)
        return self.found

    def _settle_short_mentions(self, sentences: list[Sentence]) -> None:
        """'Secretary Lindqvist' after 'U.S. Secretary of Labor Margaret O. Lindqvist' is that
        person: a bare title before part of a fuller name takes the fuller mention's role.
        A one-word name behind a bare title that nobody else bears, in a bulleted
        headline, is no person of the article ("- Minister X urges ...")."""
        people = self.found.people
        names: dict[str, tuple[list[str], list[PersonMention]]] = {}
        for pm in people:
            entry = names.get(pm.name)
            if entry is None:
                names[pm.name] = entry = (_name_tokens(pm.name), [])
            entry[1].append(pm)
        by_token: dict[str, list[str]] = {}
        for name, (toks, _) in names.items():
            if len(toks) > 1:
                for t in set(toks):
                    fuller = by_token.setdefault(t, [])
                    if len(fuller) < _MAX_FULLER:
                        fuller.append(name)
        starts = {name: [m.start for m in ms] for name, (_, ms) in names.items()}
        sent_text = {s.index: s.text for s in sentences}
        keep = []
        for pm in people:
            toks = names[pm.name][0]
            bare = pm.role is not None and pm.role.bare
            best = None
            for name in by_token.get(toks[0], ()) if bare and toks else ():
                otoks, oms = names[name]
                if len(otoks) <= len(toks) or not set(toks) <= set(otoks):
                    continue
                # the nearest mention of the fuller name, an earlier one first
                k = bisect.bisect_left(starts[name], pm.start)
                cand = oms[k - 1] if k > 0 else oms[k]
                rank = (cand.start > pm.start, abs(cand.start - pm.start))
                if best is None or rank < best[0]:
                    best = (rank, cand)
            if best is not None:
                pm.role = best[1].role
            elif bare and len(toks) == 1 and _BULLET.match(sent_text.get(pm.sentence, "")):
                continue
            keep.append(pm)
        self.found.people = keep

    def _sentence(self, sent: Sentence) -> None:
        toks = sent.toks
        i = 0
        used_until = 0
        while i < len(toks):
            if i < used_until:
                i += 1
                continue
            hit = self.title_at(sent, i)
            lower = False
            if hit is None and toks[i].norm in _LOWER_FIRST and not toks[i].cap:
                hit = self._lower_title_at(sent, i)
                lower = hit is not None
            if hit is None:
                i += 1
                continue
            end, entry, kind = hit
            body = self._left_org(sent, i)
            left_subjects: list[tuple[str, int, int]] = []
            if body is not None:
                left = body[0]
            elif lower:
                left, left_subjects = self._left_unit(sent, i)
            else:
                left = self._left_extend(sent, i)
            q_end, info = self._qualifiers(sent, end)
            if lower:
                q_end = self._portfolio(sent, q_end, info)
                info["lower"] = True
            if body is not None:
                _, key, ks, ke, host = body
                info["orgs"].insert(0, (key, ks, ke))
                if host is not None:
                    info["hosts"] = info.get("hosts", []) + [host]
            info["subjects"][:0] = left_subjects
            if left == i and not (info["orgs"] or info["countries"] or info["subjects"]
                                  or info["words"]):
                self._led_by(sent, i, info)
            name = self._name_after(sent, q_end, info.get("after_paren"))
            if name is None:
                q_tail = self._tail(sent, q_end, info)
                if q_tail > q_end:
                    q_end = q_tail
                    name = self._name_after(sent, q_end)
            role = self._role(sent, left, i, end, q_end, entry, kind, info)
            if name is not None:
                a, b, nm = name
                self.found.people.append(PersonMention(toks[a].start, toks[b].end, nm,
                                                       sent.index, role, role.confidence))
                used_until = b + 1
            else:
                # "NAME, TITLE ...": the name before the title
                before = self._name_before(sent, left)
                if before is not None:
                    a, b, nm = before
                    self.found.people.append(PersonMention(toks[a].start, toks[b].end, nm,
                                                           sent.index, role, role.confidence))
                elif kind != "counterpart" and not lower:
                    self.found.roles.append(RoleMention(toks[i].start, sent.index, role))
                used_until = q_end
            i = max(i + 1, used_until)

    def _lower_title_at(self, sent: Sentence, i: int) -> tuple[int, TitleEntry | None, str] | None:
        """A title written in lower case ('head', 'director-general', 'labour attaché')."""
        toks = sent.toks
        t = toks[i]
        if t.lex is not None and t.lex.kind == "title" and t.lex.start == t.start:
            # 'kepala BP2MI': a lexicon title whose acronym carries the capital
            j = i
            while j < len(toks) and toks[j].end <= t.lex.end:
                j += 1
            entry = self.lex.titles.get(t.lex.ref)
            return j, entry, self._kind_of_title(entry)
        for n in range(min(_TITLE_LEN.get(toks[i].norm, 0), len(toks) - i), 0, -1):
            key = tuple(x.norm for x in toks[i:i + n])
            if key not in LOWER_TITLES or not all(
                    _adjacent(sent, k) and not toks[k].cap for k in range(i + 1, i + n)):
                continue
            entry = self.lex.title(sent.span_text(toks[i].start, toks[i + n - 1].end))
            kind = BUILTIN_TITLES[key][1] if entry is None else self._kind_of_title(entry)
            return i + n, entry, kind
        return None

    def _left_org(self, sent: Sentence,
                  i: int) -> tuple[int, str, int, int, tuple[str, int] | None] | None:
        """'IOM Chief of Mission', 'BP2MI head', 'TETO in Indonesia Representative': the body
        named right before a title is where the position sits.
        Returns (first token, org key, start, end, (host code, start) | None) or None."""
        toks = sent.toks
        k = i
        host = None
        if k == 0:
            return None
        p = toks[k - 1]
        if p.lex is not None and p.lex.kind == "country" and p.lex.end == p.end \
                and _adjacent(sent, k):
            c = k - 1
            while c > 0 and toks[c - 1].lex is p.lex:
                c -= 1
            if c < 2 or toks[c - 1].norm not in ("in", "di", "to", "untuk") \
                    or not _adjacent(sent, c):
                return None             # 'German Ambassador': _left_extend reads it
            host = (p.lex.ref, p.lex.start)
            k = c - 1
        gap = sent.gap(k)
        if k == 0 or len(gap) > 3 or gap.strip() not in ("", ")"):
            return None
        prev = toks[k - 1]
        if prev.lex is not None and prev.lex.kind == "title":
            return None
        best = None
        for m in self.orgs.book.in_range(max(sent.start, prev.end - 200), prev.end + 1):
            if m.end not in (prev.end, prev.end + 1) or m.key.startswith("country:"):
                continue
            if m.end == prev.end + 1 and not gap.startswith(")"):
                continue
            if best is None or m.start > best.start:
                best = m
        if best is None:
            return None
        a = k - 1
        while a > 0 and toks[a].start > best.start:
            a -= 1
        return a, best.key, best.start, best.end, host

    def _left_unit(self, sent: Sentence, i: int) -> tuple[int, list[tuple[str, int, int]]]:
        """'Human Resources Ministry secretary-general', "the Manpower Ministry's director-general":
        the unit's field and head word before a lower-case title."""
        toks = sent.toks
        if i == 0 or not _adjacent(sent, i) or not toks[i - 1].cap \
                or toks[i - 1].norm not in _UNIT_HEADS:
            return i, []
        a = i - 1
        subjects: list[tuple[str, int, int]] = []
        while a > 0 and _adjacent(sent, a) and i - a < 8:
            p = toks[a - 1]
            if p.lex is not None and p.lex.kind == "subject":
                subjects[:0] = _subjects_of(p)
                while a > 0 and toks[a - 1].end > p.lex.start:
                    a -= 1
                continue
            if p.cap and (p.norm in INSTITUTION_WORDS or p.norm in self.lex.vocabulary):
                a -= 1
                continue
            break
        return a, subjects

    def _portfolio(self, sent: Sentence, j: int, info: dict) -> int:
        """'director-general for manpower placement and expansion of employment opportunities':
        a field written in lower case after a lower-case title, up to the comma or a body."""
        toks = sent.toks
        if j >= len(toks) or toks[j].norm not in ("for", "of", "untuk", "bidang") \
                or sent.gap(j).strip():
            return j
        k = j + 1
        while k < len(toks) and k - j < 12 and not sent.gap(k).strip() and not toks[k].cap \
                and toks[k].text.isalpha():
            k += 1
        if k == j + 1:
            return j
        end = k
        while end > j + 1 and toks[end - 1].norm in _PREPOSITIONS:
            end -= 1
        phrase = sent.span_text(toks[j + 1].start, toks[end - 1].end)
        info["words"].append(phrase)
        for o in self.lex.units(phrase):
            info["subjects"].append((o.key, toks[j + 1].start, toks[end - 1].end))
        if k < len(toks) and toks[k - 1].norm in _PREPOSITIONS and not sent.gap(k).strip() and (
                toks[k].cap or toks[k].lex is not None):
            # '... of manpower placement at Indonesia's Ministry of Manpower'
            more_end, more = self._qualifiers(sent, k)
            if more_end > k:
                for name in ("orgs", "countries", "subjects", "words"):
                    info[name].extend(more[name])
                if more.get("hosts"):
                    info["hosts"] = info.get("hosts", []) + more["hosts"]
                    info["host"] = info["host"] or more["host"]
                return more_end
        return end

    def _tail(self, sent: Sentence, j: int, info: dict) -> int:
        """'... ASEAN untuk Komunitas Sosial Budaya, NAME', 'Konsul Jenderal RI di Dubai, NAME',
        '(Disnakertrans) Jawa Barat, NAME': a short capitalised end of the position the
        qualifiers did not know, taken only when a name follows it after a comma."""
        toks = sent.toks
        if j >= len(toks):
            return j
        gap = sent.gap(j)
        if j == info.get("after_paren"):
            gap = gap.replace(")", "", 1)
        if gap.strip():
            return j
        k = j
        prep = None
        if toks[k].norm in _TAIL_PREPS and not toks[k].cap:
            prep = toks[k].norm
            k += 1
        start = k
        while k < len(toks) and k - start < 6 and (k == start or _adjacent(sent, k) or (
                toks[k - 1].norm in ("dan", "of") and not sent.gap(k).strip())):
            t = toks[k]
            if t.cap and not (t.lex is not None and t.lex.kind == "title"):
                k += 1
            elif t.norm in ("dan", "of") and k > start and k + 1 < len(toks) \
                    and toks[k + 1].cap and not sent.gap(k).strip():
                k += 1
            else:
                break
        if k == start or k >= len(toks) or sent.gap(k).strip() != "," \
                or toks[k - 1].norm in ("dan", "of"):
            return j
        if self._name_after(sent, k) is None:
            return j
        first = toks[start]
        if prep in ("di", "in", "untuk", "to", "for") and first.lex is not None \
                and first.lex.start == first.start:
            code = None
            if first.lex.kind in ("country", "demonym"):
                code = first.lex.ref
                info["hosts"] = info.get("hosts", []) + [(code, first.lex.start)]
            elif first.lex.kind == "place":
                code = self.lex.country_of_place(first.lex.text)
            if code:
                info["host"] = info["host"] or code
        return k

    def _left_extend(self, sent: Sentence, i: int) -> int:
        """'India's External Affairs Minister', 'German Ambassador', 'Deputy Minister'."""
        toks = sent.toks
        a = i
        while a > 0 and _adjacent(sent, a):
            p = toks[a - 1]
            if p.lex is not None and p.lex.kind in ("country", "demonym") and p.lex.end == p.end:
                a -= 1
                # a country name may be several tokens
                while a > 0 and toks[a - 1].lex is p.lex:
                    a -= 1
                break
            if self.lang != "en":
                break
            if p.cap and (p.norm in INSTITUTION_WORDS or p.norm in _RANK_WORDS):
                a -= 1
                continue
            if p.norm == "dan" and not p.cap and a > 1 and _adjacent(sent, a - 1) \
                    and toks[a - 2].cap and toks[a - 2].norm in INSTITUTION_WORDS and a < i:
                a -= 1          # "Employment and Labor Minister"
                continue
            break
        while a < i and toks[a].norm == "dan":
            a += 1
        return a

    def _qualifiers(self, sent: Sentence, j: int) -> tuple[int, dict]:
        """Tokens after a title that still belong to the position: units, bodies, countries."""
        toks = sent.toks
        info: dict = {"orgs": [], "countries": [], "subjects": [], "words": [], "paren": [],
                      "host": None, "dari": False}
        last = j
        prep = None
        while j < len(toks):
            t = toks[j]
            gap = sent.gap(j) if j > 0 else ""
            if j == info.get("after_paren"):
                # "Menteri X (Secretary of Y), NAME": read on past the closing parenthesis
                gap = gap.replace(")", "", 1)
            if "(" in gap or ")" in gap:
                # a parenthesis right after the title: "(Dirjen PHI dan Jamsos)" / "(Menaker)"
                if "(" in gap:
                    close = sent.text.find(")", t.start - sent.start, t.start - sent.start + 81)
                    if close < 0 or close - (t.start - sent.start) > 80:
                        break
                    info["paren"].append(sent.text[t.start - sent.start:close])
                    k = j
                    while k < len(toks) and toks[k].start < sent.start + close:
                        k += 1
                    j = k
                    last = j
                    info["after_paren"] = j
                    continue
                break
            if gap.strip() == "," and j > 0 and self._comma_list(sent, j):
                gap = " "       # 'Menteri Kesehatan, Tenaga Kerja, dan Kesejahteraan Jepang'
            if gap.strip() == ",":
                # "Deputy Undersecretary ..., US Department of Labor, Maria Holt"
                if t.lex is not None and t.lex.kind == "org" and t.lex.start == t.start:
                    k = j
                    while k < len(toks) and toks[k].end <= t.lex.end:
                        k += 1
                    if k < len(toks) and sent.gap(k).strip() == ",":
                        info["orgs"].append((t.lex.ref, t.lex.start, t.lex.end))
                        j = k
                        last = j
                        continue
                break
            if gap.strip() not in ("", "-", "–", "&", ".", "/"):
                break
            org_here = self._org_mention_at(t.start)
            if org_here is not None and not org_here.key.startswith("country:") and (
                    t.lex is None or t.lex.start != t.start or org_here.end > t.lex.end):
                # "attaché of the Indonesian Embassy in Riyadh": the body, not its demonym
                info["orgs"].append((org_here.key, org_here.start, org_here.end))
                j = max(_token_after(toks, j, org_here.end), j + 1)
                last = j
                prep = None
                continue
            if t.lex is not None and t.lex.start == t.start and t.lex.kind != "title":
                k = _token_after(toks, j, t.lex.end)
                kind = t.lex.kind
                if kind == "org":
                    info["orgs"].append((t.lex.ref, t.lex.start, t.lex.end))
                elif kind in ("country", "demonym"):
                    if prep in ("untuk", "to", "for", "in", "di") or (
                            prep in ("dan", "and", "&") and info["host"]):
                        info["host"] = info["host"] or t.lex.ref
                        info["hosts"] = info.get("hosts", []) + [(t.lex.ref, t.lex.start)]
                        j = k
                        last = j
                        continue
                    else:
                        info["countries"].append((t.lex.ref, t.lex.start, t.lex.end))
                elif kind == "subject":
                    info["subjects"].extend(_subjects_of(t))
                elif kind == "place":
                    if prep not in ("untuk", "to", "for"):
                        break
                j = k
                last = j
                if not (kind in ("country", "demonym") and info["host"]):
                    prep = None
                continue
            org_here = self._org_mention_at(t.start)
            if org_here is not None:
                info["orgs"].append((org_here.key, org_here.start, org_here.end))
                j = max(_token_after(toks, j, org_here.end), j + 1)
                last = j
                prep = None
                continue
            if t.norm in CONNECTORS or t.norm in ("dari", "at"):
                k = j + 1
                if t.norm != "the" and k < len(toks) and toks[k].norm == "the" \
                        and not toks[k].cap and toks[k].lex is None:
                    k += 1              # "Ambassador to the United States"
                if k < len(toks) and (toks[k].cap or toks[k].lex is not None):
                    prep = t.norm if not (info["host"] and t.norm in ("dan", "and", "&")) \
                        else "dan"
                    if t.norm == "dari":
                        info["dari"] = True
                    j = k
                    continue
                break
            if t.cap and (t.norm in INSTITUTION_WORDS or t.norm in self.lex.vocabulary
                          or t.norm.rstrip("s") in INSTITUTION_WORDS
                          or t.norm.rstrip("s") in self.lex.vocabulary) and t.norm not in (
                              "president", "presiden"):
                info["words"].append(t.text)
                j += 1
                last = j
                prep = None
                continue
            if _ACRONYM.fullmatch(t.text) and t.norm not in STOP_NAMES:
                info["words"].append(t.text)
                j += 1
                last = j
                prep = None
                continue
            break
        return last, info

    def _led_by(self, sent: Sentence, i: int, info: dict) -> None:
        """'Delegasi SEFOPE Timor-Leste yang dipimpin Sekretaris Negara X', 'a delegation of
        X led by Minister Y': the body the group belongs to is the bare title's."""
        toks = sent.toks
        k = i
        if k > 0 and toks[k - 1].norm == "oleh":
            k -= 1
        if k > 0 and toks[k - 1].norm in _LED_ID:
            k -= 1
        elif k > 1 and toks[k - 1].norm == "by" and toks[k - 2].norm in _LED_EN:
            k -= 2
        else:
            return
        if k > 0 and toks[k - 1].norm in ("yang", "which", "that"):
            k -= 1
        stop = toks[k].start
        clause = sent.text.rfind(",", 0, stop - sent.start)
        begin = max(sent.start + clause + 1, stop - 160)
        org = country = None
        for m in self.orgs.book.in_range(begin, stop):
            if m.key.startswith("country:"):
                country = m
            elif m.role == "mention":
                org = m
        if org is not None:
            info["orgs"].append((org.key, org.start, org.end))
        if country is not None:
            info["countries"].append((country.key.split(":", 1)[1], country.start, country.end))

    def _countries_in(self, sent: Sentence) -> set[str]:
        if self._here is None or self._here[0] != sent.index:
            self._here = (sent.index, {m.ref for m in sent.matches
                                       if m.kind in ("country", "demonym")})
        return self._here[1]

    def _know(self, entry) -> None:
        """The lexicon body is one of the article's (built once per article)."""
        if entry.key not in self.orgs.book.info:
            self.orgs.book.add_info(_info_of(entry), None)

    def _comma_list(self, sent: Sentence, j: int) -> bool:
        """Token j goes on a list of fields 'A, B, dan C' (no title, no name in it)."""
        toks = sent.toks
        k = j
        while k < len(toks) and k - j < 8:
            t = toks[k]
            if k > j and sent.gap(k).strip() not in ("", ","):
                return False
            if t.norm in ("dan", "serta") and not t.cap:
                return k + 1 < len(toks) and not sent.gap(k + 1).strip() and \
                    self._field_word(toks[k + 1])
            if not self._field_word(t):
                return False
            k += 1
        return False

    def _field_word(self, t: Tok) -> bool:
        if not t.cap or (t.lex is not None and t.lex.kind == "title"):
            return False
        return (t.lex is not None and t.lex.kind == "subject") or t.norm in INSTITUTION_WORDS \
            or t.norm in self.lex.vocabulary

    def _org_mention_at(self, start: int):
        """The longest body (not a bare country) named from this offset on, else the first
        mention there."""
        if self._longest is None:
            self._longest = {}
            for m in self.orgs.book.mentions:
                if m.key.startswith("country:"):
                    continue
                old = self._longest.get(m.start)
                if old is None or m.end > old.end:
                    self._longest[m.start] = m
        return self._longest.get(start) or self.orgs.book.by_start.get(start)

    def _name_after(self, sent: Sentence, j: int,
                    after_paren: int | None = None) -> tuple[int, int, str] | None:
        toks = sent.toks
        if j >= len(toks):
            return None
        gap = sent.gap(j)
        if j == after_paren:
            gap = gap.replace(")", "", 1)
        comma = gap.strip() == ","
        if gap.strip() not in ("", ","):
            return None
        run = self._name_run(sent, j)
        if run is None:
            return None
        a, b = run
        if comma:
            # "Title, NAME" must end the clause: comma, full stop, verb, 'dan'
            nxt_gap = sent.gap(b + 1) if b + 1 < len(toks) else "."
            if b + 1 < len(toks) and nxt_gap.strip() == "" and toks[b + 1].cap:
                return None
        return a, b, _clean_name(sent.span_text(toks[a].start, toks[b].end))

    def _name_before(self, sent: Sentence, left: int) -> tuple[int, int, str] | None:
        """'Anita Rao, Direktur ...' / 'Yang Mulia Bapak Prof. Dr.Kemal Ozdemir, Menteri ...'."""
        toks = sent.toks
        if left == 0 or sent.gap(left).strip() != ",":
            return None
        b = left - 1
        a = b
        while a > 0 and _adjacent(sent, a) and self._nameish(toks[a - 1]):
            a -= 1
        while a <= b:
            h = _honorifics_end(sent, a, b + 1)
            if h > a:
                a = h
            elif toks[a].norm in INSTITUTION_WORDS or toks[a].norm in STOP_NAMES \
                    or toks[a].norm in PARTICLES:
                a += 1
            else:
                break
        if a > b or not all(self._nameish(toks[k]) for k in range(a, b + 1)):
            return None
        if b - a > 5 or toks[b].norm in PARTICLES:
            return None
        if a > 0 and toks[a - 1].lex is not None and toks[a - 1].lex.kind == "title":
            return None
        return a, b, _clean_name(sent.span_text(toks[a].start, toks[b].end))

    def _nameish(self, t: Tok) -> bool:
        if t.norm in PARTICLES:
            return True
        if not t.cap:
            return False
        if t.lex is not None:
            return False
        return t.norm not in MONTH_WORDS and t.norm not in WEEKDAY_WORDS

    def _name_run(self, sent: Sentence, j: int) -> tuple[int, int] | None:
        toks = sent.toks
        # honorifics first: "Bapak Prof. Dr. X", "H.E. Mr. X", "Datuk Seri X"
        j = _honorifics_end(sent, j, len(toks))
        while j < len(toks) and toks[j].cap and (toks[j].norm in INSTITUTION_WORDS) \
                and j + 1 < len(toks) and toks[j + 1].cap:
            j += 1          # "Besar William ..." left over from a split title
        if j >= len(toks):
            return None
        a = j
        b = None
        caps = 0
        while j < len(toks):
            t = toks[j]
            if j > a and not _name_gap(sent.gap(j)):
                break
            if t.norm in PARTICLES and not t.cap and j > a:
                j += 1
                continue
            if j > a and not t.cap and sent.gap(j) == "-" and t.text.isalpha():
                b = j          # "Hsin-yi", "Jae-won"
                j += 1
                continue
            if not self._good_name_token(t):
                break
            b = j
            caps += 1
            j += 1
            if caps >= 6:
                break
        if b is None:
            return None
        while b > a and toks[b].norm in PARTICLES:
            b -= 1
        # a lone initial is no name
        if b == a and len(toks[a].text) == 1:
            return None
        if toks[a].norm == "hj" or (toks[a].norm == "h" and b - a >= 2):
            a += 1
        return a, b

    def _good_name_token(self, t: Tok) -> bool:
        if not t.cap or t.norm in STOP_NAMES:
            return False
        if t.lex is not None:
            return False
        if t.norm in MONTH_WORDS or t.norm in WEEKDAY_WORDS:
            return False
        if t.norm in INSTITUTION_WORDS or t.norm.rstrip("s") in INSTITUTION_WORDS:
            return False
        if len(t.text) > 1 and t.text.isupper() and len(t.text) > 3:
            return False
        if any(c.isdigit() for c in t.text):
            return False
        return True

    # -- roles -----------------------------------------------------------------
    def _role(self, sent: Sentence, left: int, i: int, end: int, q_end: int,
              entry: TitleEntry | None, kind: str, info: dict) -> RoleInfo:
        toks = sent.toks
        start = toks[left].start
        stop = toks[q_end - 1].end if q_end > 0 else toks[end - 1].end
        # trailing Indonesian ministry / RI is the agency, not part of the role
        has_subject = bool(info["subjects"] or info["words"])
        trail_cut = stop
        if has_subject:
            for key, s, e in sorted(info["orgs"] + info["countries"], key=lambda x: -x[1]):
                if e >= trail_cut - 1 and s > toks[end - 1].end:
                    org = self.orgs.book.info.get(key)
                    c = org.country if org else None
                    if key == "country:ID" or key == "ID" or (c == "ID" and org.kind != "country"):
                        trail_cut = s
        if info.get("lower"):
            # 'director general of labour at Malaysia's Ministry of X': the body is the agency
            for key, s, e in sorted(info["orgs"] + info["countries"], key=lambda x: x[1]):
                if s > toks[end - 1].end and sent.text[:s - sent.start].endswith(" at "):
                    trail_cut = min(trail_cut, s)
                    break
        text = _strip_parens(sent.text[start - sent.start:trail_cut - sent.start])
        if ")" in text and "(" not in text:
            text = _SPACES.sub(" ", text.replace(")", " ")).strip()     # 'TETO) in X Representative'

        text = _TRAIL_COMMA.sub("", text).strip(" ,")
        text = _TRAIL_WORD.sub("", text)
        role = RoleInfo(text=text, title_key=entry.key if entry else None, title_kind=kind,
                        has_subject=has_subject, confidence=0.9 if entry else 0.75)
        role.bare = left == i and not (info["orgs"] or info["countries"] or info["subjects"]
                                       or info["words"] or info["paren"] or info.get("hosts"))
        role.aliases = [a for a in info["paren"] if a]
        for p in info["paren"]:
            t2 = self.lex.title(p.split()[0]) if p.split() else None
            if t2 is not None and role.title_key is None:
                role.title_key = t2.key
        info["role_text"] = text
        self._agency(role, sent, left, i, end, entry, kind, info)
        return role

    def _agency(self, role: RoleInfo, sent: Sentence, left: int, i: int, end: int,
                entry: TitleEntry | None, kind: str, info: dict) -> None:
        toks = sent.toks
        countries = [c for c, _, _ in info["countries"]]
        for k in range(left, i):        # "German Ambassador", "India's ... Minister"
            lx = toks[k].lex
            if lx is not None and lx.kind in ("country", "demonym") and lx.ref not in countries:
                countries.insert(0, lx.ref)
        foreign = next((c for c in countries if c != "ID"), None)
        country = countries[0] if countries else None
        units = []
        seen_units: set[str] = set()
        for key, _, _ in info["subjects"]:
            o = self.lex.orgs.get(key)
            if o is not None and key not in seen_units:
                seen_units.add(key)
                units.append(o)
        want_unit = entry.unit if entry else None
        # a body named with the title says whose unit it is ('... Kementerian Tenaga Kerja Qatar')
        org_countries = set()
        for key, _, _ in info["orgs"]:
            inf = self.orgs.book.info.get(key)
            if inf is not None and inf.country:
                org_countries.add(inf.country)
        if foreign is None and org_countries:
            units = [u for u in units if u.country in org_countries]
        if _regional_title(role.text):
            units = []          # 'Kepala Dinas Tenaga Kerja ... Jawa Barat': no national unit
        unit = None
        if units:
            # a field several countries name ('Manpower', 'Tenaga Kerja'): the country named
            # with the title, else one the sentence names, else the unit the title heads
            here = self._countries_in(sent) if foreign is None and len(units) > 1 else set()
            unit = min(units, key=lambda u: (
                foreign is not None and u.country != foreign,
                foreign is None and len(units) > 1 and u.country not in here,
                not (want_unit and u.unit == want_unit)))
        agency: list[str] = []
        subject_text = self._subject_text(sent, end, info)
        if unit is not None and (foreign is None or unit.country == foreign):
            agency.append(unit.key)
            self._know(unit)
            self.orgs._ancestors(unit)
            if entry is not None and (entry.full_id or entry.full_en) and self.lang == "id" \
                    and unit.country == "ID":
                subj = unit.subject_id or unit.subject_en
                full = entry.full_id or entry.full_en
                for key, s0, e0 in info["subjects"]:
                    written = sent.span_text(s0, e0) if key == unit.key else ""
                    if subj and len(norm(written)) > len(norm(subj)) and \
                            norm(written).startswith(norm(subj) + " "):
                        subj = written      # 'Kerja Sama Luar Negeri': the longer name written
                        break
                if subj and not norm(full).endswith(norm(subj)):
                    role.full = f"{full} {subj}"
        for key, _, _ in info["orgs"]:
            if key not in agency:
                agency.append(key)
        # "Sekretaris Jenderal Kementerian X" heads X's Secretariat General, a unit of its own
        if entry is not None and entry.unit == "sekretariat" and agency and unit is None:
            head_unit = next((c for c in self.lex.children(agency[0]) if c.unit == entry.unit), None)
            if head_unit is not None:
                agency.insert(0, head_unit.key)
                self._know(head_unit)
                self.orgs._ancestors(head_unit)
        if not agency and entry is not None and entry.implies and foreign is not None \
                and entry.implies in self.lex.orgs:
            other = foreign_counterpart(self.lex.orgs[entry.implies], foreign, self.lex)
            if other is not None:
                agency.append(other.key)
                self._know(other)
        if not agency and entry is not None and entry.implies and foreign is None:
            agency.append(entry.implies)
            if entry.implies in self.lex.orgs:
                self._know(self.lex.orgs[entry.implies])
                self.orgs._ancestors(self.lex.orgs[entry.implies])
            if self.lang == "id" and (entry.full_id or entry.full_en):
                role.full = role.full or entry.full_id or entry.full_en
        # a foreign country named with an Indonesian unit: that country's counterpart
        if foreign is not None and agency:
            first = self.lex.orgs.get(agency[0])
            if first is not None and first.country == "ID":
                other = foreign_counterpart(first, foreign, self.lex)
                agency = [other.key] if other is not None else []
                if other is not None:
                    self._know(other)
        if not agency and _regional_title(role.text):
            name = role.text.split(None, 1)[1]
            agency.append(self.orgs.book.named(name, self.lang) or self.orgs.add_made(
                name, "government", "ID", None, 0, 0, inferred=True, conf=0.6))
        if not agency:
            key = self._infer_org(role, kind, subject_text, foreign or country, info, sent)
            if key:
                agency.append(key)
        # units named with their ministry: "Direktur Pengupahan Kementerian Ketenagakerjaan"
        if len(agency) >= 2:
            a0 = self.orgs.book.info.get(agency[0])
            if a0 is not None and not a0.parent and not a0.lexical and agency[1] != a0.key:
                a0.parent = agency[1]
        # complete the chain of parents
        chain: list[str] = []
        for key in agency:
            if key not in chain:
                chain.append(key)
            p = self._parent(key)
            seen = 0
            while p and p not in chain and seen < 5:
                chain.append(p)
                p = self._parent(p)
                seen += 1
        chain = [k for k in chain if k]
        # the unit and its ministry; levels in between are not the person's agency
        role.agency = chain[:1] + chain[-1:] if len(chain) > 2 else chain
        if kind == "minister" and self.lang == "id" and role.agency:
            first = self.orgs.book.info.get(role.agency[0])
            rest = _PORTFOLIO.split(_after_head(role.text))[0].strip()
            label = first.labels.get("id", "") if first is not None else ""
            if first is not None and first.country not in (None, "ID") and rest and \
                    first.kind == "government" and first.unit != "embassy" and \
                    not _MINISTRY_WORD.match(rest) and \
                    not set(norm(rest).split()) <= set(norm(label).split()) and \
                    not any(_MINISTRY_WORD.match(f) for f in first.forms):
                # the ministry as the title names it, unless the article writes its name
                self.orgs.book.add_info(first, f"Kementerian {rest}")
        for key in role.agency:
            inf = self.orgs.book.info.get(key)
            if inf is not None and inf.country:
                role.country = inf.country
                break
        intergov = bool(role.agency) and all(
            (self.orgs.book.info.get(k).kind if self.orgs.book.info.get(k) else "") ==
            "intergovernmental" for k in role.agency)
        if role.country is None and not intergov:
            role.country = foreign or country or (self.home if kind != "counterpart" else None)
        if not role.agency and role.country:
            ck = self.orgs.add_country(role.country, None, 0, 0)
            role.agency = [ck] if ck else []
        elif len(role.agency) == 1 and role.country:
            # an embassy sits in no ministry the article names: its country is the other tie
            inf = self.orgs.book.info.get(role.agency[0])
            if inf is not None and inf.unit == "embassy":
                ck = self.orgs.add_country(role.country, None, 0, 0)
                if ck and ck != role.agency[0]:
                    role.agency.append(ck)
        # countries a title is "for" ("untuk Indonesia dan Timor-Leste") are no parties
        for code, start in info.get("hosts", []):
            mm = self.orgs.book.by_start.get(start)
            if mm is not None and mm.key == f"country:{code}":
                mm.role = "in-title"

    def _parent(self, key: str) -> str | None:
        inf = self.orgs.book.info.get(key)
        if inf is not None and inf.parent:
            return inf.parent
        o = self.lex.orgs.get(key)
        return o.parent if o else None

    def _subject_text(self, sent: Sentence, end: int, info: dict) -> str:
        words = info["words"]
        if not words and self.lang == "en":
            # "External Affairs Minister": the field stands before the head
            m = _FIELD_BEFORE.search(info.get("role_text", ""))
            if m:
                return " ".join(w for w in m.group(1).split()
                                if w.lower() not in ("deputy", "vice", "acting", "senior")
                                and not self.lex.country(w))
        if not words and info["subjects"]:
            # a known field whose unit is another country's ('Labour and Welfare' in Japan)
            spans = sorted({(s0, e0) for _, s0, e0 in info["subjects"]})
            return " ".join(sent.span_text(s0, e0) for s0, e0 in spans)
        return " ".join(words)

    def _infer_org(self, role: RoleInfo, kind: str, subject: str, country: str | None,
                   info: dict, sent: Sentence) -> str | None:
        """The body a title implies when the lexicon does not know it."""
        text = role.text
        if kind == "ambassador":
            home = country
            host = info.get("host")
            if home is None:
                return None
            if host is None and self.lang == "id" and home != "ID":
                host = "ID"
            return self.orgs.add_embassy(home, host, text, None, 0, 0, inferred=True)
        if kind == "counterpart":
            return None
        if kind == "head_of_state":
            return None
        if not subject or info.get("lower"):
            return None
        cname = None
        if country and country in self.lex.countries:
            c = self.lex.countries[country]
            cname = c.name_id if self.lang == "id" else c.name_en
        words = text.split()
        tail = ""
        if self.lang == "id":
            head = {"minister": "Kementerian", "dirjen": "Direktorat Jenderal",
                    "direktur": "Direktorat", "sesditjen": "Direktorat Jenderal"}.get(kind)
            if head is None:
                return None
            # the written words after the title head, country included
            rest = _PORTFOLIO.split(_after_head(text))[0].strip()
            if not rest:
                return None
            name = f"{head} {rest}"
            if country and country != "ID" and cname and norm(cname) not in norm(name):
                name = f"{name} {cname}"
        else:
            head = {"minister": "Ministry", "dirjen": "Directorate General",
                    "direktur": "Directorate"}.get(kind)
            if head is None:
                return None
            m = _FIELD_AFTER.search(text)
            if m:
                name = f"{head} of {m.group(1)}"
            else:
                name = f"{head} of {subject}"
        country = country or self.home
        entry = lexicon_org_for(name, country, self.lex)
        if entry is not None:
            self.orgs.book.add_info(_info_of(entry), name)
            self.orgs._ancestors(entry)
            return entry.key
        parent = None
        if info["orgs"]:
            parent = info["orgs"][0][0]
        # the same name written in the article is the same body
        known = self.orgs.book.named(name, self.lang)
        if known is not None:
            return known
        return self.orgs.add_made(name, "government", country, None, 0, 0, parent=parent,
                                  inferred=True, conf=0.6)


def _token_after(toks, j: int, end: int) -> int:
    """Index of the first token from j on that ends after `end`."""
    while j < len(toks) and toks[j].end <= end:
        j += 1
    return j


def _info_of(entry):
    from labourkg.loaders.extract.organizations import org_info
    return org_info(entry)


_REGIONAL_TITLE = re.compile(r"(?:Kepala|Plt\.?\s+Kepala|Head\s+of)\s+(?:Dinas|Disnaker\w*)\s+\S")


def _regional_title(text: str) -> bool:
    """'Kepala Dinas Tenaga Kerja dan Transmigrasi Jawa Barat': a province's or district's office."""
    return bool(_REGIONAL_TITLE.match(text))


_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,9}")
_TRAIL_COMMA = re.compile(r"\s*,\s*$")
_TRAIL_WORD = re.compile(r"\s+(?:at|of|for|in|di|dari|untuk|pada|and|dan|&)$")
_FIELD_BEFORE = re.compile(r"((?:[A-Z][\w-]*\s+){1,4})(?:Minister|Director|Secretary)\b")
_FIELD_AFTER = re.compile(r"\b(?:Minister|Director[- ]General|Director)\s+(?:of|for)\s+(.+)$")
# where a position's own portfolio starts after its ministry ('... Arab Saudi bidang Urusan X')
_PORTFOLIO = re.compile(r"\s+(?:bidang|untuk\s+urusan|urusan)\s", re.I)
_MINISTRY_WORD = re.compile(r"(?i)(?:kementerian|ministry|departemen|department)\b")


_HEAD_WORDS = re.compile(r"^(?:Wakil\s+)?(?:Menteri|Direktur\s+Jenderal|Dirjen|Direktur|Sekretaris\s+"
                         r"Direktorat\s+Jenderal|Sesditjen)\s+(?:dari\s+)?(.+)$")


def _after_head(text: str) -> str:
    m = _HEAD_WORDS.match(text)
    return m.group(1).strip() if m else ""


def _name_gap(gap: str) -> bool:
    return gap in (" ", ". ", ".", "-", "'", "’") or (gap.strip() in ("", ".") and len(gap) <= 3
                                                       and "\n" not in gap)


_DEPUTY_WORDS = frozenset({"wakil", "deputy", "vice", "asisten", "assistant", "timbalan"})
_MAX_FULLER = 8          # fuller names looked at per word of a short mention (hostile text)
_LED_ID = frozenset({"dipimpin", "diketuai", "dikepalai"})
_LED_EN = frozenset({"led", "headed", "chaired"})
_TAIL_PREPS = frozenset({"untuk", "for", "bidang", "di", "in", "at", "of", "on", "pada"})
_RANK_WORDS = frozenset({"acting", "senior", "vice", "deputy", "assistant", "associate",
                         "principal", "interim", "executive"})
_PREPOSITIONS = CONNECTORS | {"at", "dari", "di"}
_DOTTED_HONORIFICS = frozenset({"eng", "engr", "atty"})     # only as "Eng." (also names)


def _honorifics_end(sent: Sentence, j: int, stop: int) -> int:
    """Index of the first token from j on that is not an honorific."""
    toks = sent.toks
    while j < stop and toks[j].cap:
        n = toks[j].norm
        if j + 1 < stop and (n, toks[j + 1].norm) in _HONORIFIC_PAIRS:
            j += 2
        elif n in _DOTTED_HONORIFICS:
            if j + 1 < len(toks) and sent.gap(j + 1).startswith("."):
                j += 1
            else:
                break
        elif n in HONORIFICS:
            j += 1
        else:
            break
    return j


def _subjects_of(t: Tok) -> list[tuple[str, int, int]]:
    """Every unit whose field the words starting at t name ('Manpower': several countries')."""
    out = [(m.ref, m.start, m.end) for m in t.alts if m.kind == "subject"]
    return out or [(t.lex.ref, t.lex.start, t.lex.end)] if t.lex is not None else out


_BULLET = re.compile(r"\s*[-–•*]\s")


def _name_tokens(name: str) -> list[str]:
    return [t for t in norm(name).split() if t not in HONORIFICS and t not in PARTICLES]


_PAREN = re.compile(r"\s*\([^()]*\)")
_UNCLOSED = re.compile(r"\s*\([^()]*$")
_SPACES = re.compile(r"\s+")


def _strip_parens(text: str) -> str:
    return _SPACES.sub(" ", _UNCLOSED.sub("", _PAREN.sub("", text))).strip()


def _clean_name(name: str) -> str:
    return _SPACES.sub(" ", name).strip(" ,.;:")
