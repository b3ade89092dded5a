"""resolve(): keys, names in the article's language, referential integrity, determinism."""

from __future__ import annotations

from labourkg.loaders.extract import extract
from labourkg.loaders.lexicon import load_lexicon
from labourkg.loaders.model import Article
from labourkg.loaders.resolve import resolve


def facts(text: str, lang: str = "id"):
    lex = load_lexicon()
    art = Article(key="t.txt", source="t.txt", text=text, format="txt", language=lang)
    return resolve(art, extract(art, lex), lex)

TEXT = ("Menteri Ketenagakerjaan Sri Handayani dan Menteri Tenaga Kerja Jepang Taro Yamada "
        "menandatangani Memorandum of Cooperation (MoC) tentang Perawat Lansia di Tokyo, "
        "Selasa (12/3/2024). \"MoC ini penting,\" kata Sri.")


def test_every_referenced_org_is_listed():
    f = facts(TEXT)
    keys = {o.key for o in f.organizations}
    for o in f.officials:
        assert set(o.agency) <= keys
    for a in f.agreements:
        assert set(a.parties) <= keys
    for m in f.meetings:
        assert set(m.participants) <= keys


def test_same_input_same_output_and_keys():
    a, b = facts(TEXT), facts(TEXT)
    assert a == b
    assert [o.key for o in a.officials] == ["sri handayani", "taro yamada"]
    agr = a.agreements
    assert len(agr) == 1 and agr[0].kind == "mou" and agr[0].status == "signed"
    assert set(agr[0].parties) >= {"country:ID"} and len(agr[0].parties) == 2


def test_org_name_in_article_language():
    names = {o.key: o.name for o in facts("Kemnaker and ILO met.", "en").organizations}
    assert names.get("country:ID") == "Indonesia"
    f = facts("Kemnaker bertemu ILO di Jakarta.")
    assert {o.key: o.name for o in f.organizations}["kemnaker"] in ("Kemnaker",
                                                                    "Kementerian Ketenagakerjaan")


def test_evidence_carries_sentence():
    f = facts(TEXT)
    assert all(o.evidence and o.evidence.sentence for o in f.officials)
    assert all(0 < o.evidence.confidence <= 1 for o in f.officials)


def test_schemes_and_passing_countries_are_not_organisations():
    from labourkg.loaders.lexicon import load_lexicon
    from labourkg.loaders.model import Article
    from labourkg.loaders.pipeline import read_facts

    text = ("Menteri Ketenagakerjaan Rahmat Sulistyo menerima Duta Besar Jepang untuk Indonesia, "
            "Kenji Moriyama, di Jakarta, Rabu (4/9/2024). Keduanya membahas penempatan pekerja "
            "melalui skema Specified Skilled Worker (SSW). Pekerja dari Vietnam dan Filipina juga "
            "banyak bekerja di Jepang, kata Rahmat.")
    facts = read_facts(Article(key="t", source="t.txt", text=text, format="txt", language="id"),
                       load_lexicon())
    names = {o.name for o in facts.organizations}
    kinds = {o.name: o.kind for o in facts.organizations}
    assert "Kementerian Ketenagakerjaan" in names
    assert not any("Specified Skilled" in n or n == "SSW" for n in names)
    assert "Vietnam" not in names and "Filipina" not in names       # named in passing only
    assert any(k == "country" and n in ("Jepang", "Japan") for n, k in kinds.items())  # the partner
