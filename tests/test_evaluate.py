"""The scorer on small hand-made gold and rows."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from labourkg.graph import iris
from labourkg.graph.evaluate import (CATEGORIES, HEADLINE, QualityReport, article_id,
                                     evaluate_store, load_gold, matches, normalize, score)

KEMNAKER = {"name": "Kementerian Ketenagakerjaan",
            "aliases": ["Kemnaker", "Ministry of Manpower"],
            "kind": "government", "country": "Indonesia"}
MHLW = {"name": "Kementerian Kesehatan, Tenaga Kerja dan Kesejahteraan Jepang",
        "aliases": ["MHLW", "Ministry of Health, Labour and Welfare"],
        "kind": "government", "country": "Jepang"}
INDONESIA = {"name": "Indonesia", "aliases": ["RI", "Republik Indonesia"],
             "kind": "country", "country": "Indonesia"}
JEPANG = {"name": "Jepang", "aliases": ["Japan"], "kind": "country", "country": "Jepang"}


def gold_article() -> dict:
    return {
        "article": "t01.txt", "language": "id", "published": "2024-03-12",
        "organizations": [KEMNAKER, MHLW, INDONESIA, JEPANG],
        "officials": [
            {"name": "Sekar Wulandari", "aliases": ["Sekar", "Menaker Sekar"],
             "role": "Menteri Ketenagakerjaan", "role_aliases": ["Menaker"],
             "agency": ["Kementerian Ketenagakerjaan"], "country": "Indonesia"},
            {"name": "Haruto Minegishi", "aliases": ["Minegishi"],
             "role": None, "role_aliases": [], "agency": [], "country": "Jepang"},
        ],
        "agreements": [
            {"name": "MoC Pemagangan", "aliases": ["Memorandum of Cooperation on Internships"],
             "kind": "mou", "status": "signed",
             "parties": [["Kementerian Ketenagakerjaan", "Indonesia"], ["MHLW", "Jepang"]],
             "date": "2024-03-11", "place": "Tokyo"},
        ],
        "meetings": [
            {"participants": [["Kementerian Ketenagakerjaan", "Indonesia"], ["MHLW", "Jepang"]],
             "officials": ["Sekar Wulandari"], "date": "2024-03-11", "place": "Tokyo"},
        ],
    }


def perfect_rows(src: str = "t01.txt") -> dict[str, list[dict]]:
    return {
        "organizations": [{"source": src, "name": n, "kind": "x"} for n in
                          ("Kementerian Ketenagakerjaan", "MHLW", "Indonesia", "Jepang")],
        "officials": [
            {"source": src, "name": "Sekar Wulandari", "role": "Menteri Ketenagakerjaan",
             "agency": "Kementerian Ketenagakerjaan"},
            {"source": src, "name": "Haruto Minegishi", "role": None, "agency": None},
        ],
        "agreements": [
            {"source": src, "agreement": "MoC Pemagangan", "kind": "mou", "party": "Kemnaker",
             "date": "2024-03-11"},
            {"source": src, "agreement": "MoC Pemagangan", "kind": "mou", "party": "Japan",
             "date": "2024-03-11"},
        ],
        "meetings": [
            {"source": src, "meeting": "m1", "participant": "Kemnaker", "date": "2024-03-11"},
            {"source": src, "meeting": "m1", "participant": "MHLW", "date": "2024-03-11"},
        ],
        "chain": [
            {"source": src, "official": "Sekar Wulandari", "role": "Menaker",
             "agency": "Kemnaker", "agreement": "MoC Pemagangan", "partner": "MHLW"},
        ],
    }


def run(rows: dict[str, list[dict]], gold: dict | None = None) -> QualityReport:
    return score({"t01": gold or gold_article()}, rows)


# --- label rules ------------------------------------------------------------

def test_normalize_folds_case_accents_punctuation_and_ampersand():
    assert normalize("  Bundesagentur für  Arbeit (BA) ") == "bundesagentur fur arbeit ba"
    assert normalize("PHI & Jamsos") == "phi dan jamsos"
    assert normalize(None) == ""


def test_alias_and_spacing_match():
    assert matches("Kemnaker", KEMNAKER["aliases"])
    assert matches("Kemen aker", ["Kemenaker"])
    assert not matches("Kemenlu", ["Kemnaker"])
    assert not matches("", ["Kemnaker"])


def test_near_spelling_matches_when_word_count_is_kept():
    assert matches("Kementerian Ketenagakerjan", ["Kementerian Ketenagakerjaan"])
    # one more word is another body even though the strings are very similar
    assert not matches("Kementerian Ketenagakerjaan AS", ["Kementerian Ketenagakerjaan"])
    # same word count but too different
    assert not matches("Kementerian Perdagangan", ["Kementerian Ketenagakerjaan"])


@pytest.mark.parametrize("value", [
    "t01.txt", "/data/articles/t01.txt", "https://w3id.org/labourkg/id/article/t01",
    "<file:///corpus/t01.html>", "urn:x:t01", "t01.json", "corpus#t01",
])
def test_article_id_from_paths_and_iris(value):
    assert article_id(value) == "t01"


# --- whole reports ----------------------------------------------------------

def test_perfect_answer_scores_one():
    report = run(perfect_rows())
    for name in CATEGORIES:
        s = report.category(name)
        assert (s.precision, s.recall, s.f1, s.fp, s.fn) == (1.0, 1.0, 1.0, 0, 0), name
    assert report.macro_f1 == 1.0
    assert report.articles == 1
    assert report.details == {}


def test_source_may_be_a_path_or_iri():
    report = run(perfect_rows("https://example.org/id/article/t01.txt"))
    assert report.macro_f1 == 1.0


def test_missing_item_lowers_recall_only():
    rows = perfect_rows()
    rows["organizations"] = [r for r in rows["organizations"] if r["name"] != "Jepang"]
    s = run(rows).organizations
    assert (s.tp, s.fp, s.fn) == (3, 0, 1)
    assert s.precision == 1.0 and s.recall == 0.75
    assert "org FN: Jepang" in run(rows).details["t01"]


def test_extra_item_lowers_precision_only():
    rows = perfect_rows()
    rows["organizations"].append({"source": "t01.txt", "name": "Kementerian Luar Negeri"})
    s = run(rows).organizations
    assert (s.tp, s.fp, s.fn) == (4, 1, 0)
    assert s.recall == 1.0 and s.precision == 0.8


def test_aliases_and_typos_match_and_each_gold_item_counts_once():
    rows = perfect_rows()
    rows["organizations"] = [{"source": "t01.txt", "name": n} for n in
                             ("Ministry of Manpower", "Kementerian Ketenagakerjan",
                              "Ministry of Health, Labour and Welfare", "RI", "Japan")]
    s = run(rows).organizations
    # two labels of the same ministry: one matches, the other is an extra
    assert (s.tp, s.fp, s.fn) == (4, 1, 0)


def test_duplicate_labels_are_counted_once():
    rows = perfect_rows()
    rows["organizations"] += [{"source": "t01.txt", "name": "  kemnaker "},
                              {"source": "t01.txt", "name": "KEMNAKER"}]
    rows["organizations"].append({"source": "t01.txt", "name": "Kemnaker"})
    assert run(rows).organizations.fp == 1  # "Kemnaker" once, after the full name took the item


def test_rows_of_other_articles_and_missing_queries_are_ignored():
    rows = perfect_rows()
    rows["organizations"].append({"source": "t99.txt", "name": "Bogus"})
    rows["organizations"].append({"source": None, "name": "Bogus"})
    del rows["chain"]
    report = run(rows)
    assert report.organizations.fp == 0
    assert (report.chain.tp, report.chain.fn) == (0, 1)


def test_official_with_wrong_role_counts_for_names_but_not_full():
    rows = perfect_rows()
    rows["officials"][0] = {"source": "t01.txt", "name": "Menaker Sekar",
                            "role": "Direktur Jenderal", "agency": "Kemnaker"}
    report = run(rows)
    assert (report.officials.tp, report.officials.fp) == (2, 0)
    assert (report.officials_full.tp, report.officials_full.fp, report.officials_full.fn) == (1, 1, 1)
    assert any("role/agency wrong: Sekar Wulandari" in line for line in report.details["t01"])


def test_official_role_alias_and_agency_alias_are_full_matches():
    rows = perfect_rows()
    rows["officials"][0] = {"source": "t01.txt", "name": "Sekar", "role": "Menaker",
                            "agency": "Ministry of Manpower"}
    assert run(rows).officials_full.f1 == 1.0


def test_one_good_row_of_several_is_enough_for_a_full_match():
    rows = perfect_rows()
    rows["officials"].insert(0, {"source": "t01.txt", "name": "Sekar Wulandari",
                                 "role": "Menaker", "agency": "Kementerian Luar Negeri"})
    assert run(rows).officials_full.tp == 2


def test_official_without_gold_role_must_have_no_role():
    rows = perfect_rows()
    rows["officials"][1] = {"source": "t01.txt", "name": "Minegishi", "role": "Duta Besar"}
    assert run(rows).officials_full.tp == 1


def test_parties_score_per_matched_agreement():
    rows = perfect_rows()
    rows["agreements"].append({"source": "t01.txt", "agreement": "MoC Pemagangan",
                               "party": "Korea Selatan"})
    report = run(rows)
    assert (report.parties.tp, report.parties.fp, report.parties.fn) == (2, 1, 0)
    assert report.agreements.f1 == 1.0


def test_missed_agreement_misses_all_its_parties():
    rows = perfect_rows()
    rows["agreements"] = [{"source": "t01.txt", "agreement": "Perjanjian Lain", "party": "Jepang"}]
    report = run(rows)
    assert (report.agreements.tp, report.agreements.fp, report.agreements.fn) == (0, 1, 1)
    assert (report.parties.tp, report.parties.fp, report.parties.fn) == (0, 0, 2)


def test_meeting_needs_two_participants_of_a_gold_meeting():
    rows = perfect_rows()
    rows["meetings"] = [{"source": "t01.txt", "meeting": "m1", "participant": "Kemnaker",
                         "date": "2024-03-11"}]
    s = run(rows).meetings
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)


def test_meeting_with_one_gold_participant_matches_one():
    gold = gold_article()
    gold["meetings"].append({"participants": [["Kementerian Ketenagakerjaan"]], "officials": [],
                             "date": None, "place": "Bali"})
    rows = perfect_rows()
    rows["meetings"].append({"source": "t01.txt", "meeting": "m2", "participant": "Kemnaker"})
    report = run(rows, gold)
    assert (report.meetings.tp, report.meetings.fp, report.meetings.fn) == (2, 0, 0)
    # neither side has a date for the second meeting: not counted in meeting_dates
    assert (report.meeting_dates.tp, report.meeting_dates.fp, report.meeting_dates.fn) == (1, 0, 0)


def test_meeting_prefers_the_gold_meeting_it_covers_best():
    gold = gold_article()
    gold["meetings"].insert(0, {"participants": [["Kementerian Ketenagakerjaan"], ["Jepang"],
                                                 ["MHLW"]],
                                "officials": [], "date": "2024-03-10", "place": None})
    rows = perfect_rows()
    rows["meetings"] = [{"source": "t01.txt", "meeting": "m1", "participant": p,
                         "date": "2024-03-10T09:00:00"} for p in ("Kemnaker", "Japan", "MHLW")]
    report = run(rows, gold)
    assert (report.meetings.tp, report.meetings.fn) == (1, 1)
    assert report.meeting_dates.tp == 1  # the date part of a dateTime is compared


def test_meeting_date_wrong_or_ambiguous():
    rows = perfect_rows()
    rows["meetings"][1]["date"] = "2024-03-12"
    s = run(rows).meeting_dates
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)


def test_chain_is_derived_from_agency_and_parties():
    rows = perfect_rows()
    rows["chain"] = [{"source": "t01.txt", "official": "Sekar", "agreement": "MoC Pemagangan",
                      "partner": "Japan"}]
    assert run(rows).chain.f1 == 1.0
    rows["chain"] = [{"source": "t01.txt", "official": "Haruto Minegishi",
                      "agreement": "MoC Pemagangan", "partner": "Indonesia"}]
    s = run(rows).chain
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)  # no agency, so no chain for him


def test_chain_reaches_parties_through_the_agency_country():
    gold = gold_article()
    gold["agreements"][0]["parties"] = [["Indonesia"], ["Jepang"]]
    rows = perfect_rows()
    rows["chain"] = [{"source": "t01.txt", "official": "Sekar Wulandari",
                      "agreement": "MoC Pemagangan", "partner": "Jepang"}]
    assert run(rows, gold).chain.f1 == 1.0


def test_duplicate_chain_rows_count_once():
    rows = perfect_rows()
    rows["chain"].append(dict(rows["chain"][0]))
    assert (run(rows).chain.tp, run(rows).chain.fp) == (1, 0)


def test_macro_f1_averages_headline_categories():
    rows = perfect_rows()
    rows["chain"] = []
    report = run(rows)
    assert report.chain.f1 == 0.0
    assert report.macro_f1 == round(5 / len(HEADLINE), 3)


def test_report_dict_and_table():
    report = run(perfect_rows())
    data = report.to_dict()
    assert set(CATEGORIES) <= set(data) and data["macro_f1"] == 1.0 and data["articles"] == 1
    assert data["organizations"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0,
                                     "tp": 4, "fp": 0, "fn": 0}
    assert "details" not in report.to_dict(details=False)
    json.dumps(data)
    table = report.to_table()
    assert "officials_full" in table and "macro F1 1.000 over 1 articles" in table
    with pytest.raises(KeyError):
        report.category("people")


def test_load_gold(tmp_path):
    (tmp_path / "t01.json").write_text(json.dumps(gold_article()), encoding="utf-8")
    (tmp_path / "t01.txt").write_text("text", encoding="utf-8")
    gold = load_gold(tmp_path)
    assert list(gold) == ["t01"] and gold["t01"]["published"] == "2024-03-12"
    with pytest.raises(FileNotFoundError):
        load_gold(tmp_path / "nope")
    (tmp_path / "t02.json").write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match="t02.json"):
        load_gold(tmp_path)


@dataclass
class FakeResult:
    rows: list[dict]
    vars: list[str] = field(default_factory=list)


class FakeGraph:
    def __init__(self, rows: dict[str, list[dict]]) -> None:
        self.rows = rows
        self.asked: list[str] = []

    def query(self, name: str, **params) -> FakeResult:
        self.asked.append(name)
        return FakeResult(self.rows.get(name, []))


def test_evaluate_store_runs_the_five_queries_and_maps_article_iris(tmp_path):
    (tmp_path / "t01.json").write_text(json.dumps(gold_article()), encoding="utf-8")
    rows = perfect_rows(iris.article("t01.txt"))
    kg = FakeGraph(rows)
    report = evaluate_store(kg, tmp_path)
    assert sorted(kg.asked) == ["agreements", "chain", "meetings", "officials", "organizations"]
    assert report.macro_f1 == 1.0
