"""Organisations and countries named in a body: lexicon names plus patterns for unknown bodies.

Patterns (all over capitalisation and institution words, no names of particular
bodies): "Long Name (ACR)", "ACR (Long Name)", head-initial bodies
("Kementerian X Y", "Ministry of X", "Kelompok Kerja ..."), embassies
("Kedutaan Besar Jepang", "KBRI Tokyo", "Embassy of X in Y"), country offices of
international bodies ("IOM Indonesia"), programmes ("program Triple Win"),
regional governments and companies (PT ...). Countries count as mentions
except where they only qualify a place ("Baku, Azerbaijan").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from labourkg.graph.iris import slug
from labourkg.loaders.lexicon import CountryEntry, Lexicon, OrgEntry, norm, norm_tokens
from labourkg.loaders.extract.spans import INSTITUTION_WORDS, Sentence, Tok

CONNECTORS = frozenset({"of", "for", "and", "dan", "&", "the", "on", "fur", "für", "de", "du",
                        "des", "la", "le", "del", "untuk", "to", "in", "pada", "bidang"})
ORG_HEADS = frozenset("""organisasi organization organisation komite committee body badan dewan
council kementerian ministry departemen department agency agentur bundesagentur bundesministerium
corporation corp group company association asosiasi serikat union federasi federation konfederasi
confederation kamar chamber institute institut lembaga yayasan foundation network bureau biro
office kantor pusat centre center commission komisi authority otoritas dinas balai bank fund
secretariat sekretariat embassy kedutaan konsulat perhimpunan persatuan ikatan himpunan koperasi
pt tbk ltd inc llc gmbh kelompok forum alliance aliansi directorate direktorat ditjen
inspectorate inspektorat service services council""".split())
PROGRAMME_HEADS = frozenset({"program", "programme", "programs", "programmes", "project",
                             "proyek", "initiative", "inisiatif", "scheme", "skema"})
AGREEMENT_WORDS = frozenset("""memorandum mou moc protocol protokol agreement perjanjian
framework declaration deklarasi convention konvensi treaty pact accord arrangement charter
kesepakatan piagam nota""".split())
# heads that start a body's name; the rest of the name must be institution words
_HEAD_START = frozenset("""kementerian kemenko departemen ministry department direktorat ditjen
badan biro pusat dinas balai komite komisi dewan kelompok serikat konfederasi federasi asosiasi
lembaga yayasan bureau office committee commission council federal bundesministerium
bundesagentur inspektorat directorate secretariat sekretariat perhimpunan""".split())
_OFFICE_HEADS = frozenset({"kantor", "office", "perwakilan", "markas"})
_REGIONAL = re.compile(r"\b(?:Pemerintah\s+(?:Provinsi|Kabupaten|Kota)|Pemprov|Pemkab|Pemkot)"
                       r"\s+((?:[A-Z][\w'-]*)(?:\s+[A-Z][\w'-]*){0,2})")
_COMPANY = re.compile(r"\bPT\.?\s+((?:[A-Z][\w&'-]*\.?)(?:\s+[A-Z][\w&'-]*\.?){0,4})")
_EMBASSY_ID = re.compile(
    r"\b(?P<head>Kedutaan\s+Besar|Kedubes|Konsulat\s+Jenderal|Konjen)\s+"
    r"(?P<home>Republik\s+Indonesia|RI\b|(?:Kerajaan\s+|Republik\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)"
    r"(?:\s*\((?P<acr>[A-Z]{3,6})\))?"
    r"(?:\s+(?:di|untuk)\s+(?P<host>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?))?")
_EMBASSY_ACR = re.compile(r"\b(?P<acr>KBRI|KJRI)\s+(?:di\s+)?(?P<host>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)")
_EMBASSY_EN = re.compile(
    r"\b(?:(?P<dem>[A-Z][\w'-]*)\s+Embassy|Embassy\s+of\s+(?:the\s+)?(?P<home>[A-Z][\w'.-]*"
    r"(?:\s+[A-Z][\w'-]*){0,2}?))(?:\s+(?:in|to)\s+(?P<host>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?))?")
# Words every match of the patterns above contains: a sentence with none of them is not
# searched (nearly all sentences, and a test for a word is far cheaper than a search).
_EMBASSY_WORDS = ("Kedutaan", "Kedubes", "Konsulat", "Konjen", "KBRI", "KJRI", "Embassy")
_REGIONAL_WORDS = ("Pemerintah", "Pemprov", "Pemkab", "Pemkot", "PT")
_ACR_TOKEN = re.compile(r"^[A-Z][A-Za-z0-9&-]{1,11}$")


@dataclass
class OrgInfo:
    """What is known of one organisation key in this article."""

    key: str
    kind: str
    country: str | None = None          # ISO code
    parent: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    forms: list[str] = field(default_factory=list)   # as written in the article, first seen first
    lexical: bool = False                # from the lexicon (vs a pattern)
    inferred: bool = False               # never written, inferred from a title
    unit: str | None = None
    sector: str | None = None


@dataclass
class OrgMention:
    start: int
    end: int
    text: str
    sentence: int
    key: str
    role: str = "mention"                # mention | place | in-title | in-name
    confidence: float = 0.9


@dataclass
class OrgBook:
    """All organisations of one article: info by key and every mention."""

    info: dict[str, OrgInfo] = field(default_factory=dict)
    mentions: list[OrgMention] = field(default_factory=list)
    _sorted: list[OrgMention] = field(default_factory=list, repr=False, compare=False)
    _starts: list[int] = field(default_factory=list, repr=False, compare=False)
    _dirty: bool = field(default=False, repr=False, compare=False)
    by_start: dict[int, OrgMention] = field(default_factory=dict, repr=False, compare=False)
    _by_name: dict[tuple[str, str], str] = field(default_factory=dict, repr=False, compare=False)

    def add_info(self, info: OrgInfo, form: str | None = None) -> OrgInfo:
        old = self.info.get(info.key)
        if old is None:
            self.info[info.key] = old = info
            for f in old.forms:
                self._by_name.setdefault(("", norm(f)), old.key)
        else:
            old.country = old.country or info.country
            old.parent = old.parent or info.parent
            old.inferred = old.inferred and info.inferred
            for k, v in info.labels.items():
                old.labels.setdefault(k, v)
        for k, v in old.labels.items():
            self._by_name.setdefault((k, norm(v)), old.key)
        if form:
            form = re.sub(r"['’]s$", "", form.strip())
        if form and form not in old.forms:
            old.forms.append(form)
            self._by_name.setdefault(("", norm(form)), old.key)
        return old

    def named(self, name: str, lang: str) -> str | None:
        """The body already met under this name (a written form, or its label in `lang`)."""
        n = norm(name)
        return self._by_name.get(("", n)) or self._by_name.get((lang, n))

    def mention(self, m: OrgMention) -> None:
        self.mentions.append(m)
        self.by_start.setdefault(m.start, m)
        self._dirty = True

    def in_range(self, start: int, end: int) -> list[OrgMention]:
        if self._dirty or len(self._sorted) != len(self.mentions):
            self._sorted = sorted(self.mentions, key=lambda m: (m.start, m.end))
            self._starts = [m.start for m in self._sorted]
            self._dirty = False
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self._sorted) and self._sorted[i].start < end:
            if self._sorted[i].end <= end:
                out.append(self._sorted[i])
            i += 1
        return out


_TAKES_THE = frozenset("united republic kingdom islands emirates states federation netherlands "
                       "philippines maldives bahamas gambia".split())


def with_the(country: str) -> str:
    """'the Philippines', 'the United States', but 'Japan', 'Saudi Arabia'."""
    return f"the {country}" if _TAKES_THE & set(country.lower().split()) else country


# -- sectors: foreign ministries of the same field in one country are one body ----------
_SECTORS = {
    "labour": ("ketenagakerjaan", "tenaga kerja", "labor", "manpower", "employment",
               "perburuhan", "trabajo", "arbeit", "human resources", "sumber daya manusia"),
    "foreign": ("luar negeri", "foreign", "external affairs", "auswartiges"),
    "migrant": ("migran", "migrant"),
}


def sector(name: str) -> str | None:
    n = " " + norm(name) + " "
    for sec, words in _SECTORS.items():
        if any(f" {w} " in n or n.startswith(f" {w}") for w in words):
            if sec == "labour" and any(f" {w} " in n for w in _SECTORS["migrant"]):
                return "migrant"
            return sec
    return None


def org_info(entry: OrgEntry) -> OrgInfo:
    return OrgInfo(key=entry.key, kind=entry.kind, country=entry.country, parent=entry.parent,
                   labels=entry.labels(), lexical=True, unit=entry.unit,
                   sector=sector(entry.name_en or entry.name_id))


def country_info(c: CountryEntry) -> OrgInfo:
    return OrgInfo(key=c.key, kind="country", country=c.code, labels=c.labels(), lexical=True)


def made_key(name: str, country: str | None) -> str:
    base = slug(name, 60)
    return f"{country.lower()}.{base}" if country else base


def _country_code_in(lexicon: Lexicon, text: str) -> str | None:
    c = lexicon.country(text)
    if c:
        return c.code
    return lexicon.country_of_place(text)


def _strip_country(name: str, lexicon: Lexicon) -> tuple[str, str | None]:
    """'Kementerian X Turki' -> ('Kementerian X', 'TR')."""
    words = name.split()
    for k in (3, 2, 1):
        if len(words) > k:
            tail = " ".join(words[-k:])
            c = lexicon.country(tail)
            if c and norm(tail) not in lexicon.demonym_index:
                return " ".join(words[:-k]), c.code
            if k == 2 and words[-2].lower() == "kerajaan":
                c = lexicon.country(words[-1])
                if c:
                    return " ".join(words[:-2]), c.code
    return name, None


def lexicon_org_for(name: str, country: str | None, lexicon: Lexicon) -> OrgEntry | None:
    """A lexicon body for a written or inferred name, with its country when given."""
    cands = lexicon.orgs_named(name)
    if not cands:
        bare, code = _strip_country(name, lexicon)
        if bare != name:
            cands = lexicon.orgs_named(bare)
            country = country or code
    for o in cands:
        if country is None or o.country in (None, country):
            return o
    return None


def foreign_counterpart(entry: OrgEntry, code: str, lexicon: Lexicon) -> OrgEntry | None:
    """The body of country `code` in the same field as Indonesian `entry` (labour -> labour)."""
    sec = sector(entry.name_en or entry.name_id)
    if sec is None:
        return None
    best = None
    for o in lexicon.orgs.values():
        if o.country != code or o.kind != "government":
            continue
        if o.unit not in (None, "ministry", "department"):
            continue
        if sector(o.name_en or o.name_id) == sec:
            if best is None or o.key < best.key:
                best = o
    return best


class OrgFinder:
    """Finds organisation mentions sentence by sentence."""

    def __init__(self, lexicon: Lexicon, lang: str):
        self.lex = lexicon
        self.lang = lang
        self.book = OrgBook()

    # -- registration helpers ------------------------------------------------
    def add_lexical(self, entry: OrgEntry, sent: Sentence, start: int, end: int,
                    role: str = "mention", conf: float = 0.95) -> str:
        self.book.add_info(org_info(entry), sent.span_text(start, end))
        self._ancestors(entry)
        self.book.mention(OrgMention(start, end, sent.span_text(start, end), sent.index,
                                     entry.key, role, conf))
        return entry.key

    def _ancestors(self, entry: OrgEntry) -> None:
        seen = set()
        p = entry.parent
        while p and p in self.lex.orgs and p not in seen:
            seen.add(p)
            if p not in self.book.info:
                self.book.add_info(org_info(self.lex.orgs[p]))
            p = self.lex.orgs[p].parent

    def add_country(self, code: str, sent: Sentence | None, start: int, end: int,
                    role: str = "mention") -> str:
        c = self.lex.countries.get(code)
        if c is None:
            return ""
        form = sent.span_text(start, end) if sent else None
        self.book.add_info(country_info(c), form)
        if sent is not None:
            self.book.mention(OrgMention(start, end, form or "", sent.index, c.key, role, 0.95))
        return c.key

    def add_made(self, name: str, kind: str, country: str | None, sent: Sentence | None,
                 start: int, end: int, parent: str | None = None, role: str = "mention",
                 conf: float = 0.7, inferred: bool = False, acronym: str | None = None,
                 key: str | None = None) -> str:
        """An unknown body (or a lexicon one when the name turns out to be known)."""
        entry = lexicon_org_for(name, country, self.lex) or (
            lexicon_org_for(acronym, country, self.lex) if acronym else None)
        if entry is not None:
            if sent is not None:
                self.add_lexical(entry, sent, start, end, role, conf)
            else:
                self.book.add_info(org_info(entry))
                self._ancestors(entry)
            if acronym:
                self.book.add_info(org_info(entry), acronym)
            return entry.key
        key = key or made_key(acronym if acronym and len(name) > 60 else name, country)
        info = OrgInfo(key=key, kind=kind, country=country, parent=parent,
                       labels={self.lang: name}, inferred=inferred, sector=sector(name),
                       unit="ministry" if norm_tokens(name)[:1] in (("kementerian",),
                                                                   ("ministry",)) else None)
        got = self.book.add_info(info, None if inferred else name)
        if acronym:
            self.book.add_info(info, acronym)
        if got.key != key:
            return got.key
        if sent is not None and not inferred:
            self.book.mention(OrgMention(start, end, sent.span_text(start, end), sent.index,
                                         key, role, conf))
        if country and country in self.lex.countries:
            self.book.add_info(country_info(self.lex.countries[country]))
        return key

    # -- the scan ------------------------------------------------------------
    def run(self, sentences: list[Sentence]) -> OrgBook:
        for sent in sentences:
            self._lexical(sent)
            self._embassies(sent)
            self._acronym_defs(sent)
            self._heads(sent)
            self._offices(sent)
            self._programmes(sent)
            self._regional(sent)
        self._acronym_reuse(sentences)
        return self.book

    def _lexical(self, sent: Sentence) -> None:
        toks = sent.toks
        done: set[int] = set()
        for i, t in enumerate(toks):
            m = t.lex
            if m is None or m.start in done or m.start != t.start:
                continue
            done.add(m.start)
            if m.kind == "org":
                entry = self.lex.orgs[m.ref]
                j = self._span_end(sent, i, m.end)
                nxt = toks[j] if j is not None else None
                # "Kementerian Tenaga Kerja dan Ketenagakerjaan Brasil": the name goes on to a country
                if nxt is not None and entry.country == "ID" and entry.unit == "ministry" and \
                        _adjacent(sent, j) and nxt.norm == "dan":
                    k = j + 1
                    while k < len(toks) and k - j <= 6 and _adjacent(sent, k) and toks[k].cap \
                            and (toks[k].lex is None or toks[k].lex.kind not in ("country", "org")):
                        k += 1
                    if k > j + 1 and k < len(toks) and _adjacent(sent, k) and toks[k].lex is not None \
                            and toks[k].lex.kind == "country" and toks[k].lex.ref != "ID":
                        code = toks[k].lex.ref
                        written = sent.span_text(m.start, toks[k].lex.end)
                        other = foreign_counterpart(entry, code, self.lex)
                        if other is not None:
                            self.add_lexical(other, sent, m.start, toks[k].lex.end)
                            self.book.add_info(org_info(other), written)
                        else:
                            self.add_made(written, "government", code, sent, m.start, toks[k].lex.end)
                        self.add_country(code, sent, toks[k].lex.start, toks[k].lex.end, "in-name")
                        done.add(toks[k].lex.start)
                        continue
                # "Kementerian Ketenagakerjaan Amerika Serikat": the US counterpart
                if (nxt is not None and entry.country == "ID" and nxt.lex is not None
                        and nxt.lex.kind == "country" and nxt.lex.ref != "ID"
                        and _adjacent(sent, j)):
                    code = nxt.lex.ref
                    other = foreign_counterpart(entry, code, self.lex)
                    written = sent.span_text(m.start, nxt.lex.end)
                    if other is not None:
                        self.add_lexical(other, sent, m.start, nxt.lex.end)
                        self.book.add_info(org_info(other), written)
                    else:
                        self.add_made(written, "government", code, sent, m.start, nxt.lex.end)
                    self.add_country(code, sent, nxt.lex.start, nxt.lex.end, "in-name")
                    done.add(nxt.lex.start)
                    continue
                self.add_lexical(entry, sent, m.start, m.end)
            elif m.kind == "country":
                role = "place" if _after_place(sent, i) else "mention"
                self.add_country(m.ref, sent, m.start, m.end, role)
            elif m.kind == "demonym":
                j = self._span_end(sent, i, m.end)
                if j is not None and toks[j].norm in _DEMONYM_HEADS:
                    self.add_country(m.ref, sent, m.start, m.end, "mention")

    def _span_end(self, sent: Sentence, i: int, end: int) -> int | None:
        for j in range(i, len(sent.toks)):
            if sent.toks[j].start >= end:
                return j
        return None

    def _acronym_defs(self, sent: Sentence) -> None:
        """'Long Name (ACR)' and 'ACR (Long Name)' for bodies the lexicon lacks."""
        text = sent.text
        for m in re.finditer(r"\(([^()]{1,120})\)", text):
            inner = m.group(1).strip()
            open_abs = sent.start + m.start()
            close_abs = sent.start + m.end()
            before = [i for i, t in enumerate(sent.toks) if t.end <= open_abs]
            if not before:
                continue
            if _ACR_TOKEN.match(inner) and " " not in inner:
                run = _cap_run_back(sent, before[-1])
                if run is None:
                    continue
                a, b = run
                words = [sent.toks[k].norm for k in range(a, b + 1)]
                if any(w in AGREEMENT_WORDS for w in words):
                    continue
                if sent.toks[a].lex is not None and sent.toks[a].lex.kind == "title":
                    continue
                prev = sent.toks[a - 1].norm if a > 0 else ""
                is_prog = prev in PROGRAMME_HEADS or words[-1] in PROGRAMME_HEADS
                if not (any(w in ORG_HEADS or w.startswith("bundes") for w in words)
                        or is_prog or _initials_match(inner, [sent.toks[k].text
                                                              for k in range(a, b + 1)])
                        and any(c.isdigit() for c in inner)):
                    continue
                if all(sent.toks[k].lex is not None for k in range(a, b + 1)):
                    lexkeys = {sent.toks[k].lex.ref for k in range(a, b + 1)
                               if sent.toks[k].lex.kind == "org"}
                    if lexkeys:
                        continue
                if any(mm.start <= sent.toks[a].start < mm.end and mm.key.split(".")[-1]
                       .startswith("embassy") for mm in self.book.in_range(sent.start, sent.end)):
                    continue
                name = sent.span_text(sent.toks[a].start, sent.toks[b].end)
                kind = "programme" if is_prog else _kind_of(words)
                country = self._country_near(sent, a, b)
                self.add_made(name, kind, country, sent, sent.toks[a].start, close_abs,
                              acronym=inner, conf=0.75)
            elif re.match(r"^[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|and|for|the|dan|&))+$",
                          inner):
                # ACR (Long Name): the acronym token(s) right before the parenthesis
                k = before[-1]
                t = sent.toks[k]
                if not (_ACR_TOKEN.match(t.text) and any(c.isupper() for c in t.text[1:])):
                    continue
                if t.lex is not None:
                    continue
                words = norm_tokens(inner)
                if not any(w in ORG_HEADS for w in words) or any(w in AGREEMENT_WORDS
                                                                  for w in words):
                    continue
                a = k
                if k > 0 and sent.toks[k - 1].acronym and sent.toks[k - 1].lex is not None \
                        and _adjacent(sent, k):
                    a = k - 1
                name = sent.span_text(sent.toks[a].start, t.end)
                self.add_made(name, _kind_of(words), None, sent, sent.toks[a].start, close_abs,
                              conf=0.75, acronym=None)
                self.book.add_info(self.book.info[self._last_key()], inner)

    def _last_key(self) -> str:
        return self.book.mentions[-1].key

    def _country_near(self, sent: Sentence, a: int, b: int) -> str | None:
        for k in range(a, min(b + 4, len(sent.toks))):
            lx = sent.toks[k].lex
            if lx is not None and lx.kind in ("country", "demonym"):
                return lx.ref
        return None

    def _heads(self, sent: Sentence) -> None:
        """'Kementerian Federal Ketenagakerjaan dan Sosial Jerman', 'Ministry of X'."""
        toks = sent.toks
        i = 0
        while i < len(toks):
            t = toks[i]
            if t.lex is not None or t.norm not in _HEAD_START or not t.cap:
                i += 1
                continue
            j = i + 1
            last = i
            country = None
            while j < len(toks) and _adjacent(sent, j):
                u = toks[j]
                if u.lex is not None and u.lex.kind in ("country", "demonym"):
                    country = u.lex.ref
                    last = j
                    j += 1
                    break
                if u.lex is not None and u.lex.kind == "org" and u.acronym:
                    last = j
                    j += 1
                    continue
                if u.lex is not None and u.lex.kind == "subject":
                    last = j
                    j += 1
                    continue
                if u.norm in CONNECTORS and j + 1 < len(toks) and toks[j + 1].cap:
                    j += 1
                    continue
                if u.cap and (u.norm in INSTITUTION_WORDS or u.norm in self.lex.vocabulary
                              or u.norm.rstrip("s") in INSTITUTION_WORDS
                              or re.fullmatch(r"[A-Z]+\d+", u.text)):
                    last = j
                    j += 1
                    continue
                break
            if last == i:
                i += 1
                continue
            # demonym in front: "Mexican Ministry of ..."
            if country is None and i > 0 and toks[i - 1].lex is not None \
                    and toks[i - 1].lex.kind == "demonym":
                country = toks[i - 1].lex.ref
            start, end = t.start, toks[last].end
            name = sent.span_text(start, end)
            if any(x.lex is not None and x.lex.kind == "title" for x in toks[i:last + 1]):
                i = last + 1
                continue
            if country is None and self.lang == "id" and t.norm in ("kementerian", "badan",
                                                                     "direktorat", "ditjen"):
                country = "ID"
            kind = _kind_of([x.norm for x in toks[i:last + 1]])
            self.add_made(name, kind, country, sent, start, end, conf=0.7)
            i = last + 1

    def _embassies(self, sent: Sentence) -> None:
        text = sent.text
        if not any(w in text for w in _EMBASSY_WORDS):
            return
        for m in _EMBASSY_ID.finditer(text):
            home = self._country_code(m.group("home"))
            if home is None:
                continue
            host = self._country_code(m.group("host")) if m.group("host") else None
            if host is None and home != "ID":
                host = "ID" if self.lang == "id" else None
            end = m.end() if m.group("host") and self._country_code(m.group("host")) \
                else (m.end("acr") + 1 if m.group("acr") else m.end("home"))
            written = re.sub(r"\s*\([^)]*\)", "", text[m.start():end]).strip()
            self.add_embassy(home, host, written, sent, sent.start + m.start(),
                             sent.start + end, m.group("acr"))
        for m in _EMBASSY_ACR.finditer(text):
            host = self._country_code(m.group("host"))
            if host is None:
                continue
            end = m.end()
            first = m.group("host").split()[0]
            if first != m.group("host") and self._country_code(first) == host:
                end = m.start("host") + len(first)      # "KBRI Tokyo NAME ...": a name follows
            self.add_embassy("ID", host, text[m.start():end], sent, sent.start + m.start(),
                             sent.start + end, m.group("acr"))
        for m in _EMBASSY_EN.finditer(text):
            home = self._country_code(m.group("dem") or m.group("home") or "")
            if home is None:
                continue
            host = self._country_code(m.group("host")) if m.group("host") else None
            end = m.end() if host else (m.end("dem") + len(" Embassy") if m.group("dem")
                                        else m.end("home"))
            self.add_embassy(home, host, text[m.start():end], sent, sent.start + m.start(),
                             sent.start + end, None)

    def _country_code(self, name: str | None) -> str | None:
        if not name:
            return None
        name = re.sub(r"^(?:Republik|Kerajaan|Republic of|Kingdom of)\s+", "", name.strip())
        words = name.split()
        for k in range(len(words), 0, -1):
            code = _country_code_in(self.lex, " ".join(words[:k]))
            if code:
                return code
        return None

    def add_embassy(self, home: str, host: str | None, written: str, sent: Sentence | None,
                    start: int, end: int, acronym: str | None = None,
                    inferred: bool = False) -> str:
        key = f"{home.lower()}.embassy" + (f"-{host.lower()}" if host else "")
        hc = self.lex.countries.get(home)
        hostc = self.lex.countries.get(host) if host else None
        labels = {}
        if hc:
            labels["id"] = f"Kedutaan Besar {hc.name_id or hc.name_en}" + (
                f" untuk {hostc.name_id or hostc.name_en}" if hostc and home != "ID" else
                (f" di {hostc.name_id or hostc.name_en}" if hostc else ""))
            labels["en"] = f"Embassy of {hc.name_en or hc.name_id}" + (
                f" in {with_the(hostc.name_en or hostc.name_id)}" if hostc else "")
        info = OrgInfo(key=key, kind="government", country=home, labels=labels,
                       inferred=inferred, unit="embassy")
        self.book.add_info(info, None if inferred else written)
        if acronym:
            self.book.add_info(info, acronym)
        if sent is not None and not inferred:
            self.book.mention(OrgMention(start, end, written, sent.index, key, "mention", 0.85))
        if hc:
            self.book.add_info(country_info(hc))
        return key

    def _offices(self, sent: Sentence) -> None:
        """'IOM Indonesia': an international body's office in a country."""
        toks = sent.toks
        for i in range(len(toks) - 1):
            a, b = toks[i], toks[i + 1]
            if a.lex is None or a.lex.kind != "org" or b.lex is None or b.lex.kind != "country":
                continue
            if a.lex.end != a.end or b.lex.start != b.start or not _adjacent(sent, i + 1):
                continue
            entry = self.lex.orgs.get(a.lex.ref)
            if entry is None or entry.kind != "intergovernmental":
                continue
            if i + 2 < len(toks) and _adjacent(sent, i + 2) and toks[i + 2].cap \
                    and toks[i + 2].lex is None:
                continue
            written = sent.span_text(a.lex.start, b.lex.end)
            key = f"{entry.key}.{b.lex.ref.lower()}"
            known = lexicon_org_for(written, None, self.lex)
            if known is not None:
                self.add_lexical(known, sent, a.lex.start, b.lex.end)
                continue
            info = OrgInfo(key=key, kind="intergovernmental", parent=entry.key,
                           labels={self.lang: written})
            self.book.add_info(info, written)
            self.book.mention(OrgMention(a.lex.start, b.lex.end, written, sent.index, key,
                                         "mention", 0.8))
            # the country names where the office sits, it is no party by itself
            m = self.book.by_start.get(b.lex.start)
            if m is not None and m.key.startswith("country:"):
                m.role = "in-name"

    def _programmes(self, sent: Sentence) -> None:
        toks = sent.toks
        for i, t in enumerate(toks[:-1]):
            if t.norm not in PROGRAMME_HEADS or t.cap and i > 0:
                continue
            if t.lex is not None:
                continue
            nxt = toks[i + 1]
            if not nxt.cap or nxt.lex is not None or sent.gap(i + 1) != " ":
                continue
            j = i + 1
            last = j
            while j + 1 < len(toks) and _adjacent(sent, j + 1):
                u = toks[j + 1]
                if u.cap and not (u.lex is not None and u.lex.kind == "title"):
                    last = j + 1
                    j += 1
                elif u.norm in CONNECTORS and j + 2 < len(toks) and toks[j + 2].cap:
                    j += 1
                else:
                    break
            words = [x.norm for x in toks[i + 1:last + 1]]
            if any(w in AGREEMENT_WORDS for w in words) or len(words) > 8:
                continue
            if all(x.lex is not None for x in toks[i + 1:last + 1]):
                continue
            # "(Acronym)" right after is part of the same programme
            start, end = nxt.start, toks[last].end
            name = sent.span_text(start, end)
            after = sent.text[end - sent.start:end - sent.start + 20]
            acr = re.match(r"\s*\(([A-Z][\w-]{1,15})\)", after)
            self.add_made(name, "programme", None, sent, start, end,
                          acronym=acr.group(1) if acr else None, conf=0.7)

    def _regional(self, sent: Sentence) -> None:
        if not any(w in sent.text for w in _REGIONAL_WORDS):
            return
        for m in _REGIONAL.finditer(sent.text):
            self.add_made(m.group(0), "government", "ID", sent, sent.start + m.start(),
                          sent.start + m.end(), conf=0.8)
        for m in _COMPANY.finditer(sent.text):
            name = m.group(0).rstrip(".")
            self.add_made(name, "employer", None, sent, sent.start + m.start(),
                          sent.start + m.start() + len(name), conf=0.7)

    def _acronym_reuse(self, sentences: list[Sentence]) -> None:
        """Acronyms defined for unknown bodies mark their later bare uses too."""
        acr_keys: dict[str, str] = {}
        for key, info in self.book.info.items():
            if info.lexical:
                continue
            for f in info.forms:
                if _ACR_TOKEN.match(f) and " " not in f and any(c.isupper() for c in f[1:]):
                    acr_keys[f] = key
        if not acr_keys:
            return
        seen = {(m.start, m.end) for m in self.book.mentions}
        for sent in sentences:
            here = self.book.in_range(sent.start, sent.end)
            for t in sent.toks:
                key = acr_keys.get(t.text)
                if key and t.lex is None and (t.start, t.end) not in seen \
                        and not any(m.start <= t.start < m.end for m in here):
                    self.book.mention(OrgMention(t.start, t.end, t.text, sent.index, key,
                                                 "mention", 0.7))


_DEMONYM_HEADS = frozenset({"government", "pemerintah", "ministry", "embassy", "ambassador",
                            "counterpart", "officials", "authorities", "delegation", "minister",
                            "president", "prime", "foreign", "labor", "labour", "side"})


def _kind_of(words: list[str]) -> str:
    ws = set(words)
    if ws & {"serikat", "union", "unions", "konfederasi", "confederation", "federasi",
             "federation"} and ws & {"pekerja", "buruh", "workers", "worker", "trade", "labour",
                                     "labor"}:
        return "union"
    if ws & {"pt", "tbk", "ltd", "inc", "llc", "gmbh", "corporation", "corp", "company",
             "group", "kamar", "chamber", "employers", "pengusaha", "apindo"}:
        return "employer"
    if ws & {"yayasan", "foundation", "ngo", "lsm"}:
        return "ngo"
    if ws & PROGRAMME_HEADS:
        return "programme"
    return "government" if ws & {"kementerian", "ministry", "departemen", "department", "badan",
                                 "direktorat", "ditjen", "agency", "bureau", "biro", "dinas",
                                 "bundesagentur", "bundesministerium", "federal", "office",
                                 "pemerintah", "kantor"} else "other"


def _adjacent(sent: Sentence, j: int) -> bool:
    """Token j follows token j-1 with only spacing or a joining mark between."""
    gap = sent.gap(j)
    return len(gap) <= 3 and gap.strip() in ("", "-", "–", "&", ".", "/")


def _after_place(sent: Sentence, i: int) -> bool:
    """'Baku, Azerbaijan' / 'di Berlin, Jerman': the country only says where a place is."""
    if i == 0 or sent.gap(i).strip() != ",":
        return False
    prev = sent.toks[i - 1]
    if prev.lex is not None and prev.lex.kind == "place":
        return True
    if prev.lex is None and prev.cap and not prev.acronym:
        # walk back over the capitalised place name to a preposition
        k = i - 1
        while k > 0 and sent.toks[k].cap and sent.toks[k].lex is None and _adjacent(sent, k):
            k -= 1
        before = sent.toks[k - 1].norm if sent.toks[k].cap and k > 0 else sent.toks[k].norm
        return before in ("di", "in", "at", "ke", "dari", "from", "to", "of") or \
            sent.toks[k].cap
    return False


def _cap_run_back(sent: Sentence, k: int) -> tuple[int, int] | None:
    """Capitalised run (with inner connectors) ending at token k."""
    toks = sent.toks
    if not (toks[k].cap or toks[k].text[:1].isdigit()):
        return None
    a = k
    while a > 0 and _adjacent(sent, a):
        p = toks[a - 1]
        if p.cap or p.text[:1].isdigit():
            a -= 1
        elif p.norm in CONNECTORS and a - 1 > 0 and (toks[a - 2].cap) and _adjacent(sent, a - 1):
            a -= 1
        else:
            break
        if k - a > 12:
            return None
    while a < k and (toks[a].norm in CONNECTORS or toks[a].norm in ("the",)
                     or toks[a].norm in _NOT_NAME_START):
        a += 1
    return a, k


# Capitalised at the start of a sentence or a phrase, but never the first word of a body's
# name: "Delegasi Sekretariat Negara ... (SEFOPE)", "Pihak Kementerian ...".
_NOT_NAME_START = frozenset("""delegasi delegation rombongan tim team pihak para perwakilan
pejabat officials official menurut according selain besides bersama together dalam in""".split())


def _initials_match(acr: str, words: list[str]) -> bool:
    letters = [c.lower() for c in acr if c.isalnum()]
    inits = [w[0].lower() if not w.isdigit() else w for w in words
             if w.lower() not in CONNECTORS]
    return "".join(inits) == "".join(letters)
