"""Score a knowledge graph's answers against gold annotations.

The project's own quality gate. The rules are those of the gold format
(GOLD-FORMAT.md): labels are compared after folding case, accents,
punctuation and white space; a predicted label matches a gold item when it
equals its name or an alias, or is a near spelling (>= 90% similar, same
number of words) of one of them; each gold item is matched at most once.

`score` works on plain rows (one list per canonical query), so it can score
answers read from SPARQL JSON files as well as a live `KnowledgeGraph`;
`evaluate_store` is the glue for the latter.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

SIMILARITY = 0.90
QUERIES = ("officials", "organizations", "agreements", "meetings", "chain")
CATEGORIES = ("organizations", "officials", "officials_full", "agreements", "parties",
              "meetings", "meeting_dates", "chain")
HEADLINE = ("organizations", "officials_full", "agreements", "parties", "meetings", "chain")

Row = Mapping[str, Any]
Names = list[str]

_PUNCT = re.compile(r"[^\w\s]")
_ARTICLE_SUFFIX = re.compile(r"\.(txt|html?|json|jsonl|md)$", re.I)


# --- label comparison -------------------------------------------------------

def normalize(text: str | None) -> str:
    """Fold accents, case, punctuation and white space ("&" reads as "dan")."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = _PUNCT.sub(" ", text.lower().replace("&", " dan "))
    return " ".join(text.split())


def _squash(text: str | None) -> str:
    return normalize(text).replace(" ", "")


def matches(label: str | None, names: Iterable[str]) -> bool:
    """True when `label` is one of `names`, or a near spelling of one.

    A near spelling must keep the number of words, so that a qualified name
    ("Kementerian Ketenagakerjaan AS") is not taken for the plain one.
    """
    label = normalize(label)
    if not label:
        return False
    words = len(label.split())
    for name in names:
        other = normalize(name)
        if not other:
            continue
        if label.replace(" ", "") == other.replace(" ", ""):
            return True
        if words == len(other.split()) and SequenceMatcher(None, label, other).ratio() >= SIMILARITY:
            return True
    return False


def article_id(value: str) -> str:
    """The article a source names: "NAME" from a file name, path, URL or IRI."""
    value = value.rstrip("/>")
    for sep in ("/", "#", ":"):
        value = value.rsplit(sep, 1)[-1]
    return _ARTICLE_SUFFIX.sub("", value)


def _distinct(values: Iterable[str | None]) -> list[str]:
    """Non-empty labels in first-seen order, one per normalized form."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        key = normalize(value)
        if key and key not in seen:
            seen.add(key)
            out.append(value)  # type: ignore[arg-type]
    return out


def _pair(predicted: Sequence[str], gold: Sequence[Names]) -> dict[int, int]:
    """Greedy one-to-one pairing (predicted index -> gold index).

    Exact names are paired first, near spellings after, so that a near
    spelling cannot take a gold item another label names exactly.
    """
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    exact = [{_squash(n) for n in names} for names in gold]
    for strict in (True, False):
        for i, label in enumerate(predicted):
            if i in pairs:
                continue
            key = _squash(label)
            for j, names in enumerate(gold):
                if j in taken:
                    continue
                if (key in exact[j]) if strict else matches(label, names):
                    pairs[i] = j
                    taken.add(j)
                    break
    return pairs


def _unpaired(count: int, used: Iterable[int]) -> list[int]:
    return sorted(set(range(count)) - set(used))


# --- the gold side ----------------------------------------------------------

class _Gold:
    """One article's gold with the organization lookups the rules need."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.orgs: list[Names] = [[o["name"], *o.get("aliases", [])]
                                  for o in data.get("organizations", [])]
        self.country_of: dict[str, str | None] = {}
        for org in data.get("organizations", []):
            for name in [org["name"], *org.get("aliases", [])]:
                self.country_of[normalize(name)] = org.get("country")

    def names_of(self, name: str) -> Names:
        """All names of the gold organization `name` names, else just `name`."""
        for names in self.orgs:
            if matches(name, names):
                return names
        return [name]

    def expand(self, names: Iterable[str]) -> Names:
        out: Names = []
        for name in names:
            out.extend(self.names_of(name))
        return out

    def chains(self) -> list[tuple[Names, Names, Names]]:
        """(official, agreement, partner) name lists the gold facts imply.

        An official's side of an agreement is a party that is one of the
        official's agencies or their country; each other party is a partner.
        """
        out: list[tuple[Names, Names, Names]] = []
        parties_of = [[self.expand(p) for p in agr.get("parties", [])]
                      for agr in self.data.get("agreements", [])]
        for off in self.data.get("officials", []):
            agencies = self.expand(off.get("agency") or [])
            home = {normalize(a) for a in agencies}
            countries = {self.country_of.get(normalize(a)) for a in agencies} - {None}
            for country in countries:
                home.add(normalize(country))
                home.update(normalize(n) for n in self.names_of(country))  # type: ignore[arg-type]
            person = [off["name"], *off.get("aliases", [])]
            for agr, parties in zip(self.data.get("agreements", []), parties_of):
                mine = [p for p in parties if any(normalize(n) in home for n in p)]
                if not mine:
                    continue
                title = [agr["name"], *agr.get("aliases", [])]
                out.extend((person, title, p) for p in parties if p not in mine)
        return out


# --- the report -------------------------------------------------------------

@dataclass(frozen=True)
class CategoryScore:
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    tp: int = 0
    fp: int = 0
    fn: int = 0


@dataclass
class _Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def score(self) -> CategoryScore:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return CategoryScore(round(p, 3), round(r, 3), round(f, 3), self.tp, self.fp, self.fn)


@dataclass
class QualityReport:
    """Precision, recall and F1 per category over a set of gold articles.

    `macro_f1` averages the six headline categories (HEADLINE); `officials`
    and `meeting_dates` are diagnostic. `details` lists every miss per
    article (only articles with misses).
    """

    organizations: CategoryScore = field(default_factory=CategoryScore)
    officials: CategoryScore = field(default_factory=CategoryScore)
    officials_full: CategoryScore = field(default_factory=CategoryScore)
    agreements: CategoryScore = field(default_factory=CategoryScore)
    parties: CategoryScore = field(default_factory=CategoryScore)
    meetings: CategoryScore = field(default_factory=CategoryScore)
    meeting_dates: CategoryScore = field(default_factory=CategoryScore)
    chain: CategoryScore = field(default_factory=CategoryScore)
    articles: int = 0
    macro_f1: float = 0.0
    details: dict[str, list[str]] = field(default_factory=dict)

    def category(self, name: str) -> CategoryScore:
        if name not in CATEGORIES:
            raise KeyError(f"unknown category {name!r}; expected one of {', '.join(CATEGORIES)}")
        return getattr(self, name)

    def to_dict(self, details: bool = True) -> dict[str, Any]:
        """The same shape as score.py's JSON report."""
        out: dict[str, Any] = {name: asdict(self.category(name)) for name in CATEGORIES}
        out["articles"] = self.articles
        out["macro_f1"] = self.macro_f1
        if details:
            out["details"] = {k: list(v) for k, v in self.details.items()}
        return out

    def to_table(self) -> str:
        lines = [f"{'category':15} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
        for name in CATEGORIES:
            s = self.category(name)
            mark = "" if name in HEADLINE else "  (diagnostic)"
            lines.append(f"{name:15} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}"
                         f" {s.tp:5d} {s.fp:5d} {s.fn:5d}{mark}")
        lines.append(f"macro F1 {self.macro_f1:.3f} over {self.articles} articles")
        return "\n".join(lines)


# --- scoring ----------------------------------------------------------------

def load_gold(folder: Path) -> dict[str, dict]:
    """NAME.json gold files of a folder, keyed by article id (NAME)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"gold folder not found: {folder}")
    gold: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            gold[article_id(path.name)] = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not valid JSON: {exc}") from exc
    return gold


def _by_article(rows: Iterable[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        source = row.get("source")
        if source:
            grouped.setdefault(article_id(str(source)), []).append(row)
    return grouped


def score(gold: Mapping[str, dict], results: Mapping[str, Sequence[Row]]) -> QualityReport:
    """Score query rows against gold articles.

    `gold` maps article ids (or file names) to gold dicts; `results` maps each
    canonical query name (QUERIES) to its rows, dicts of variable -> value
    with a "source" naming the article. A missing query counts as no rows;
    rows of articles without gold are ignored.
    """
    grouped = {name: _by_article(results.get(name, ())) for name in QUERIES}
    tallies = {name: _Tally() for name in CATEGORIES}
    details: dict[str, list[str]] = {}
    golds = {article_id(k): v for k, v in gold.items()}
    for aid in sorted(golds):
        g = _Gold(golds[aid])
        log: list[str] = []
        rows = {name: grouped[name].get(aid, []) for name in QUERIES}
        _score_organizations(g, rows["organizations"], tallies, log)
        _score_officials(g, rows["officials"], tallies, log)
        _score_agreements(g, rows["agreements"], tallies, log)
        _score_meetings(g, rows["meetings"], tallies, log)
        _score_chain(g, rows["chain"], tallies, log)
        if log:
            details[aid] = log
    scores = {name: tallies[name].score() for name in CATEGORIES}
    macro = round(sum(scores[name].f1 for name in HEADLINE) / len(HEADLINE), 3)
    return QualityReport(**scores, articles=len(golds), macro_f1=macro, details=details)


def _score_organizations(g: _Gold, rows: list[Row], t: dict[str, _Tally], log: list[str]) -> None:
    predicted = _distinct(r.get("name") for r in rows)
    pairs = _pair(predicted, g.orgs)
    extra = _unpaired(len(predicted), pairs)
    missed = _unpaired(len(g.orgs), pairs.values())
    t["organizations"].add(len(pairs), len(extra), len(missed))
    log += [f"org FP: {predicted[i]}" for i in extra]
    log += [f"org FN: {g.orgs[j][0]}" for j in missed]


def _score_officials(g: _Gold, rows: list[Row], t: dict[str, _Tally], log: list[str]) -> None:
    gold = g.data.get("officials", [])
    predicted = _distinct(r.get("name") for r in rows)
    pairs = _pair(predicted, [[o["name"], *o.get("aliases", [])] for o in gold])
    extra = _unpaired(len(predicted), pairs)
    t["officials"].add(len(pairs), len(extra), len(gold) - len(pairs))
    log += [f"official FP: {predicted[i]}" for i in extra]
    full = 0
    for i, j in pairs.items():
        off = gold[j]
        roles = [off["role"], *off.get("role_aliases", [])] if off.get("role") else []
        agencies = g.expand(off.get("agency") or [])
        mine = [r for r in rows if normalize(r.get("name")) == normalize(predicted[i])]
        good = any((matches(r.get("role"), roles) if roles else not r.get("role"))
                   and (matches(r.get("agency"), agencies) if agencies else True)
                   for r in mine)
        full += good
        if not good:
            got = "; ".join(f"{r.get('role')} @ {r.get('agency')}" for r in mine)
            log.append(f"official role/agency wrong: {off['name']}: got {got}")
    log += [f"official FN: {gold[j]['name']}" for j in _unpaired(len(gold), pairs.values())]
    t["officials_full"].add(full, len(extra) + len(pairs) - full, len(gold) - full)


def _score_agreements(g: _Gold, rows: list[Row], t: dict[str, _Tally], log: list[str]) -> None:
    gold = g.data.get("agreements", [])
    predicted = _distinct(r.get("agreement") for r in rows)
    pairs = _pair(predicted, [[a["name"], *a.get("aliases", [])] for a in gold])
    extra = _unpaired(len(predicted), pairs)
    missed = _unpaired(len(gold), pairs.values())
    t["agreements"].add(len(pairs), len(extra), len(missed))
    log += [f"agreement FP: {predicted[i]}" for i in extra]
    log += [f"agreement FN: {gold[j]['name']}" for j in missed]
    for i, j in pairs.items():
        gold_parties = [g.expand(p) for p in gold[j].get("parties", [])]
        label = normalize(predicted[i])
        parties = _distinct(r.get("party") for r in rows if normalize(r.get("agreement")) == label)
        matched = _pair(parties, gold_parties)
        wrong = _unpaired(len(parties), matched)
        t["parties"].add(len(matched), len(wrong), len(gold_parties) - len(matched))
        log += [f"party FP in {gold[j]['name']}: {parties[k]}" for k in wrong]
        log += [f"party FN in {gold[j]['name']}: {gold_parties[k][0]}"
                for k in _unpaired(len(gold_parties), matched.values())]
    for j in missed:
        t["parties"].add(0, 0, len(gold[j].get("parties", [])))


def _score_meetings(g: _Gold, rows: list[Row], t: dict[str, _Tally], log: list[str]) -> None:
    """A predicted meeting is a gold one when it names two of its participants
    (or all of them where the gold names fewer); the best-covered gold wins."""
    gold = g.data.get("meetings", [])
    gold_parts = [[g.expand(p) for p in m.get("participants", [])] for m in gold]
    meetings: dict[str, list[Row]] = {}
    for r in rows:
        meetings.setdefault(r.get("meeting", ""), []).append(r)
    taken: set[int] = set()
    tp = fp = 0
    for key, mrows in meetings.items():
        parts = _distinct(r.get("participant") for r in mrows)
        best, best_j = 0, None
        for j, gp in enumerate(gold_parts):
            if j in taken:
                continue
            hits = len(_pair(parts, gp))
            if hits >= min(2, len(gp)) and hits > best:
                best, best_j = hits, j
        if best_j is None:
            fp += 1
            log.append(f"meeting FP: {key} with {parts}")
            continue
        taken.add(best_j)
        tp += 1
        gold_date = gold[best_j].get("date")
        dates = {str(r.get("date") or "")[:10] for r in mrows} - {""}
        if gold_date or dates:
            ok = gold_date in dates and len(dates) == 1
            t["meeting_dates"].add(int(ok), int(bool(dates) and not ok),
                                   int(bool(gold_date) and not ok))
            if not ok:
                log.append(f"meeting date: gold {gold_date}, got {sorted(dates)}")
    t["meetings"].add(tp, fp, len(gold) - tp)
    log += [f"meeting FN: {gold[j].get('participants')} {gold[j].get('date')}"
            for j in _unpaired(len(gold), taken)]


def _score_chain(g: _Gold, rows: list[Row], t: dict[str, _Tally], log: list[str]) -> None:
    gold = g.chains()
    # One predicted chain per distinct normalized triple; the last row read wins.
    predicted: dict[tuple[str, str, str], Row] = {}
    for r in rows:
        key = (normalize(r.get("official")), normalize(r.get("agreement")),
               normalize(r.get("partner")))
        predicted[key] = r
    used: set[int] = set()
    for r in predicted.values():
        hit = next((k for k, (person, title, partner) in enumerate(gold)
                    if k not in used and matches(r.get("official"), person)
                    and matches(r.get("agreement"), title)
                    and matches(r.get("partner"), partner)), None)
        if hit is None:
            log.append(f"chain FP: {r.get('official')} -> {r.get('agreement')} -> {r.get('partner')}")
        else:
            used.add(hit)
    t["chain"].add(len(used), len(predicted) - len(used), len(gold) - len(used))
    log += [f"chain FN: {p[0]} -> {a[0]} -> {q[0]}"
            for k, (p, a, q) in enumerate(gold) if k not in used]


# --- glue for a live store --------------------------------------------------

def evaluate_store(kg: Any, gold_dir: Path) -> QualityReport:
    """Run the five canonical queries on `kg` and score them against `gold_dir`.

    `kg` is a `labourkg.graph.store.KnowledgeGraph` (anything with
    `.query(name) -> QueryResult` whose `.rows` are dicts var -> str|None).
    Sources given as article IRIs are mapped back to the gold files when the
    articles were ingested from a folder holding them (key = file name).
    """
    from labourkg.graph import iris

    gold = load_gold(Path(gold_dir))
    by_iri = {article_id(iris.article(f"{aid}.txt")): aid for aid in gold}
    results: dict[str, list[dict[str, Any]]] = {}
    for name in QUERIES:
        rows = []
        for row in kg.query(name).rows:
            row = dict(row)
            source = row.get("source")
            if source and article_id(str(source)) in by_iri:
                row["source"] = by_iri[article_id(str(source))]
            rows.append(row)
        results[name] = rows
    return score(gold, results)
