"""A view of the graph as GraphML or GEXF, for Gephi, Cytoscape, yEd and friends.

Both formats hold only scalar attributes: lists become "; "-joined strings, the
per-language labels become label_id/label_en/label_und, evidence becomes
"sentence [source]; ...", and None is left out. Agreements and meetings on an edge are
given by IRI and by label. The file is deterministic (GEXF's last-modified date,
which networkx sets to today, is removed).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import networkx as nx

from labourkg.graph.network import to_networkx

NETWORK_FORMATS = ("graphml", "gexf")
SEPARATOR = "; "


def network_format(dest: str | os.PathLike | None, format: str | None) -> str | None:
    """"graphml"/"gexf" when the format (or else the file suffix) names one, else None."""
    if format:
        return format.lower() if format.lower() in NETWORK_FORMATS else None
    if dest is not None:
        suffix = Path(dest).suffix.lower().lstrip(".")
        return suffix if suffix in NETWORK_FORMATS else None
    return None


def export_network(kg, dest: str | os.PathLike | None = None, format: str = "graphml",
                   view: str = "full", since=None, until=None) -> bytes | None:
    """Write one view (`to_networkx` views and date window) as GraphML or GEXF;
    bytes when `dest` is None."""
    fmt = format.lower()
    if fmt not in NETWORK_FORMATS:
        raise ValueError(f"unknown network format {format!r}; choose graphml or gexf")
    data = network_bytes(flat_graph(to_networkx(kg, view, since, until)), fmt)
    if dest is None:
        return data
    Path(dest).parent.mkdir(parents=True, exist_ok=True)
    Path(dest).write_bytes(data)
    return None


def flat_graph(graph: nx.Graph) -> nx.Graph:
    """A copy whose graph, node and edge attributes are all strings or numbers."""
    facts = graph.graph.get("facts", {})
    flat = graph.__class__()
    flat.graph.update(_flat({k: graph.graph.get(k) for k in ("view", "since", "until")}))
    flat.graph["generator"] = "labourkg"
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **_flat(data))
    multi = graph.is_multigraph()
    for edge in graph.edges(keys=True, data=True) if multi else graph.edges(data=True):
        u, v, data = edge[0], edge[1], edge[-1]
        attrs = _flat(data)
        for name in ("agreements", "meetings"):
            if data.get(name):
                attrs[name[:-1] + "_labels"] = SEPARATOR.join(
                    facts.get(iri, {}).get("label") or iri for iri in data[name])
        if multi:
            flat.add_edge(u, v, key=edge[2], **attrs)
        else:
            flat.add_edge(u, v, **attrs)
    return flat


def network_bytes(graph: nx.Graph, fmt: str) -> bytes:
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, buf, encoding="utf-8", named_key_ids=True)
        return buf.getvalue()
    from networkx.readwrite.gexf import GEXFWriter
    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph(graph)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
        creator = meta.find("creator")
        if creator is not None:
            creator.text = "labourkg"
    writer.write(buf)
    return buf.getvalue()


def _flat(attrs: dict) -> dict:
    out = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if key == "labels" and isinstance(value, dict):
            out.update({f"label_{lang}": label for lang, label in sorted(value.items()) if label})
        elif key == "evidence" and "quotes" in attrs:
            continue          # the quotes say the same with their sources
        elif key == "quotes":
            out["evidence"] = SEPARATOR.join(f"{sentence} [{source}]" for sentence, source in value)
        elif isinstance(value, (list, tuple, set, frozenset)):
            out[key] = SEPARATOR.join(str(v) for v in (sorted(value) if isinstance(value, (set, frozenset)) else value))
        elif isinstance(value, dict):
            continue          # nested metadata (articles, facts) has no place in these formats
        elif isinstance(value, bool):
            out[key] = value
        elif isinstance(value, (int, float, str)):
            out[key] = value
        else:
            out[key] = str(value)
    return out


__all__ = ["export_network", "flat_graph", "network_bytes", "network_format", "NETWORK_FORMATS"]
