"""One agreement reported by two outlets in different words is one node; unrelated ones are not."""

from __future__ import annotations

from labourkg.graph.store import KnowledgeGraph

SIGNED = """Kabar Buruh Nusantara

Indonesia dan Malaysia Teken MoU Pekerja Rumah Tangga

KUALA LUMPUR - Menteri Ketenagakerjaan Rahmat Sulistyo dan Menteri Sumber Manusia Malaysia menandatangani nota kesepahaman tentang penempatan dan pelindungan pekerja rumah tangga di Kuala Lumpur, Senin (5/8/2024). Nota kesepahaman itu berlaku lima tahun.
"""

RENEWED = """Borneo Work Daily

KUCHING: Malaysia and Indonesia renewed the memorandum of understanding on the recruitment, placement and protection of Indonesian domestic workers on Tuesday (August 5, 2025), the Human Resources Ministry said. Indonesian Manpower Minister Rahmat Sulistyo attended.
"""

OTHER = """Kabar Buruh Nusantara

Indonesia dan Jepang Teken MoU Perawat

TOKYO - Menteri Ketenagakerjaan Rahmat Sulistyo dan Menteri Kesehatan, Tenaga Kerja dan Kesejahteraan Jepang menandatangani nota kesepahaman tentang penempatan perawat lansia di Tokyo, Selasa (6/8/2024).
"""


def test_same_agreement_in_two_articles_is_one_node(tmp_path):
    for name, text in (("signed.txt", SIGNED), ("renewed.txt", RENEWED), ("other.txt", OTHER)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    kg = KnowledgeGraph.memory()
    report = kg.ingest([tmp_path])
    assert report.articles == 3 and not report.failures
    rows = kg.query("""
        PREFIX lkg: <https://w3id.org/labourkg/ontology#>
        SELECT ?source ?a WHERE { GRAPH ?g { ?g lkg:sourceFile ?source . ?a a lkg:Agreement } }
    """).rows
    by_source: dict[str, set[str]] = {}
    for r in rows:
        by_source.setdefault(r["source"], set()).add(r["a"])
    assert by_source["signed.txt"] & by_source["renewed.txt"]          # the MoU, told twice
    assert not (by_source["other.txt"] & by_source["signed.txt"])     # a different MoU
    # and the store answers with both articles as sources of that one agreement
    same = (by_source["signed.txt"] & by_source["renewed.txt"]).pop()
    assert {r["source"] for r in rows if r["a"] == same} == {"signed.txt", "renewed.txt"}
