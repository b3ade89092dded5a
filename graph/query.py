"""Named questions, parameter binding and result serialisation.

Each named question is a `.rq` file in `labourkg.queries` whose header declares it:

    #+ summary: Agreements with a partner
    #+ vars: source agreement kind status date
    #+ param: partner entity -- the partner, by any name or alias in either language
    #+ param: since date = none -- only agreements dated on or after this day

A parameter is bound as an RDF term through Oxigraph's substitutions (SEP-0007),
never pasted into the query text, so a value stays a value whatever it contains.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

PARAM_TYPES = ("entity", "date", "string", "iri", "integer", "decimal")
RESULT_FORMATS = ("json", "csv", "tsv", "xml", "table")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+(\w+)(?:\s*=\s*(\S+))?\s*(?:--\s*(.*))?$")


class QueryError(ValueError):
    """A question that cannot run: unknown name, bad parameter, syntax error."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None     # "none" = optional and left unbound
    doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    summary: str = ""
    vars: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    path: str | None = None


def parse_query(text: str, name: str = "query", path: str | None = None) -> NamedQuery:
    """Read the `#+` header of a query; a query without one is still a query."""
    summary, variables, params = "", (), []
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "summary":
            summary = value
        elif key == "vars":
            variables = tuple(value.split())
        elif key == "param":
            pm = _PARAM.match(value)
            if not pm or pm.group(2) not in PARAM_TYPES:
                raise QueryError(f"{path or name}: bad '#+ param:' line {value!r}; "
                                 f"write '#+ param: NAME TYPE [= DEFAULT] -- doc' with TYPE one of "
                                 f"{', '.join(PARAM_TYPES)}")
            params.append(Param(pm.group(1), pm.group(2), pm.group(3), pm.group(4) or ""))
    return NamedQuery(name, text, summary, variables, tuple(params), path)


def named_queries() -> dict[str, NamedQuery]:
    """Every named question shipped with the package, by name."""
    out = {}
    for entry in sorted(resources.files("labourkg.queries").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out[name] = parse_query(entry.read_text(encoding="utf-8"), name, entry.name)
    return out


def resolve_query(spec: str) -> NamedQuery:
    """A named question, a path to a .rq file, or SPARQL text."""
    spec = spec.strip()
    queries = named_queries()
    if spec in queries:
        return queries[spec]
    if spec.endswith(".rq") and "\n" not in spec:
        path = Path(spec)
        if not path.is_file():
            raise QueryError(f"query file not found: {spec}")
        return parse_query(path.read_text(encoding="utf-8"), path.stem, str(path))
    if re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", spec, re.I):
        return parse_query(spec)
    raise QueryError(f"unknown query {spec!r}: give a named question (see `labourkg queries`), "
                     f"a .rq file or SPARQL text")


def fold(text: str) -> str:
    """Case, accents, punctuation and spacing folded: how names are compared."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def literal_for(param: Param, value: object) -> Literal | NamedNode:
    """The RDF term a parameter value is bound as (entities are looked up by the store)."""
    text = str(value)
    try:
        if param.type == "date":
            d = value if isinstance(value, date) else date.fromisoformat(text)
            return Literal(d.isoformat(), datatype=NamedNode(_XSD + "date"))
        if param.type == "integer":
            return Literal(str(int(text)), datatype=NamedNode(_XSD + "integer"))
        if param.type == "decimal":
            return Literal(str(float(text)), datatype=NamedNode(_XSD + "decimal"))
        if param.type == "iri":
            if not re.match(r"^[a-zA-Z][\w+.-]*:[^\s<>\"{}|\\^`]*$", text):
                raise ValueError("not an absolute IRI")
            return NamedNode(text)
    except ValueError as exc:
        raise QueryError(f"parameter {param.name}: {text!r} is not a valid {param.type} ({exc})") from None
    return Literal(text)


def _term_json(term) -> dict:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype.value != _XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, Triple):
        return {"type": "triple", "value": {k: _term_json(getattr(term, k))
                                            for k in ("subject", "predicate", "object")}}
    raise TypeError(term)


def _value(term) -> str | None:
    if term is None:
        return None
    return term.value if hasattr(term, "value") else str(term)


@dataclass
class QueryResult:
    """The answer to one question: solutions (SELECT), a boolean (ASK) or triples."""

    vars: list[str] = field(default_factory=list)
    solutions: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] | None = None

    @property
    def rows(self) -> list[dict[str, str | None]]:
        """Solutions as plain strings, one dict per row (unbound = None)."""
        return [{v: _value(t) for v, t in zip(self.vars, sol)} for sol in self.solutions]

    def __len__(self) -> int:
        if self.triples is not None:
            return len(self.triples)
        return len(self.solutions)

    def to_dataframe(self):
        """A pandas DataFrame of the rows (pandas is optional, not a dependency)."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError("to_dataframe() needs pandas: pip install pandas") from exc
        return pd.DataFrame(self.rows, columns=self.vars)

    def serialize(self, format: str = "json") -> str:
        """json (SPARQL 1.1 Query Results JSON), csv, tsv, xml; turtle/ntriples for graphs."""
        if self.triples is not None:
            return _serialize_triples(self.triples, format)
        fmt = format.lower()
        if fmt == "json":
            if self.boolean is not None:
                return json.dumps({"head": {}, "boolean": self.boolean}, indent=2)
            bindings = [{v: _term_json(t) for v, t in zip(self.vars, sol) if t is not None}
                        for sol in self.solutions]
            return json.dumps({"head": {"vars": self.vars}, "results": {"bindings": bindings}},
                              indent=2, ensure_ascii=False)
        if fmt == "csv":
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\r\n")
            writer.writerow(self.vars if self.boolean is None else ["boolean"])
            if self.boolean is not None:
                writer.writerow([str(self.boolean).lower()])
            for row in self.rows:
                writer.writerow(["" if row[v] is None else row[v] for v in self.vars])
            return buf.getvalue()
        if fmt == "tsv":
            lines = ["\t".join("?" + v for v in self.vars)]
            for sol in self.solutions:
                lines.append("\t".join("" if t is None else _tsv_term(t) for t in sol))
            return "\n".join(lines) + "\n"
        if fmt == "xml":
            return _xml(self)
        if fmt == "table":
            return _plain_table(self)
        raise QueryError(f"unknown result format {format!r}; use one of {', '.join(RESULT_FORMATS)}")


def _tsv_term(term) -> str:
    text = str(term)
    return text.replace("\t", "\\t").replace("\n", "\\n")


def _xml(result: QueryResult) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
           "  <head>"]
    out += [f"    <variable name={quoteattr(v)}/>" for v in result.vars]
    out.append("  </head>")
    if result.boolean is not None:
        out.append(f"  <boolean>{str(result.boolean).lower()}</boolean>")
    else:
        out.append("  <results>")
        for sol in result.solutions:
            out.append("    <result>")
            for v, t in zip(result.vars, sol):
                if t is None:
                    continue
                if isinstance(t, NamedNode):
                    inner = f"<uri>{escape(t.value)}</uri>"
                elif isinstance(t, BlankNode):
                    inner = f"<bnode>{escape(t.value)}</bnode>"
                elif t.language:
                    inner = f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
                elif t.datatype and t.datatype.value != _XSD + "string":
                    inner = f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
                else:
                    inner = f"<literal>{escape(t.value)}</literal>"
                out.append(f"      <binding name={quoteattr(v)}>{inner}</binding>")
            out.append("    </result>")
        out.append("  </results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _plain_table(result: QueryResult) -> str:
    rows = [["" if r[v] is None else r[v] for v in result.vars] for r in result.rows]
    widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(result.vars)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(result.vars), line(["-" * w for w in widths])] + [line(r) for r in rows]) + "\n"


def _serialize_triples(triples: list[Triple], format: str) -> str:
    from pyoxigraph import RdfFormat, serialize

    from labourkg.ontology import PREFIXES

    formats = {"turtle": RdfFormat.TURTLE, "ttl": RdfFormat.TURTLE,
               "ntriples": RdfFormat.N_TRIPLES, "nt": RdfFormat.N_TRIPLES,
               "jsonld": RdfFormat.JSON_LD, "xml": RdfFormat.RDF_XML, "json": RdfFormat.JSON_LD}
    if format.lower() not in formats:
        raise QueryError(f"graph results serialize as turtle, ntriples, jsonld or xml, not {format!r}")
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    data = serialize(ordered, format=formats[format.lower()], prefixes=PREFIXES)
    return data.decode("utf-8")
