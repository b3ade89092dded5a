"""The only place IRIs are minted.

Entity IRIs are deterministic functions of canonical keys, so the same entity
read from two articles (or on two machines) gets the same IRI and merges.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

BASE = "https://w3id.org/labourkg/"
ID = BASE + "id/"
ONTOLOGY = BASE + "ontology#"

_NON_SLUG = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=1 << 16)
def slug(text: str, limit: int = 80) -> str:
    """ASCII, lower-case, hyphenated; stable across platforms and Python versions.

    Memoised: the same keys (organisations, countries, concepts) are slugged in every article.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _NON_SLUG.sub("-", text.lower()).strip("-")
    if len(text) > limit:
        text = text[:limit].rstrip("-") + "-" + digest(text, 6)
    return text or "x"


def digest(text: str, n: int = 12) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:n]


def _key_path(key: str) -> str:
    # Keys such as "country:JP" or "kemnaker.ditjen-phi" become path segments.
    return "/".join(slug(part) for part in re.split(r"[:.]", key) if part)


def article(key: str) -> str:
    """The article resource and its named graph share this IRI."""
    return f"{ID}article/{digest(key, 16)}"


def organization(key: str) -> str:
    if key.startswith("country:"):
        return f"{ID}country/{slug(key.split(':', 1)[1])}"
    return f"{ID}org/{_key_path(key)}"


def person(key: str) -> str:
    return f"{ID}person/{slug(key)}"


def role(key: str) -> str:
    return f"{ID}role/{slug(key)}"


def post(role_key: str, org_key: str) -> str:
    return f"{ID}post/{_key_path(org_key)}/{slug(role_key)}"


def membership(person_key: str, role_key: str, org_key: str, article_key: str) -> str:
    return f"{ID}membership/{digest('|'.join((person_key, role_key, org_key, article_key)), 16)}"


def interval(membership_iri: str) -> str:
    return f"{membership_iri}/during"


def agreement(key: str) -> str:
    return f"{ID}agreement/{slug(key)}"


def meeting(key: str) -> str:
    return f"{ID}meeting/{slug(key)}"


def place(name: str) -> str:
    return f"{ID}place/{slug(name)}"


def topic(name: str) -> str:
    return f"{ID}topic/{slug(name)}"


def evidence(article_key: str, fact_iri: str) -> str:
    return f"{ID}evidence/{digest(article_key + '|' + fact_iri, 16)}"


def concept(scheme: str, notation: str) -> str:
    """Controlled values (agreement kinds, statuses, meeting kinds, org kinds)."""
    return f"{ONTOLOGY.rstrip('#')}/{scheme}/{slug(notation).replace('-', '_')}"
