"""Mentions of organisations, people, agreements and meetings in a cleaned article body.

`extract(article, lexicon) -> Mentions`; `labourkg.loaders.resolve.resolve` then
merges mentions into entities with keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from labourkg.loaders.lexicon import Lexicon
from labourkg.loaders.model import Article
from labourkg.loaders.extract.agreements import AgreementMention, find_agreements
from labourkg.loaders.extract.meetings import MeetingMention, find_meetings
from labourkg.loaders.extract.organizations import OrgBook, OrgFinder, OrgMention
from labourkg.loaders.extract.people import PeopleFinder, PeopleFound, PersonMention, RoleMention
from labourkg.loaders.extract.spans import MAX_SENTENCE, Sentence, annotate, split_sentences

__all__ = ["Mentions", "extract", "AgreementMention", "MeetingMention", "OrgMention",
           "PersonMention", "RoleMention"]


@dataclass
class Mentions:
    """Everything the extractors read in one body, positions relative to `text`."""

    text: str
    language: str
    home: str | None                     # ISO code of the article's home country
    sentences: list[Sentence] = field(default_factory=list)
    orgs: OrgBook = field(default_factory=OrgBook)
    people: PeopleFound = field(default_factory=PeopleFound)
    agreements: list[AgreementMention] = field(default_factory=list)
    meetings: list[MeetingMention] = field(default_factory=list)
    dates: list = field(default_factory=list)   # DateMention, sorted by position


def extract(article: Article, lexicon: Lexicon) -> Mentions:
    raw = article.text or ""
    split = split_sentences(raw)
    text = prose_only(raw, split)
    lang = article.language or "id"
    # nearly always nothing is blanked, and the text is split into sentences once
    sentences = annotate(text, lexicon, split if text is raw else None)
    finder = OrgFinder(lexicon, lang)
    book = finder.run(sentences)
    home = _home_country(book, lang)
    people = PeopleFinder(lexicon, finder, lang, home).run(sentences)
    agreements = find_agreements(sentences, lang)
    meetings = find_meetings(sentences, lexicon, [(a.start, a.end) for a in agreements if a.text])
    try:
        from labourkg.loaders.extract.dates import find_dates
        dates = find_dates(text, published=article.published)
    except ImportError:  # pragma: no cover
        dates = []
    return Mentions(text, lang, home, sentences, book, people, agreements, meetings,
                    sorted(dates, key=lambda d: d.start))


def prose_only(text: str, split: list[tuple[int, int, str]] | None = None) -> str:
    """`text` with every run-on stretch blanked (same length, so offsets hold).

    News sentences are short; a "sentence" of more than MAX_SENTENCE characters
    is a tag cloud, a table flattened by the scraper or hostile input. Reading it
    for names would cost time in proportion to its size and yield noise.
    `split` is `split_sentences(text)` when the caller has it already.
    """
    runs = [(s, e) for s, e, _ in (split_sentences(text) if split is None else split)
            if e - s > MAX_SENTENCE]
    if not runs:
        return text
    parts, pos = [], 0
    for s, e in runs:
        parts.append(text[pos:s])
        parts.append(" " * (e - s))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def _home_country(book: OrgBook, lang: str) -> str | None:
    """Indonesian-language news is Indonesian; otherwise the first country the body names."""
    if lang == "id":
        return "ID"
    for m in sorted(book.mentions, key=lambda m: m.start):
        info = book.info.get(m.key)
        if info is not None and info.country and (info.kind in ("country", "government")):
            return info.country
    return None
