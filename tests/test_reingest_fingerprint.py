"""A re-ingest skips an article only when the article, the extractor and the lexicon
are all unchanged: an analyst who adds an organisation to a lexicon gets it found in
the articles already ingested, without --force."""

from __future__ import annotations

from labourkg.graph.store import KnowledgeGraph
from labourkg.loaders.emit import extractor_fingerprint, fingerprint
from labourkg.loaders.lexicon import load_lexicon
from labourkg.loaders.model import Article

ARTICLE = """Portal Kerja Nusantara

Kemnaker dan Yayasan Pelangi Kerja Teken Kerja Sama Pelatihan

Jakarta - Kementerian Ketenagakerjaan menandatangani nota kesepahaman dengan Yayasan Pelangi Kerja tentang pelatihan vokasi bagi calon pekerja migran pada Senin (3/6/2024).

Kerja sama itu berlaku selama tiga tahun dan mencakup pelatihan bahasa serta keterampilan kerja.
"""

LEXICON = ("key\tkind\tcountry\tparent\tunit\tname_id\tname_en\tsubject_id\tsubject_en\tsubject_aliases\taliases\n"
           "pelangi\tngo\tID\t\t\tYayasan Pelangi Kerja\tPelangi Work Foundation\t\t\t\tYPK\n")

NAME = "Yayasan Pelangi Kerja"


def _names(kg) -> set[str]:
    return {r["name"] for r in kg.query("organizations").rows}


def test_a_lexicon_edit_re_extracts_the_articles_already_stored(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    extra = tmp_path / "extra.tsv"
    extra.write_text(LEXICON, encoding="utf-8")
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        first = kg.ingest([tmp_path / "a.txt"])
        assert first.articles == 1
        assert kg.ingest([tmp_path / "a.txt"]).unchanged == 1          # nothing changed: skipped
        again = kg.ingest([tmp_path / "a.txt"], lexicon=[extra])
        assert again.articles == 1 and again.unchanged == 0             # the lexicon changed
        assert NAME in _names(kg)
        assert kg.ingest([tmp_path / "a.txt"], lexicon=[extra]).unchanged == 1
        extra.write_text(LEXICON.replace("YPK", "YPK|Pelangi"), encoding="utf-8")
        assert kg.ingest([tmp_path / "a.txt"], lexicon=[extra]).articles == 1


def test_the_content_hash_covers_article_extractor_and_lexicon():
    article = Article(key="a.txt", source="a.txt", text="Teks.", format="txt")
    plain = load_lexicon()
    assert plain.fingerprint and len(plain.fingerprint) == 64
    assert fingerprint(article, plain.fingerprint) == fingerprint(article, load_lexicon().fingerprint)
    assert fingerprint(article, plain.fingerprint) != fingerprint(article, "another lexicon")
    changed = Article(key="a.txt", source="a.txt", text="Teks lain.", format="txt")
    assert fingerprint(article) != fingerprint(changed)
    assert len(extractor_fingerprint()) == 64
