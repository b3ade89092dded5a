"""Parameters written into SPARQL text as RDF terms, never as query syntax.

A remote endpoint has no Oxigraph substitutions, so `bind_values` opens the WHERE
group with a VALUES block. Locally, `inline_params` writes each bound term in place
of its variable: Oxigraph's optimiser plans around constants but not around
substituted variables (one official's chain on 10 000 articles: 0.75 s substituted,
24 ms inlined). Either way a value is an N-Triples term with every quote, backslash
and line break escaped, so it cannot become syntax.
"""

from __future__ import annotations

import re

from pyoxigraph import BlankNode, Literal, NamedNode

from labourkg.graph.query import QueryError

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"^[a-zA-Z]+(-[a-zA-Z0-9]+)*$")
_VARNAME = re.compile(r"^[A-Za-z0-9_]+$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
TOKEN = re.compile("|".join([
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""',
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"(?:[^"\\\n]|\\.)*"',
    r"'(?:[^'\\\n]|\\.)*'",
    r'<[^<>"{}|^`\\\x00-\x20]*>',
    r"#[^\n]*",
    r"[?$]\w+",
    r"[A-Za-z_][\w.-]*:[\w.%:-]*|:[\w.%:-]*)",
    r"(?P<word>[A-Za-z]+)",
    r"(?P<open>[{(\[])",
    r"(?P<close>[})\]])",
]))

def sparql_term(term) -> str:
    """An IRI or literal in N-Triples syntax, safe to place in a query's VALUES block."""
    if isinstance(term, NamedNode):
        if _IRI_BAD.search(term.value):
            raise QueryError(f"{term.value!r} cannot be written as an IRI")
        return f"<{term.value}>"
    if isinstance(term, Literal):
        text = '"' + "".join(_escape(c) for c in term.value) + '"'
        if term.language:
            if not _LANG.match(term.language):
                raise QueryError(f"{term.language!r} is not a language tag")
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype.value != _XSD_STRING:
            return f"{text}^^{sparql_term(term.datatype)}"
        return text
    if isinstance(term, BlankNode):
        raise QueryError("a blank node cannot be bound as a parameter")
    raise QueryError(f"cannot bind {term!r} as a parameter")


def _escape(c: str) -> str:
    if c in _ESCAPES:
        return _ESCAPES[c]
    if ord(c) < 0x20 or ord(c) == 0x7F:
        return f"\\u{ord(c):04X}"
    return c


def bind_values(query_text: str, bindings: dict[str, Literal | NamedNode]) -> str:
    """The query with `VALUES (?a ?b) { (term term) }` opening its WHERE group.

    Comments, strings and IRIs are skipped when looking for the group, so a `{`
    inside them does not count. The block stays on the line of the `{`, which
    keeps line numbers in error messages right.
    """
    if not bindings:
        return query_text
    for name in bindings:
        if not _VARNAME.match(name):
            raise QueryError(f"parameter {name!r}: not a SPARQL variable name")
    names = sorted(bindings)
    block = (" VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
             + " ".join(sparql_term(bindings[n]) for n in names) + ") }")
    at = where_group(query_text)
    return query_text[:at + 1] + block + query_text[at + 1:]


def where_group(query_text: str) -> int:
    """Index of the `{` that opens the query's WHERE group."""
    depth, form, saw_where, template = 0, None, False, False
    for m in TOKEN.finditer(query_text):
        if m.lastgroup == "word" and depth == 0:
            word = m.group().upper()
            if form is None and word in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
                form = word
            elif word == "WHERE":
                saw_where = True
        elif m.lastgroup == "open":
            if depth == 0 and m.group() == "{":
                if form == "CONSTRUCT" and not saw_where and not template:
                    template = True          # CONSTRUCT { template } [WHERE] { group }
                elif form == "CONSTRUCT" and not template:
                    raise QueryError("parameters cannot be bound in the short form "
                                     "CONSTRUCT WHERE { ... }: write CONSTRUCT { ... } WHERE { ... }")
                else:
                    return m.start()
            depth += 1
        elif m.lastgroup == "close":
            depth = max(depth - 1, 0)
    raise QueryError("cannot bind parameters: the query has no WHERE group")


def where_body(query_text: str) -> tuple[int, int]:
    """(start, end) of what the query's WHERE group holds, between its braces."""
    at = where_group(query_text)
    depth = 0
    for m in TOKEN.finditer(query_text, at):
        if m.lastgroup == "open":
            depth += 1
        elif m.lastgroup == "close":
            depth -= 1
            if depth == 0:
                return at + 1, m.start()
    raise QueryError("the query's WHERE group is not closed")


def prologue(query_text: str) -> str:
    """The BASE and PREFIX declarations (and comments) before the query form."""
    for m in TOKEN.finditer(query_text):
        if m.lastgroup == "word" and m.group().upper() in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
            return query_text[:m.start()]
    return query_text


def spread(query_text: str, name: str, terms: list) -> str | None:
    """The query with its WHERE group asked once per term, ?name written as the term in
    each copy: `{ copy1 } UNION { copy2 } ...` (no copy: a group with no solution).
    None where inline_params would refuse. The answer is the part of the original's
    answer where ?name is one of the terms."""
    start, end = where_body(query_text)
    body = query_text[start:end]
    copies = []
    for term in terms:
        one = inline_params("SELECT * WHERE {" + body + "}", {name: term})
        if one is None:
            return None
        copies.append("{" + one[one.index("{") + 1:one.rindex("}")] + "}")
    return query_text[:start] + (" UNION ".join(copies) or "FILTER(false)") + query_text[end:]


def inline_params(query_text: str, bindings: dict[str, Literal | NamedNode]) -> str | None:
    """The query with each bound variable replaced by its term, and dropped from the
    SELECT clauses that list it; None where that would change what the query means
    (the variable is a BIND or AS target, in a VALUES block, or the argument of BOUND,
    which takes only a variable): bind it another way.

    A result no longer has the parameters' columns.
    """
    if not bindings:
        return query_text
    terms = {name: sparql_term(term) for name, term in bindings.items()}
    out, at = [], 0
    select_depth = None         # paren depth inside a SELECT clause, None outside one
    last_word = ""
    in_values = False
    ordering = False            # in a GROUP BY or ORDER BY list: a term needs brackets there
    for m in TOKEN.finditer(query_text):
        kind, text = m.lastgroup, m.group()
        if kind == "word":
            word = text.upper()
            if word == "SELECT":
                select_depth = 0
            elif word == "WHERE" and select_depth == 0:
                select_depth = None
            elif word == "VALUES":
                in_values = True
            if word == "BY" and last_word in ("GROUP", "ORDER"):
                ordering = True
            elif word in ("HAVING", "LIMIT", "OFFSET", "VALUES", "SELECT", "WHERE"):
                ordering = False
            last_word = word
            continue
        if kind == "open":
            if text == "{":
                select_depth, in_values, ordering = None, False, False
            elif select_depth is not None:
                select_depth += 1
            continue
        if kind == "close":
            if select_depth:
                select_depth -= 1
            if text == "}":
                ordering = False
            continue
        if kind != "skip" or text[0] not in "?$" or text[1:] not in terms:
            last_word = "" if kind == "skip" and text[0] in "?$" else last_word
            continue
        if last_word in ("AS", "BOUND") or in_values:
            return None
        out.append(query_text[at:m.start()])
        term = terms[text[1:]]
        out.append("" if select_depth == 0 else f"({term})" if ordering else term)
        at = m.end()
    out.append(query_text[at:])
    return "".join(out)
