"""Agreements: names, acronyms, kinds, statuses, parties."""

from __future__ import annotations

from labourkg.loaders.extract import extract
from labourkg.loaders.lexicon import load_lexicon
from labourkg.loaders.model import Article
from labourkg.loaders.resolve import resolve


def facts(text: str, lang: str = "id"):
    lex = load_lexicon()
    art = Article(key="t.txt", source="t.txt", text=text, format="txt", language=lang)
    return resolve(art, extract(art, lex), lex)


def agreements(text: str, lang: str = "id"):
    return facts(text, lang).agreements


def test_named_protocol_with_acronym_and_parties():
    got = agreements("Kemnaker menandatangani Protokol Pengawasan Bersama (Joint Inspection "
                     "Protocol) pada Senin (4/3/2024). Protokol itu antara Kemnaker dengan "
                     "Organisasi Perburuhan Internasional. JIP berlaku dua tahun.")
    assert len(got) == 1
    a = got[0]
    assert a.kind == "protocol" and a.status == "signed"
    assert "Joint Inspection Protocol" in a.aliases or a.name == "Joint Inspection Protocol"
    assert set(a.parties) == {"country:ID", "ilo"}


def test_described_mou_between_countries_negotiating():
    got = agreements("Negosiasi perjanjian perikanan berkelanjutan antara Indonesia dan "
                     "Jepang terus berlanjut.")
    assert [a.name for a in got] == ["perjanjian perikanan berkelanjutan"]
    assert got[0].status == "negotiating"
    assert set(got[0].parties) == {"country:ID", "country:JP"}


def test_renewal_and_proposal_status():
    assert agreements("Indonesia dan Turki sepakat memperbarui MoU ketenagakerjaan.")[0].status \
        == "renewed"
    got = agreements("Qatar and Indonesia are expected to sign a memorandum of understanding "
                     "next month in Doha.", "en")
    assert got[0].status == "proposed" and got[0].kind == "mou"
    assert set(got[0].parties) == {"country:ID", "country:QA"}


def test_generic_cooperation_word_is_no_agreement():
    assert agreements("Kerja sama ini akan memperkuat pelindungan pekerja.") == []


def test_countries_in_name_are_parties():
    got = agreements("The Canada-Mexico Labour Agreement remains in force.", "en")
    assert len(got) == 1
    assert set(got[0].parties) == {"country:CA", "country:MX"}


def test_an_instrument_named_inside_another_is_an_agreement_too():
    from labourkg.loaders.extract import extract
    from labourkg.loaders.lexicon import load_lexicon
    from labourkg.loaders.model import Article
    from labourkg.loaders.resolve import resolve

    text = ("Menteri Ketenagakerjaan Dewi Paramitha dan Menteri Tenaga Kerja Korea Selatan "
            "menandatangani Protokol Perubahan atas Nota Kesepahaman tentang Penempatan Pekerja "
            "Sektor Manufaktur di Seoul, Rabu (9/10/2024).")
    lex = load_lexicon()
    art = Article(key="n.txt", source="n.txt", text=text, format="txt", language="id")
    names = {a.name for a in resolve(art, extract(art, lex), lex).agreements}
    assert "Protokol Perubahan atas Nota Kesepahaman tentang Penempatan Pekerja Sektor Manufaktur" in names
    assert "Nota Kesepahaman tentang Penempatan Pekerja Sektor Manufaktur" in names
