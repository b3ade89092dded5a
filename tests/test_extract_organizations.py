"""Organisations: lexicon names, acronym definitions, embassies, countries."""

from __future__ import annotations

from labourkg.loaders.extract import extract
from labourkg.loaders.lexicon import load_lexicon
from labourkg.loaders.model import Article
from labourkg.loaders.resolve import resolve


def facts(text: str, lang: str = "id"):
    lex = load_lexicon()
    art = Article(key="t.txt", source="t.txt", text=text, format="txt", language=lang)
    return resolve(art, extract(art, lex), lex)


def orgs(text: str, lang: str = "id"):
    return {o.key: o for o in facts(text, lang).organizations}


def test_acronym_and_expansion_are_one_org():
    got = orgs("Kemnaker bekerja sama dengan Nusantara Care Workers Association (NCWA). "
               "Setelah itu NCWA akan melatih perawat.")
    made = [o for o in got.values() if "NCWA" in o.aliases or o.name == "NCWA"]
    assert len(made) == 1
    assert "kemnaker" in got and "country:ID" in got


def test_embassy_pattern():
    got = orgs("Kedutaan Besar Republik Indonesia (KBRI) di Tokyo menggelar pameran kerja.")
    emb = got["id.embassy-jp"]
    assert emb.country == "country:ID" and emb.kind == "government"


def test_country_that_only_places_a_city_is_not_an_org():
    got = orgs("Menteri Ketenagakerjaan Sri Handayani bertemu mitranya di Baku, Azerbaijan.")
    assert "country:AZ" not in got


def test_foreign_ministry_from_title():
    got = orgs("Menteri Tenaga Kerja Jepang Taro Yamada bertemu Menaker di Tokyo.")
    jp = [o for o in got.values() if o.country == "country:JP" and o.kind == "government"]
    assert jp, got


def test_embassy_label_puts_the_before_plural_and_union_country_names():
    from labourkg.loaders.extract.organizations import with_the

    assert with_the("Philippines") == "the Philippines"
    assert with_the("United Arab Emirates") == "the United Arab Emirates"
    assert with_the("Japan") == "Japan" and with_the("Saudi Arabia") == "Saudi Arabia"


def test_a_ministry_name_that_runs_on_to_a_foreign_country_is_that_country_s():
    from labourkg.loaders.extract import extract
    from labourkg.loaders.lexicon import load_lexicon
    from labourkg.loaders.model import Article
    from labourkg.loaders.resolve import resolve

    text = ("Kemnaker dan Kementerian Tenaga Kerja dan Jaminan Sosial Argentina sepakat menyusun "
            "program pelatihan bersama di Buenos Aires, Selasa (3/9/2024).")
    lex = load_lexicon()
    art = Article(key="o.txt", source="o.txt", text=text, format="txt", language="id")
    orgs = {o.name: o for o in resolve(art, extract(art, lex), lex).organizations}
    foreign = orgs.get("Kementerian Tenaga Kerja dan Jaminan Sosial Argentina")
    assert foreign is not None and foreign.country == "country:AR"
    assert "Kementerian Tenaga Kerja" not in orgs


def test_delegasi_is_not_the_first_word_of_a_body_s_name():
    from labourkg.loaders.extract import extract
    from labourkg.loaders.lexicon import load_lexicon
    from labourkg.loaders.model import Article
    from labourkg.loaders.resolve import resolve

    text = ("Delegasi Badan Nasional Pelatihan Kerja Maladewa (BNPKM) mengunjungi Kemnaker di "
            "Jakarta, Senin (2/9/2024).")
    lex = load_lexicon()
    art = Article(key="d.txt", source="d.txt", text=text, format="txt", language="id")
    names = {o.name for o in resolve(art, extract(art, lex), lex).organizations}
    assert "Badan Nasional Pelatihan Kerja Maladewa" in names
    assert not any(n.startswith("Delegasi") for n in names)
