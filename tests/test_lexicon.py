"""The lexicon loader: indexes, normalisation, user TSVs, scanning."""

from __future__ import annotations

import pytest

from labourkg.loaders.lexicon import load_lexicon, norm

HEADER = ("key\tkind\tcountry\tparent\tunit\tname_id\tname_en\tsubject_id\tsubject_en\t"
          "subject_aliases\taliases\n")


def test_norm_folds_case_accents_punctuation_and_spelling():
    assert norm("Bundesagentur für  Arbeit") == norm("bundesagentur fur arbeit")
    assert norm("Ministry of Labour & Employment") == norm("Ministry of Labor and Employment")
    assert norm("U.S.") == "u s"


def test_default_lexicon_is_cached_and_indexed():
    lex = load_lexicon()
    assert lex is load_lexicon()
    assert lex.org("Kemnaker").key == "kemnaker"
    assert lex.country("Jepang").code == "JP"
    assert lex.country("Japanese").code == "JP"          # demonym
    assert lex.title("Dirjen") is not None


def test_user_tsv_adds_rows(tmp_path):
    f = tmp_path / "mine.tsv"
    f.write_text(HEADER + "zz.union\tunion\tID\t\t\tSerikat Pekerja Nusantara Raya\t\t\t\t\tSPNR\n",
                 encoding="utf-8")
    lex = load_lexicon([f])
    assert lex.org("SPNR").key == "zz.union"
    assert lex.org("serikat pekerja nusantara raya").kind == "union"
    assert load_lexicon().org("SPNR") is None              # the cached default is untouched


def test_malformed_user_row_names_file_and_line(tmp_path):
    f = tmp_path / "bad.tsv"
    f.write_text(HEADER + "zz.x\tspaceship\tID\t\t\tBadan Antariksa Fiktif\t\t\t\t\t\n",
                 encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.tsv:2"):
        load_lexicon([f])


def test_scan_longest_match_and_acronym_case():
    lex = load_lexicon()
    found = lex.scan("Delegasi Kementerian Ketenagakerjaan bertemu pihak AS, as planned.")
    kinds = [(m.text, m.kind) for m in found]
    assert ("Kementerian Ketenagakerjaan", "org") in kinds
    assert ("AS", "country") in kinds
    assert not any(m.text == "as" for m in found)        # acronyms match case exactly


def test_scan_crosses_a_comma_only_where_the_lexicon_writes_one():
    lex = load_lexicon()
    found = [m.text for m in lex.scan("She met the Ministry of Health, Labour and Welfare in Tokyo.")]
    assert "Ministry of Health, Labour and Welfare" in found
    found = [m.text for m in lex.scan("Delegates from Kemnaker, Indonesia and Japan arrived.")]
    assert "Kemnaker" in found and not any("," in t for t in found)


def test_topics_of_a_description_in_either_language():
    lex = load_lexicon()
    assert lex.topics_in("nota kesepahaman penempatan dan pelindungan PRT") == \
        lex.topics_in("MoU on the placement and protection of domestic workers") == \
        ["domestic-work", "placement", "protection"]
    assert lex.topics_in("the agreement") == []
