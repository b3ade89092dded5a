"""read -> clean -> extract -> resolve -> emit, for one article at a time.

A pure function of the article and the lexicon: the same article gives the same
quads on any machine, which is what lets shards built apart merge cleanly.
"""

from __future__ import annotations

from pyoxigraph import Quad

from labourkg.loaders.clean import clean
from labourkg.loaders.emit import emit, emit_text, fingerprint
from labourkg.loaders.extract import extract
from labourkg.loaders.lexicon import Lexicon
from labourkg.loaders.model import Article, ArticleFacts
from labourkg.loaders.resolve import resolve


def read_facts(article: Article, lexicon: Lexicon) -> ArticleFacts:
    """The facts one article states (cleaned body, mentions resolved to entities)."""
    body = clean(article)
    return resolve(body, extract(body, lexicon), lexicon)


def article_quads(article: Article, lexicon: Lexicon, content_hash: str | None = None) -> list[Quad]:
    """The article's named graph, sorted."""
    return emit(read_facts(article, lexicon), content_hash or fingerprint(article))


def article_text(article: Article, lexicon: Lexicon, content_hash: str | None = None) -> tuple[str, str, int]:
    """(graph IRI, N-Triples body, triple count) of the article's graph: `article_quads` as
    text, the form the store and N-Quads shards take, without building Quad objects."""
    return emit_text(read_facts(article, lexicon), content_hash or fingerprint(article))
