"""find_dates() and parse_published(): Indonesian and English date forms."""

from __future__ import annotations

import time
from datetime import date

import pytest

from labourkg.loaders.extract.dates import DateMention, find_dates, parse_published

TODAY = date(2026, 11, 23)


def one(text: str, published: date | None = None, today: date = TODAY) -> DateMention:
    found = find_dates(text, published, today)
    assert len(found) == 1, found
    return found[0]


# --- numeric forms --------------------------------------------------------------------------


def test_weekday_with_full_numeric_date():
    text = "Pertemuan di Jenewa, Senin (10/6/2024), berjalan lancar."
    m = one(text)
    assert (m.value, m.explicit_year, m.precision, m.end_value) == (date(2024, 6, 10), True, "day", None)
    assert m.text == "Senin (10/6/2024)" and text[m.start:m.end] == m.text


def test_yearless_date_takes_published_year():
    m = one("Kedua menteri bertemu di Baku, Kamis (23/11).", published=date(2023, 11, 24))
    assert m.value == date(2023, 11, 23) and not m.explicit_year


def test_bare_parenthesised_date_and_year_edges():
    assert one("Rapat digelar (28/12).", published=date(2024, 1, 3)).value == date(2023, 12, 28)
    assert one("Rapat akan digelar (5/1).", published=date(2024, 12, 28)).value == date(2025, 1, 5)
    assert one("Rapat digelar (20/12).", published=date(2024, 6, 10)).value == date(2024, 12, 20)


def test_weekday_picks_year_without_published():
    # 5 March fell on a Monday in 2018 and on no later Monday up to 2026-11-23
    assert date(2018, 3, 5).weekday() == 0
    assert all(date(y, 3, 5).weekday() != 0 for y in range(2019, 2027))
    m = one("Nota itu diteken di Gedung Serbaguna Surabaya, Senin (5/3).")
    assert m.value == date(2018, 3, 5) and not m.explicit_year


def test_weekday_inference_respects_today():
    # with today in 2017 the most recent Monday 5 March is 2012
    assert one("Senin (5/3)", today=date(2017, 12, 31)).value == date(2012, 3, 5)


def test_weekday_inference_uses_years_the_text_states_as_lower_bound():
    # Tuesday 25 June: 2019 and 2024; the article speaks of November 2017
    assert date(2019, 6, 25).weekday() == date(2024, 6, 25).weekday() == 1
    found = find_dates("Aturan itu berlaku sejak November 2017. Penandatanganan Selasa (25/6).", today=TODAY)
    assert found[-1].value == date(2019, 6, 25)
    assert one("Penandatanganan Selasa (25/6).").value == date(2024, 6, 25)


def test_weekday_that_never_fits_falls_back_to_most_recent_occurrence(monkeypatch):
    # a 30-year window always holds every weekday; a short one shows the fallback
    from labourkg.loaders.extract import dates

    monkeypatch.setattr(dates, "YEAR_SPAN", 3)
    dates._infer_year.cache_clear()
    assert {date(y, 3, 5).weekday() for y in range(2023, 2027)} == {6, 1, 2, 3}
    m = one("Senin (5/3)")                     # no Monday 5 March in 2023-2026
    assert m.value == date(2026, 3, 5) and not m.explicit_year
    dates._infer_year.cache_clear()


def test_nonexistent_dates_are_skipped():
    assert find_dates("Rapat (31/2) dan Senin (31/2) serta 30 Februari 2023 dan (12/13).", today=TODAY) == []
    assert find_dates("Senin (29/2/2023)", today=TODAY) == []


def test_leap_day_without_year():
    assert one("Kamis (29/2)", published=date(2024, 3, 1)).value == date(2024, 2, 29)


def test_numeric_forms_without_parentheses():
    assert one("Dokumen bertanggal 10/06/2024 diterima.").value == date(2024, 6, 10)
    assert one("Dokumen bertanggal 10-06-2024 diterima.").value == date(2024, 6, 10)
    assert one("Dokumen bertanggal 2024-06-10 diterima.").value == date(2024, 6, 10)
    assert one("(Senin, 10/6/2024)").value == date(2024, 6, 10)
    assert one("Selasa (11/6/24)").value == date(2024, 6, 11)


def test_fractions_and_versions_are_not_dates():
    assert find_dates("Skor 3/4 dan versi 1.2.3 serta layanan 24/7 tersedia.", today=TODAY) == []


# --- Indonesian month names --------------------------------------------------------------------


def test_indonesian_day_month_year():
    m = one("Perjanjian ditandatangani pada 10 Juni 2024 di Jakarta.")
    assert m.value == date(2024, 6, 10) and m.text == "10 Juni 2024"
    m = one("Senin, 10 Juni 2024")
    assert m.value == date(2024, 6, 10) and m.text == "Senin, 10 Juni 2024"
    assert one("Kamis, 11 Oktober 2018 di kantor").value == date(2018, 10, 11)
    assert one("pada 17 Agustus 2025").value == date(2025, 8, 17)
    assert one("pada 1 Agt 2025").value == date(2025, 8, 1)
    assert one("pada 3 Des. 2025").value == date(2025, 12, 3)
    assert one("pada 5 Nopember 2019").value == date(2019, 11, 5)
    assert one("pada 9 JULI 2021").value == date(2021, 7, 9)


def test_indonesian_range():
    m = one("Konferensi berlangsung sejak 5-18 Juni 2017 di Jenewa.")
    assert (m.value, m.end_value, m.explicit_year) == (date(2017, 6, 5), date(2017, 6, 18), True)
    m = one("pada 12 hingga 14 September 2022")
    assert (m.value, m.end_value) == (date(2022, 9, 12), date(2022, 9, 14))
    m = one("pada 30 Mei - 2 Juni 2024")
    assert (m.value, m.end_value) == (date(2024, 5, 30), date(2024, 6, 2))
    m = one("pada 30 Desember - 2 Januari 2025")
    assert (m.value, m.end_value) == (date(2024, 12, 30), date(2025, 1, 2))


def test_month_only_and_year_only_precision():
    m = one("Aturan itu berlaku sejak November 2017.")
    assert (m.value, m.precision, m.text) == (date(2017, 11, 1), "month", "November 2017")
    assert one("diberangkatkan pada Januari 2024").precision == "month"
    m = one("Program itu dimulai pada tahun 2019.")
    assert (m.value, m.precision, m.text) == (date(2019, 1, 1), "year", "2019")
    assert one("Since 2016, the bureau has invested.").precision == "year"


def test_day_month_without_year_uses_published():
    m = one("Pertemuan pada 5 Juni lalu.", published=date(2024, 7, 1))
    assert m.value == date(2024, 6, 5) and not m.explicit_year


def test_jumat_spellings_and_ahad():
    assert one("Jum'at (7/6/2024)").value == date(2024, 6, 7)
    assert one("Jum\u2019at (7/6/2024)").text == "Jum\u2019at (7/6/2024)"
    assert date(2024, 6, 9).weekday() == 6
    assert one("Ahad (9/6)", published=date(2024, 6, 10)).value == date(2024, 6, 9)


# --- English ------------------------------------------------------------------------------------


def test_english_month_day_year():
    m = one("Both delegations met at a hotel in Makassar, Tuesday, May 17, 2022.")
    assert m.value == date(2022, 5, 17) and m.text == "Tuesday, May 17, 2022"
    assert one("on May 17, 2022 in Makassar").value == date(2022, 5, 17)
    assert one("on 17 May 2022 in Makassar").value == date(2022, 5, 17)
    assert one("on Tue, May 17, 2022").value == date(2022, 5, 17)
    assert one("on the 3rd of March 2021").value == date(2021, 3, 3)


def test_english_range_with_published_year():
    m = one("During the Sept. 1-3 trip, officials met judges.", published=date(2021, 9, 10))
    assert (m.value, m.end_value, m.explicit_year) == (date(2021, 9, 1), date(2021, 9, 3), False)


def test_english_yearless_range_takes_year_stated_in_text():
    found = find_dates("During the Sept. 1-3 trip they met. In July 2021 funds were announced.", today=TODAY)
    assert found[0].value == date(2021, 9, 1)


def test_english_weekday_after_and_in_parentheses():
    assert date(2023, 4, 11).weekday() == 1
    assert one("They met on April 11, Tuesday, in Geneva.", published=date(2023, 4, 12)).value == date(2023, 4, 11)
    m = one("They met on Tuesday (April 11) in Geneva.")
    assert m.value == date(2023, 4, 11) and m.text == "Tuesday (April 11)"


def test_english_month_year():
    m = one("Workers will depart by Nov 2017.")
    assert (m.value, m.precision) == (date(2017, 11, 1), "month")


def test_may_as_a_verb_is_not_a_date():
    assert find_dates("Workers may 5 times apply; they may apply again.", today=TODAY) == []


def test_weekday_alone_needs_published():
    text = "Kedua menteri bertemu pada Senin di Jakarta. They signed it on Monday."
    assert find_dates(text, today=TODAY) == []
    found = find_dates(text, published=date(2022, 12, 6), today=TODAY)    # a Tuesday
    assert [m.value for m in found] == [date(2022, 12, 5), date(2022, 12, 5)]
    assert [m.text for m in found] == ["Senin", "Monday"]
    assert one("Rapat digelar Kamis lalu.", published=date(2022, 12, 6)).value == date(2022, 12, 1)


def test_mentions_sorted_and_not_overlapping():
    text = "Pada Senin (10/6/2024) dan 5-18 Juni 2017, lalu Tuesday, May 17, 2022 serta November 2017."
    found = find_dates(text, today=TODAY)
    assert [m.text for m in found] == ["Senin (10/6/2024)", "5-18 Juni 2017", "Tuesday, May 17, 2022",
                                       "November 2017"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_deterministic_and_today_is_a_parameter():
    text = "Senin (5/3) dan Kamis (23/11)"
    assert find_dates(text, today=TODAY) == find_dates(text, today=TODAY)
    assert find_dates(text, today=date(2017, 1, 1))[0].value == date(2012, 3, 5)


def test_dense_adversarial_text_is_fast():
    for text in ("May 1 " * 170_000, "1 " * 500_000, "(1/1 " * 200_000, "Senin, " * 150_000):
        start = time.perf_counter()
        find_dates(text[:1_000_000], today=TODAY)
        assert time.perf_counter() - start < 3.0


# --- parse_published ---------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    ("2024-06-10", date(2024, 6, 10)),
    ("2024-06-10T08:00:00+07:00", date(2024, 6, 10)),
    ("2024-06-10T01:00:00Z", date(2024, 6, 10)),
    ("2024-06-10 08:00", date(2024, 6, 10)),
    ("18 May 2022 15:24 WIB", date(2022, 5, 18)),
    ("Senin, 10 Juni 2024", date(2024, 6, 10)),
    ("Kamis, 23 Nov 2023 | 10:00 WIB", date(2023, 11, 23)),
    ("May 17, 2022", date(2022, 5, 17)),
    ("10/06/2024", date(2024, 6, 10)),
    ("2022-09", None),
    ("Senin (5/3)", None),
    ("", None),
    ("bukan tanggal", None),
    ("2024-02-30", None),
])
def test_parse_published(value, expected):
    assert parse_published(value) == expected


def test_parse_published_rejects_non_strings():
    assert parse_published(None) is None          # type: ignore[arg-type]
    assert parse_published(20240610) is None      # type: ignore[arg-type]


def test_dates_are_found_on_both_sides_of_a_long_blank_run():
    from labourkg.loaders.extract.dates import find_dates

    text = "Rapat pada Senin (2/9/2024)." + " " * 5000 + "Penandatanganan pada 5 September 2024."
    got = [d.value for d in find_dates(text)]
    assert got == [date(2024, 9, 2), date(2024, 9, 5)]
