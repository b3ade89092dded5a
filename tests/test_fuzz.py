"""Property tests over the whole reading pipeline: any input, no exception, valid RDF.

read -> clean -> extract (with dates) -> resolve -> emit is run on text drawn from
news-like tokens (Indonesian and English words, titles, ministries, countries,
agreement words, dates real and impossible, capitalised words, punctuation,
control and bidi characters) mixed with arbitrary Unicode. For every input:
no exception escapes, every IRI is valid, the graph survives an N-Quads round
trip, and it conforms to ontology/shapes.ttl.

`make fuzz` runs the same properties with many more examples
(LABOURKG_FUZZ_EXAMPLES) and prints how many inputs were tried.
"""

from __future__ import annotations

import atexit
import functools
import os
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, parse, serialize

from labourkg.loaders.clean import clean, sentences
from labourkg.loaders.extract.dates import find_dates, parse_published
from labourkg.loaders.model import Article, ReadProblem
from labourkg.loaders.read import decode_bytes, normalize_text, read_file, scan_head

EXAMPLES = int(os.environ.get("LABOURKG_FUZZ_EXAMPLES", "0"))
settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("fuzz", max_examples=max(EXAMPLES, 1), deadline=None,
                          suppress_health_check=list(HealthCheck))
PROFILE = settings.get_profile("fuzz" if EXAMPLES else "ci")
TRIED: dict[str, int] = {}


def _count(name: str) -> None:
    TRIED[name] = TRIED.get(name, 0) + 1


@atexit.register
def _report() -> None:
    if EXAMPLES and TRIED:                   # the figures `make fuzz` puts in front of the reader
        total = sum(TRIED.values())
        print(f"\nfuzz: {total} inputs tried: "
              + ", ".join(f"{k} {v}" for k, v in sorted(TRIED.items())))


# -- news-like text ------------------------------------------------------------------------

WORDS = """Menteri Ketenagakerjaan Kementerian Republik Indonesia bertemu dengan Duta Besar
Wakil Menteri Direktur Jenderal Dirjen Binapenta PKK Sekjen Kepala Biro Kerja Sama Luar Negeri
Atase Ketenagakerjaan Kemnaker KBRI BP2MI ILO IOM ASEAN Better Work Jepang Japan Malaysia
Arab Saudi Saudi Arabia Korea Selatan Taiwan Hong Kong Jenewa Geneva Jakarta Tokyo Riyadh
Kuala Lumpur Minister of Manpower Ministry Labour Department Ambassador Deputy Director General
menandatangani nota kesepahaman MoU MoC Memorandum of Understanding Plan of Action perjanjian
protokol deklarasi signed met discussed kunjungan kehormatan courtesy call pertemuan bilateral
sidang Joint Working Group JWG pekerja migran perlindungan pelatihan vokasi penempatan
the and of to in with for on at by said yang dan di ke dari untuk pada dalam akan juga
Bapak Ibu Dr. Prof. H. Ir. S.H. M.Si. Plt. Pj. mantan former acting
Senin Selasa Rabu Kamis Jumat Sabtu Minggu Monday Tuesday Friday Januari Februari Maret Mei
Juni Agustus Desember January February May June December WIB""".split()
NAMES = ["Budi Santoso", "Rina Kusumawati", "Hiroshi Tanabe", "Siti Aminah", "Ahmad Faizal",
         "Maria Lopez", "Kim Soo-jin", "Nguyen Van An", "O'Brien", "Jean-Luc Picard", "Ali bin Abu"]
DATES = ["Senin (31/2)", "31/2", "Jumat (14/6/2024)", "29 Februari 2023", "30 Februari 2024",
         "14 Juni 2024", "May 14, 2024", "Tuesday, May 14, 2024", "2024-06-10", "10-12 Maret 2024",
         "Sabtu (32/13)", "(0/0)", "1/1/0001", "31 Desember 9999", "Minggu (7/7)", "Rabu (29/2)",
         "June 31, 2024", "Kamis, 1 Januari 1970", "99/99/9999", "12/2024", "2024"]
PUNCT = [".", ",", ";", ":", "(", ")", "\"", "'", "“", "”", "-", "–", "—", "/", "&", "\n", "\n\n",
         "\r\n", "\t", "  ", "*", "»", "|", "...", "?", "!", "#", "<", ">", "{", "}", "\\"]
ODD = ["\u200b", "\u200e", "\u202e", "\u2066", "\ufeff", "\x00", "\x07", "\x1b", "\x7f", "\u00ad",
       "\u2028", "\ud7ff", "\U0001f600", "é", "e\u0301", "ß", "İ", "ﬁ", "Ⅻ", "٣", "中文", "עברית"]

token = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(NAMES), st.sampled_from(DATES), st.sampled_from(PUNCT),
    st.sampled_from(ODD),
    st.from_regex(r"[A-Z][a-z]{1,9}", fullmatch=True),           # capitalised words: name-like
    st.from_regex(r"[A-Z]{2,6}", fullmatch=True),                # acronyms
    st.integers(min_value=0, max_value=10**6).map(str),
    st.text(max_size=6),                                          # anything at all
)
news_text = st.lists(token, max_size=120).map(lambda parts: " ".join(parts))
any_text = st.one_of(news_text, st.text(max_size=300))
optional_text = st.one_of(st.none(), any_text.map(lambda t: t[:80]))
dates = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


@st.composite
def records(draw) -> dict:
    """One scraped article as a JSON Lines object, fields of any shape."""
    obj = {"text": draw(any_text), "title": draw(optional_text), "url": draw(optional_text),
           "source": draw(optional_text),
           "language": draw(st.one_of(st.none(), st.sampled_from(["id", "en", "id-ID", "English",
                                                                  "fr", "x y", "", "zz-ZZ-x"]),
                                      st.text(max_size=8)))}
    published = draw(dates)
    obj["published"] = published.isoformat() if published else draw(optional_text)
    return obj


def read_back(tmp_path_factory, obj: dict) -> Article | ReadProblem:
    """What the reader makes of `obj` as the only line of a .jsonl file."""
    import json

    path = tmp_path_factory.mktemp("fuzz") / "feed.jsonl"
    path.write_text(json.dumps(obj) + "\n", encoding="utf-8")
    item, = read_file(path, path.parent)
    if isinstance(item, ReadProblem):
        assert item.line == 1 and item.reason and item.hint and item.path == str(path)
    else:
        assert item.text.strip() and item.language in ("id", "en")
    return item


# -- checks ---------------------------------------------------------------------------------

# RFC 3987 forbids these in an IRI; pyoxigraph's parser is the reference below
_BAD_IRI = re.compile(r"[\x00-\x20<>\"{}|\\^`\x7f-\x9f]")


@functools.lru_cache(maxsize=1)
def _lexicon():
    from labourkg.loaders.lexicon import load_lexicon
    return load_lexicon(())


@functools.lru_cache(maxsize=1)
def _shapes():
    import rdflib

    from labourkg.ontology import data_file
    return rdflib.Graph().parse(data=data_file("shapes.ttl"), format="turtle")


def conforms(quads) -> tuple[bool, str]:
    import pyshacl
    import rdflib

    data = rdflib.Graph()
    nt = serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES)
    data.parse(data=nt.decode("utf-8"), format="nt")
    ok, _, text = pyshacl.validate(data, shacl_graph=_shapes(), inference="none", advanced=True,
                                   allow_warnings=True)
    return bool(ok), text


def check_graph(quads) -> None:
    assert quads, "every article has at least its own description"
    graphs = {q.graph_name for q in quads}
    assert len(graphs) == 1 and isinstance(next(iter(graphs)), NamedNode)
    for q in quads:
        for term in (q.subject, q.predicate, q.object, q.graph_name):
            assert not isinstance(term, BlankNode)
            if isinstance(term, NamedNode):
                assert term.value.startswith(("https://w3id.org/labourkg/", "http://", "https://")), term
                assert not _BAD_IRI.search(term.value), term
            elif isinstance(term, Literal):
                assert "\x00" not in term.value
    data = serialize(quads, format=RdfFormat.N_QUADS)
    back = list(parse(data, format=RdfFormat.N_QUADS))
    assert sorted(map(str, back)) == sorted(map(str, quads))
    ok, text = conforms(quads)
    assert ok, text


# -- properties -----------------------------------------------------------------------------


@PROFILE
@given(records())
def test_pipeline_gives_valid_conforming_rdf(tmp_path_factory, obj):
    from labourkg.loaders.pipeline import article_quads
    _count("pipeline")
    article = read_back(tmp_path_factory, obj)
    if isinstance(article, Article):
        check_graph(article_quads(article, _lexicon()))


@PROFILE
@given(any_text, dates, st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_dates_never_raise_and_are_real(text, published, today):
    _count("dates")
    found = find_dates(text, published=published, today=today)
    assert [d.start for d in found] == sorted(d.start for d in found)
    for d in found:
        assert isinstance(d.value, date)
        assert 0 <= d.start <= d.end <= len(text)
    assert parse_published(text) is None or isinstance(parse_published(text), date)


@PROFILE
@given(records())
def test_clean_and_sentences_never_raise(tmp_path_factory, obj):
    _count("clean")
    article = read_back(tmp_path_factory, obj)
    if isinstance(article, ReadProblem):
        return
    body = clean(article)
    assert isinstance(body.text, str)
    for start, end, sentence in sentences(body.text):
        assert body.text[start:end] == sentence


@PROFILE
@given(st.binary(max_size=600), st.sampled_from([".txt", ".html", ".jsonl"]))
def test_any_bytes_read_to_articles_or_problems(tmp_path_factory, data, suffix):
    _count("read")
    text, encoding = decode_bytes(data)
    assert isinstance(text, str) and encoding
    scan_head(normalize_text(text))
    path = tmp_path_factory.mktemp("fuzz") / ("input" + suffix)
    path.write_bytes(data)
    items = list(read_file(path, path.parent))
    assert items or suffix == ".jsonl"          # blank JSONL lines are skipped, not errors
    for item in items:
        assert isinstance(item, (Article, ReadProblem))
        if isinstance(item, ReadProblem):
            assert item.path == str(path) and item.reason and item.hint
        else:
            assert item.text.strip() and item.language in ("id", "en")


@PROFILE
@given(st.dictionaries(st.sampled_from(["text", "content", "title", "url", "published", "date",
                                        "source", "publisher", "language"]),
                       st.one_of(any_text, st.none(), st.integers(), st.lists(st.text(max_size=5)),
                                 st.booleans(), st.floats())))
def test_any_jsonl_object_reads_and_emits(tmp_path_factory, obj):
    from labourkg.loaders.pipeline import article_quads
    _count("jsonl")
    item = read_back(tmp_path_factory, obj)
    if isinstance(item, Article):
        check_graph(article_quads(item, _lexicon()))


@PROFILE
@given(st.lists(st.sampled_from(WORDS + NAMES), min_size=1, max_size=30).map(" ".join),
       st.sampled_from(["id", "en"]))
def test_resolve_is_deterministic(text, language):
    from labourkg.loaders.pipeline import article_quads
    _count("determinism")
    article = Article(key="d.txt", source="d.txt", text=text, format="txt", language=language)
    assert article_quads(article, _lexicon()) == article_quads(article, _lexicon())


# -- parameters of the named questions stay values ----------------------------------------------


@functools.lru_cache(maxsize=1)
def _small_graph():
    """Two invented articles through the real pipeline (a store with entities to look up)."""
    from labourkg.graph.store import KnowledgeGraph
    from labourkg.loaders.pipeline import article_quads

    kg = KnowledgeGraph.memory()
    for key, text in (("a.txt", "JAKARTA - Menteri Ketenagakerjaan Ratih Pramesti menandatangani nota "
                                "kesepahaman dengan Menteri Tenaga Kerja Malaysia di Kuala Lumpur pada "
                                "Kamis (14/3/2024)."),
                      ("b.txt", "TOKYO - Indonesia and Japan signed a memorandum of cooperation on skilled "
                                "workers in Tokyo on Tuesday, May 14, 2024.")):
        article = Article(key=key, source=key, text=text, format="txt", language="id" if key == "a.txt" else "en")
        quads = article_quads(article, _lexicon())
        kg.replace_graph(quads[0].graph_name, quads)
    return kg


def _parameters():
    from labourkg.graph.query import named_queries
    return sorted((name, p.name, p.type) for name, nq in named_queries().items() for p in nq.params)


hostile_value = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(['"', "'", "}", "{", " UNION { ?s ?p ?o }", "; DROP ALL", "#", "\n", "\\",
                              "<http://evil.example/>", "?s", "2024-06-10", "0.5", "Indonesia", "Kemnaker",
                              "\"\"\"", "^^xsd:string", "@en", ")", " .", "LIMIT 0", "\x00",
                              "https://w3id.org/labourkg/", "https://w3id.org/labourkg/id/org/kemnaker"]),
             min_size=1, max_size=8).map("".join))


@PROFILE
@given(st.sampled_from(_parameters()), hostile_value)
def test_named_question_parameters_never_reach_query_text(target, value):
    import labourkg.graph.store as store_module
    from labourkg.graph.query import NamedQuery, QueryError, named_queries

    _count("parameters")
    name, param, kind = target
    kg = _small_graph()
    before = sorted(map(str, kg.quads()))
    ran: list[tuple[NamedQuery, dict]] = []
    real = store_module.run_query

    def spy(store, nq, bindings, **kwargs):
        ran.append((nq, bindings))
        return real(store, nq, bindings, **kwargs)

    store_module.run_query = spy
    try:
        try:
            result = kg.query(name, **{param: value})
        except ValueError:                      # QueryError, or an IRI pyoxigraph refuses to build
            assert not ran                      # refused before anything ran
            return
    finally:
        store_module.run_query = real
    (nq, bindings), = ran
    assert nq.text == named_queries()[name].text          # the text is the stored question, untouched
    for term in bindings.values():
        assert isinstance(term, (Literal, NamedNode))
    if value.strip() and param in bindings and kind == "string":
        assert bindings[param] == Literal(value)             # the value, whole, as one literal
    if kind == "entity" and value.strip() and param in bindings:
        assert bindings[param].value.startswith("https://w3id.org/labourkg/")
    assert isinstance(result.rows, list)
    # written into the text as a constant (run_query inlines), each value is one escaped
    # term: one token, and the same answer as binding it by substitution
    from labourkg.graph.sparql_text import TOKEN, sparql_term
    for term in bindings.values():
        text = sparql_term(term)
        quoted = text if isinstance(term, NamedNode) else text[:text.rindex('"') + 1]
        assert TOKEN.match(quoted).end() == len(quoted)
    substituted = real(kg.store, nq, bindings, inline=False)
    assert substituted.rows == result.rows
    assert sorted(map(str, kg.quads())) == before


def test_a_malformed_entity_iri_parameter_is_a_query_error():
    from labourkg.graph.query import QueryError
    try:
        _small_graph().query("agreements_with_partner", partner='https://w3id.org/labourkg/"')
    except QueryError:
        return
