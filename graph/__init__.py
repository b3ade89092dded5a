"""labourkg.graph: the store and everything done with it."""

from __future__ import annotations

__all__ = ["KnowledgeGraph"]


def __getattr__(name: str):
    # Lazy so that `labourkg query` does not pay for loaders it never uses.
    if name == "KnowledgeGraph":
        from labourkg.graph.store import KnowledgeGraph
        return KnowledgeGraph
    raise AttributeError(name)
