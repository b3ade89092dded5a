"""labourkg.graph: the store and everything done with it."""

from __future__ import annotations

if __name__ != "labourkg.graph":  # pragma: no cover - the guard is the point
    raise ImportError(f"this folder is the package labourkg.graph; import it as labourkg.graph "
                      f"(install the project with `pip install -e .`), not as {__name__!r}")


__all__ = ["KnowledgeGraph"]


def __getattr__(name: str):
    # Lazy so that `labourkg query` does not pay for loaders it never uses.
    if name == "KnowledgeGraph":
        from labourkg.graph.store import KnowledgeGraph
        return KnowledgeGraph
    raise AttributeError(name)
