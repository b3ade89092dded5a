"""The data that flows through the loader pipeline.

read -> Article, clean -> Article, extract -> Mentions, resolve -> ArticleFacts,
emit -> RDF. Field names of the facts mirror the gold format
(organizations, officials, agreements, meetings) so that a fact can be compared
with a gold annotation without translation.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

ORG_KINDS = ("government", "intergovernmental", "country", "programme", "union",
             "employer", "ngo", "other")
AGREEMENT_KINDS = ("mou", "moc", "protocol", "agreement", "framework", "plan_of_action",
                   "declaration", "other")
AGREEMENT_STATUSES = ("signed", "renewed", "proposed", "negotiating", "in_force",
                      "expired", "unknown")
MEETING_KINDS = ("bilateral_meeting", "visit", "courtesy_call", "signing", "conference",
                 "meeting")


@dataclass(frozen=True)
class Article:
    """One article as read from disk, before and after cleaning.

    `key` is the article's stable identity: the same key on re-ingest replaces
    the article's graph. It is the URL when the input gives one, else the path
    relative to the folder the user ingested (a JSONL line adds `#L<n>`).
    """

    key: str
    source: str                 # file name as shown to users (relative path)
    text: str
    format: str                 # "txt" | "html" | "jsonl"
    path: str = ""              # file system path it was read from
    line: int | None = None     # 1-based line for JSONL input
    title: str | None = None
    url: str | None = None
    published: date | None = None
    publisher: str | None = None
    language: str | None = None  # "id" | "en", detected if not given
    encoding: str | None = None

    def with_(self, **changes) -> "Article":
        return replace(self, **changes)


@dataclass(frozen=True)
class ReadProblem:
    """An input that could not be read; the ingest goes on without it."""

    path: str
    reason: str
    hint: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}" + (f" ({self.hint})" if self.hint else "")


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the sentence and how sure the extractor is."""

    sentence: str
    confidence: float = 0.8


@dataclass
class Organization:
    """A resolved organization, country or programme.

    `key` is the canonical key that IRIs are minted from (a lexicon id such as
    "kemnaker" or "country:JP", or a slug of the name for unknown bodies).
    """

    key: str
    name: str                            # canonical name in the article's language
    kind: str                            # one of ORG_KINDS
    aliases: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)   # lang -> prefLabel
    country: str | None = None           # key of the country organization
    parent: str | None = None            # key of the parent organization
    evidence: Evidence | None = None


@dataclass
class Official:
    """A person with (optionally) the role they hold and the agencies it sits in."""

    key: str                             # canonical key of the person (slug of full name)
    name: str
    aliases: list[str] = field(default_factory=list)
    role: str | None = None              # full role title, e.g. "Direktur Jenderal ..."
    role_aliases: list[str] = field(default_factory=list)
    role_key: str | None = None          # canonical key of the role
    agency: list[str] = field(default_factory=list)   # org keys, most specific first
    country: str | None = None           # country org key
    evidence: Evidence | None = None


@dataclass
class Agreement:
    key: str
    name: str
    kind: str                            # one of AGREEMENT_KINDS
    aliases: list[str] = field(default_factory=list)
    status: str = "unknown"              # one of AGREEMENT_STATUSES
    parties: list[str] = field(default_factory=list)   # org keys
    signatories: list[str] = field(default_factory=list)  # official keys
    date: date | None = None
    place: str | None = None
    topics: list[str] = field(default_factory=list)
    evidence: Evidence | None = None


@dataclass
class Meeting:
    key: str
    kind: str                            # one of MEETING_KINDS
    participants: list[str] = field(default_factory=list)  # org keys
    officials: list[str] = field(default_factory=list)     # official keys
    date: date | None = None
    place: str | None = None
    topics: list[str] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)    # agreement keys signed there
    evidence: Evidence | None = None


@dataclass
class ArticleFacts:
    """Everything one article states: the unit that becomes one named graph."""

    article: Article
    organizations: list[Organization] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
