"""The lexicons: general knowledge the extractors look names up in.

`load_lexicon()` reads the packaged TSVs (countries, organizations, titles,
places, plus `supplement.tsv`) once and builds the indexes the extractors need:
normalised name -> entry, title forms, countries by name/demonym/capital/city,
and a token trie that finds every known name in a text in one linear pass.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import importlib.resources
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CountryEntry", "Lexicon", "LexMatch", "OrgEntry", "PlaceEntry", "TitleEntry",
           "load_lexicon", "norm", "norm_tokens", "tokens"]

ORG_COLUMNS = ("key", "kind", "country", "parent", "unit", "name_id", "name_en", "subject_id",
               "subject_en", "subject_aliases", "aliases")
COUNTRY_COLUMNS = ("code", "name_id", "name_en", "aliases", "demonym_id", "demonym_en",
                   "capital_id", "capital_en", "cities")
TITLE_COLUMNS = ("key", "full_id", "full_en", "forms", "unit", "implies", "rank")
PLACE_COLUMNS = ("name_id", "name_en", "country", "aliases")
TOPIC_COLUMNS = ("key", "label_id", "label_en", "forms")
ORG_KINDS = {"government", "intergovernmental", "programme", "union", "employer", "ngo",
             "other", "country"}

# One token: a word (letters/digits, inner apostrophes), or "&".
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|&")
# Spellings that differ only by variety of English are one name.
_SPELLING = {"labour": "labor", "organisation": "organization", "programme": "program",
             "centre": "center", "and": "dan", "&": "dan", "organisations": "organizations",
             "labours": "labors"}


def fold(text: str) -> str:
    """Accents removed (ü -> u), otherwise unchanged."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, surface) of every word token of `text`."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


@functools.lru_cache(maxsize=1 << 16)
def norm_token(tok: str) -> str:
    t = fold(tok).casefold().replace("’", "'")
    if t.endswith("'s"):
        t = t[:-2]
    return _SPELLING.get(t, t)


def norm_tokens(text: str) -> tuple[str, ...]:
    return tuple(norm_token(t) for _, _, t in tokens(text))


@functools.lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Casefolded, accents folded, punctuation and spacing folded: the lookup key."""
    return " ".join(norm_tokens(text))


def _split(cell: str | None) -> tuple[str, ...]:
    if not cell:
        return ()
    return tuple(v.strip() for v in cell.split("|") if v.strip())


@dataclass(frozen=True)
class OrgEntry:
    key: str
    kind: str
    country: str | None = None           # ISO alpha-2
    parent: str | None = None
    unit: str | None = None
    name_id: str = ""
    name_en: str = ""
    subject_id: str = ""
    subject_en: str = ""
    subject_aliases: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    def label(self, lang: str | None) -> str:
        if lang == "id":
            return self.name_id or self.name_en or self.key
        return self.name_en or self.name_id or self.key

    def labels(self) -> dict[str, str]:
        return {k: v for k, v in (("id", self.name_id), ("en", self.name_en)) if v}

    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name_id, self.name_en, *self.aliases) if n)


@dataclass(frozen=True)
class CountryEntry:
    code: str
    name_id: str = ""
    name_en: str = ""
    aliases: tuple[str, ...] = ()
    demonym_id: tuple[str, ...] = ()
    demonym_en: tuple[str, ...] = ()
    capital_id: str = ""
    capital_en: str = ""
    cities: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"country:{self.code}"

    def label(self, lang: str | None) -> str:
        if lang == "id":
            return self.name_id or self.name_en or self.code
        return self.name_en or self.name_id or self.code

    def labels(self) -> dict[str, str]:
        return {k: v for k, v in (("id", self.name_id), ("en", self.name_en)) if v}

    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name_id, self.name_en, *self.aliases) if n)


@dataclass(frozen=True)
class TitleEntry:
    key: str
    full_id: str = ""
    full_en: str = ""
    forms: tuple[str, ...] = ()
    unit: str | None = None
    implies: str | None = None
    rank: int = 3

    def full(self, lang: str | None) -> str:
        if lang == "id":
            return self.full_id or self.full_en
        return self.full_en or self.full_id


@dataclass(frozen=True)
class PlaceEntry:
    name_id: str = ""
    name_en: str = ""
    country: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicEntry:
    key: str
    label_id: str = ""
    label_en: str = ""
    forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class LexMatch:
    """A known name found in a text. `kind`: org, country, demonym, place, title, subject."""

    start: int
    end: int
    text: str
    kind: str
    ref: str            # org key, country code, title key, place name, or org key (subject)


@functools.lru_cache(maxsize=1 << 14)
def _is_strict(form_tok: str) -> bool:
    """Acronyms and CamelCase forms (AS, RI, MoU, KemnakerRI) must match case exactly."""
    letters = [c for c in form_tok if c.isalpha()]
    if not letters:
        return False
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return True
    return any(c.isupper() for c in letters[1:])


_END = "\0"


class Lexicon:
    """Indexes over the lexicon entries; build with `load_lexicon()`."""

    def __init__(self, orgs: Iterable[OrgEntry], countries: Iterable[CountryEntry],
                 titles: Iterable[TitleEntry], places: Iterable[PlaceEntry] = (),
                 topics: Iterable[TopicEntry] = ()):
        self.fingerprint = ""      # set by load_lexicon: a digest of the files read
        self.orgs: dict[str, OrgEntry] = {}
        for o in orgs:
            self.orgs[o.key] = o
        self.countries: dict[str, CountryEntry] = {c.code: c for c in countries}
        self.titles: dict[str, TitleEntry] = {t.key: t for t in titles}
        self.places: list[PlaceEntry] = list(places)
        self.topics: dict[str, TopicEntry] = {t.key: t for t in topics}
        self._topic_forms: dict[tuple[str, ...], str] = {}
        for t in self.topics.values():
            for f in (t.label_id, t.label_en, *t.forms):
                if f:
                    self._topic_forms.setdefault(norm_tokens(f), t.key)
        self._topic_len = max((len(k) for k in self._topic_forms), default=0)
        self.org_index: dict[str, list[str]] = {}
        self.subject_index: dict[str, list[str]] = {}
        self.country_index: dict[str, str] = {}
        self.demonym_index: dict[str, str] = {}
        self.place_index: dict[str, tuple[str, str | None]] = {}
        self.title_index: dict[str, str] = {}
        self.vocabulary: set[str] = set()
        self._trie: dict = {}
        self._comma_forms: set[tuple[str, ...]] = set()   # "Health, Labour and Welfare"
        self._build()

    # -- building -------------------------------------------------------
    def _add_form(self, form: str, kind: str, ref: str) -> None:
        toks = [t for _, _, t in tokens(form)]
        if not toks:
            return
        node = self._trie
        for t in toks:
            node = node.setdefault(norm_token(t), {})
        entries = node.setdefault(_END, [])
        if "," in form:
            self._comma_forms.add(tuple(toks))
        item = (tuple(toks), kind, ref)
        if item not in entries:
            entries.append(item)

    def _build(self) -> None:
        for code, c in sorted(self.countries.items()):
            for n in c.names():
                self.country_index.setdefault(norm(n), code)
                self._add_form(n, "country", code)
            for d in (*c.demonym_id, *c.demonym_en):
                self.demonym_index.setdefault(norm(d), code)
                self._add_form(d, "demonym", code)
            for p in (c.capital_id, c.capital_en, *c.cities):
                if p:
                    self.place_index.setdefault(norm(p), (p, code))
                    self._add_form(p, "place", p)
        for p in self.places:
            for n in (p.name_id, p.name_en, *p.aliases):
                if n:
                    self.place_index.setdefault(norm(n), (p.name_id or p.name_en, p.country))
                    self._add_form(n, "place", p.name_id or p.name_en)
        for key, o in sorted(self.orgs.items()):
            for n in o.names():
                keys = self.org_index.setdefault(norm(n), [])
                if key not in keys:
                    keys.append(key)
                self._add_form(n, "org", key)
            for s in (o.subject_id, o.subject_en, *o.subject_aliases):
                if s:
                    keys = self.subject_index.setdefault(norm(s), [])
                    if key not in keys:
                        keys.append(key)
                    self._add_form(s, "subject", key)
            for n in (*o.names(), o.subject_id, o.subject_en):
                self.vocabulary.update(t for t in norm_tokens(n) if len(t) > 2)
        # words of country and place names are names, not institution words ("Sri Lanka")
        for code, c in self.countries.items():
            for n in (*c.names(), c.capital_id, c.capital_en, *c.cities):
                self.vocabulary.difference_update(norm_tokens(n))
        for key, t in sorted(self.titles.items()):
            for f in (t.full_id, t.full_en, *t.forms):
                if f:
                    self.title_index.setdefault(norm(f), key)
                    self._add_form(f, "title", key)
                    self.vocabulary.update(x for x in norm_tokens(f) if len(x) > 2)

    # -- lookups --------------------------------------------------------
    def org(self, name: str) -> OrgEntry | None:
        keys = self.org_index.get(norm(name))
        return self.orgs[keys[0]] if keys else None

    def orgs_named(self, name: str) -> list[OrgEntry]:
        return [self.orgs[k] for k in self.org_index.get(norm(name), ())]

    def country(self, name: str) -> CountryEntry | None:
        n = norm(name)
        code = self.country_index.get(n) or self.demonym_index.get(n)
        return self.countries.get(code) if code else None

    def country_of_place(self, name: str) -> str | None:
        hit = self.place_index.get(norm(name))
        return hit[1] if hit else None

    def title(self, form: str) -> TitleEntry | None:
        key = self.title_index.get(norm(form))
        return self.titles.get(key) if key else None

    def units(self, subject: str) -> list[OrgEntry]:
        return [self.orgs[k] for k in self.subject_index.get(norm(subject), ())]

    def children(self, key: str) -> list[OrgEntry]:
        return [o for o in self.orgs.values() if o.parent == key]

    def topics_in(self, text: str) -> list[str]:
        """Topic keys a description names ("pelindungan awak kapal" -> fisheries, protection)."""
        toks = norm_tokens(text)
        found = set()
        for i in range(len(toks)):
            for n in range(min(self._topic_len, len(toks) - i), 0, -1):
                key = self._topic_forms.get(toks[i:i + n])
                if key is not None:
                    found.add(key)
                    break
        return sorted(found)

    # -- scanning -------------------------------------------------------
    def scan(self, text: str, kinds: Sequence[str] | None = None,
             toks: list[tuple[int, int, str]] | None = None,
             normed: list[str] | None = None) -> list[LexMatch]:
        """Every known name in `text`, longest match first, left to right, no overlaps.

        Matches never cross punctuation other than . - ' & / (so "Kemnaker, Indonesia"
        is two names), except a comma the lexicon's own form has ("Health, Labour and Welfare"). Acronyms must match case exactly; other forms need a capital in
        the text unless written all lower-case in the lexicon. `toks` and `normed` (their
        `norm_token`s) are `tokens(text)` and its norms when the caller has them already.
        """
        toks = tokens(text) if toks is None else toks
        out: list[LexMatch] = []
        i, n = 0, len(toks)
        normed = [norm_token(t[2]) for t in toks] if normed is None else normed
        while i < n:
            node = self._trie
            best: tuple[int, list] | None = None
            j = i
            comma = False
            while j < n:
                if j > i:
                    gap = text[toks[j - 1][1]:toks[j][0]]
                    if not _joinable(gap):
                        if gap.strip() != "," or len(gap) > 3:
                            break
                        comma = True            # only forms written with a comma may go on
                node = node.get(normed[j])
                if node is None:
                    break
                if _END in node:
                    ok = [e for e in node[_END] if _case_ok(e[0], toks[i:j + 1])
                          and (kinds is None or e[1] in kinds)
                          and (not comma or e[0] in self._comma_forms)]
                    if ok:
                        best = (j, ok)
                j += 1
            if best is None:
                i += 1
                continue
            j, entries = best
            start, end = toks[i][0], toks[j][1]
            seen = set()
            for _, kind, ref in entries:
                if (kind, ref) in seen:
                    continue
                seen.add((kind, ref))
                out.append(LexMatch(start, end, text[start:end], kind, ref))
            i = j + 1
        return out


_JOIN = re.compile(r"\s*[-.'’&/–]?\s*\.?\s*")


@functools.lru_cache(maxsize=1024)
def _joinable(gap: str) -> bool:
    """Memoised: a few gaps (" ", ". ", " - ") are nearly all there are."""
    return len(gap) <= 4 and bool(_JOIN.fullmatch(gap)) and "\n\n" not in gap


def _case_ok(form: tuple[str, ...], toks: list[tuple[int, int, str]]) -> bool:
    if len(form) != len(toks):
        return False
    any_upper = False
    all_lower_form = True
    for f, (_, _, t) in zip(form, toks):
        if _is_strict(f) and fold(f) != fold(t):
            return False
        if t[:1].isupper() or t[:1].isdigit():
            any_upper = True
        if f[:1].isupper():
            all_lower_form = False
    return any_upper or all_lower_form


# -- reading ------------------------------------------------------------------

def _rows(text: str, name: str, columns: Sequence[str]) -> Iterable[tuple[int, dict[str, str]]]:
    lines = text.splitlines()
    header: list[str] | None = None
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = next(csv.reader(io.StringIO(line), delimiter="\t", quoting=csv.QUOTE_NONE))
        if header is None:
            header = [c.strip() for c in cells]
            missing = [c for c in columns if c not in header]
            if missing and columns[0] not in header:
                raise ValueError(f"{name}:{lineno}: header lacks columns {', '.join(missing)}")
            continue
        if len(cells) > len(header):
            raise ValueError(f"{name}:{lineno}: {len(cells)} cells, header has {len(header)}")
        row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        yield lineno, row


def _org_rows(text: str, name: str) -> tuple[list[OrgEntry], list[CountryEntry]]:
    orgs, countries = [], []
    for lineno, r in _rows(text, name, ORG_COLUMNS):
        key, kind = r.get("key", ""), r.get("kind", "")
        if not key:
            raise ValueError(f"{name}:{lineno}: empty key")
        if kind not in ORG_KINDS:
            raise ValueError(f"{name}:{lineno}: unknown kind {kind!r} "
                             f"(expected one of {', '.join(sorted(ORG_KINDS))})")
        if not (r.get("name_id") or r.get("name_en")):
            raise ValueError(f"{name}:{lineno}: row {key!r} has neither name_id nor name_en")
        if kind == "country":
            code = (r.get("country") or key.split(":")[-1]).upper()
            countries.append(CountryEntry(code=code, name_id=r.get("name_id", ""),
                                          name_en=r.get("name_en", ""),
                                          aliases=_split(r.get("aliases"))))
            continue
        orgs.append(OrgEntry(
            key=key, kind=kind, country=(r.get("country") or "").upper() or None,
            parent=r.get("parent") or None, unit=r.get("unit") or None,
            name_id=r.get("name_id", ""), name_en=r.get("name_en", ""),
            subject_id=r.get("subject_id", ""), subject_en=r.get("subject_en", ""),
            subject_aliases=_split(r.get("subject_aliases")), aliases=_split(r.get("aliases"))))
    return orgs, countries


def _country_rows(text: str, name: str) -> list[CountryEntry]:
    out = []
    for lineno, r in _rows(text, name, COUNTRY_COLUMNS):
        code = r.get("code", "").upper()
        if not code:
            raise ValueError(f"{name}:{lineno}: empty code")
        out.append(CountryEntry(
            code=code, name_id=r.get("name_id", ""), name_en=r.get("name_en", ""),
            aliases=_split(r.get("aliases")), demonym_id=_split(r.get("demonym_id")),
            demonym_en=_split(r.get("demonym_en")), capital_id=r.get("capital_id", ""),
            capital_en=r.get("capital_en", ""), cities=_split(r.get("cities"))))
    return out


def _title_rows(text: str, name: str) -> list[TitleEntry]:
    out = []
    for lineno, r in _rows(text, name, TITLE_COLUMNS):
        if not r.get("key"):
            raise ValueError(f"{name}:{lineno}: empty key")
        try:
            rank = int(r.get("rank") or 3)
        except ValueError as exc:
            raise ValueError(f"{name}:{lineno}: rank {r.get('rank')!r} is not a number") from exc
        out.append(TitleEntry(key=r["key"], full_id=r.get("full_id", ""),
                              full_en=r.get("full_en", ""), forms=_split(r.get("forms")),
                              unit=r.get("unit") or None, implies=r.get("implies") or None,
                              rank=rank))
    return out


def _place_rows(text: str, name: str) -> list[PlaceEntry]:
    return [PlaceEntry(name_id=r.get("name_id", ""), name_en=r.get("name_en", ""),
                       country=(r.get("country") or "").upper() or None,
                       aliases=_split(r.get("aliases")))
            for _, r in _rows(text, name, PLACE_COLUMNS)]


def _topic_rows(text: str, name: str) -> list[TopicEntry]:
    out = []
    for lineno, r in _rows(text, name, TOPIC_COLUMNS):
        if not r.get("key"):
            raise ValueError(f"{name}:{lineno}: empty key")
        out.append(TopicEntry(key=r["key"], label_id=r.get("label_id", ""),
                              label_en=r.get("label_en", ""), forms=_split(r.get("forms"))))
    return out


def _packaged(name: str) -> str:
    res = importlib.resources.files(__name__).joinpath(name)
    try:
        return res.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return ""


def _merge_orgs(base: list[OrgEntry], extra: list[OrgEntry]) -> list[OrgEntry]:
    """Later rows add to earlier ones with the same key (aliases united, blanks filled)."""
    by_key: dict[str, OrgEntry] = {}
    for o in [*base, *extra]:
        old = by_key.get(o.key)
        if old is None:
            by_key[o.key] = o
            continue
        merged = {f: getattr(old, f) or getattr(o, f) for f in (
            "country", "parent", "unit", "name_id", "name_en", "subject_id", "subject_en")}
        by_key[o.key] = OrgEntry(
            key=o.key, kind=old.kind, **merged,
            subject_aliases=tuple(dict.fromkeys((*old.subject_aliases, *o.subject_aliases))),
            aliases=tuple(dict.fromkeys((*old.aliases, *o.aliases))))
    return list(by_key.values())


def _merge_countries(base: list[CountryEntry], extra: list[CountryEntry]) -> list[CountryEntry]:
    by_code: dict[str, CountryEntry] = {c.code: c for c in base}
    for c in extra:
        old = by_code.get(c.code)
        if old is None:
            by_code[c.code] = c
        else:
            by_code[c.code] = CountryEntry(
                code=c.code, name_id=old.name_id or c.name_id, name_en=old.name_en or c.name_en,
                aliases=tuple(dict.fromkeys((*old.aliases, *c.aliases))),
                demonym_id=old.demonym_id, demonym_en=old.demonym_en,
                capital_id=old.capital_id, capital_en=old.capital_en, cities=old.cities)
    return list(by_code.values())


def _build(extra_texts: Sequence[tuple[str, str]]) -> Lexicon:
    lexicon = _build_entries(extra_texts)
    digest = hashlib.sha256()
    for name in ("countries.tsv", "organizations.tsv", "supplement.tsv", "titles.tsv", "places.tsv",
                 "topics.tsv"):
        digest.update(name.encode() + b"\0" + _packaged(name).encode("utf-8") + b"\0")
    for name, text in extra_texts:
        digest.update(b"extra\0" + text.encode("utf-8") + b"\0")
    lexicon.fingerprint = digest.hexdigest()    # in every article's content hash: an edit re-extracts
    return lexicon


def _build_entries(extra_texts: Sequence[tuple[str, str]]) -> Lexicon:
    countries = _country_rows(_packaged("countries.tsv"), "countries.tsv")
    orgs, more_countries = _org_rows(_packaged("organizations.tsv"), "organizations.tsv")
    for name, text in [("supplement.tsv", _packaged("supplement.tsv")), *extra_texts]:
        o, c = _org_rows(text, name)
        orgs = _merge_orgs(orgs, o)
        more_countries += c
    countries = _merge_countries(countries, more_countries)
    titles = _title_rows(_packaged("titles.tsv"), "titles.tsv")
    places = _place_rows(_packaged("places.tsv"), "places.tsv")
    topics = _topic_rows(_packaged("topics.tsv"), "topics.tsv")
    return Lexicon(orgs, countries, titles, places, topics)


@functools.lru_cache(maxsize=1)
def _default() -> Lexicon:
    return _build(())


def load_lexicon(extra: Sequence[Path] = ()) -> Lexicon:
    """The packaged lexicon (cached), plus user TSVs with the organizations.tsv columns.

    Raises ValueError naming file:line for a malformed row, OSError if a file
    cannot be read.
    """
    if not extra:
        return _default()
    texts = [(str(p), Path(p).read_text(encoding="utf-8")) for p in extra]
    return _build(texts)
