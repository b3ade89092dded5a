"""Meetings: triggers, participants, dates (weekday dates), merging of one event."""

from __future__ import annotations

from datetime import date

from labourkg.loaders.extract import extract
from labourkg.loaders.lexicon import load_lexicon
from labourkg.loaders.model import Article
from labourkg.loaders.resolve import resolve


def meetings(text: str, lang: str = "id", published=None):
    lex = load_lexicon()
    art = Article(key="m.txt", source="m.txt", text=text, format="txt", language=lang,
                  published=published)
    return resolve(art, extract(art, lex), lex).meetings


def test_bilateral_meeting_with_date_and_place_merged_once():
    got = meetings("Menteri Ketenagakerjaan Sri Handayani mengadakan pertemuan bilateral dengan "
                   "Menteri Tenaga Kerja Jepang Taro Yamada di Tokyo, Selasa (12/3/2024). "
                   "Pertemuan ini membahas penempatan perawat. Kedua menteri bertemu lagi "
                   "untuk makan siang.")
    assert len(got) == 1
    m = got[0]
    assert m.date == date(2024, 3, 12) and m.place == "Tokyo"
    assert "country:ID" in m.participants and any(p.startswith(("jp.", "country:JP"))
                                                  for p in m.participants)


def test_weekday_date_without_year_uses_published():
    got = meetings("Menaker Sri Handayani bertemu Duta Besar Jepang untuk Indonesia, Kenji "
                   "Morimoto, di Jakarta, Kamis (23/11).", published=date(2023, 11, 24))
    assert len(got) == 1 and got[0].date == date(2023, 11, 23)


def test_two_events_at_different_places_stay_apart():
    got = meetings("Kemnaker bertemu Departemen Tenaga Kerja AS di Jenewa, Senin (10/6/2024). "
                   "Sebelumnya, Kemnaker dan pemerintah AS menggelar lokakarya di Washington "
                   "DC pada Mei 2024.")
    assert len(got) == 2


def test_no_meeting_without_parties():
    assert meetings("Isu migrasi dibahas dalam pertemuan para pemimpin dunia.") == []


def test_no_place_inside_an_agreement_name_and_one_signing():
    got = meetings("The Indonesian Ministry of Manpower and Japan's Ministry of Health, Labour and "
                   "Welfare on Monday signed a Memorandum of Cooperation on the Protection of "
                   "Caregivers in Private Homes. The two ministries also held a bilateral meeting "
                   "at the ministry in Tokyo.", lang="en", published=date(2024, 9, 2))
    assert len(got) == 1
    assert got[0].place == "Tokyo" and got[0].date == date(2024, 9, 2)


def test_first_meeting_told_after_the_lead_takes_the_lead_day():
    got = meetings("Indonesia and South Korea extended their labour agreement on Wednesday. "
                   "The document was signed in Seoul by the Indonesian Minister of Manpower and "
                   "the Korean Minister of Employment and Labor.", lang="en",
                   published=date(2024, 7, 11))
    assert len(got) == 1 and got[0].date == date(2024, 7, 10)


def test_an_undated_signing_joins_the_one_dated_visit_it_shares_a_partner_with():
    got = meetings("Delegasi Kementerian Tenaga Kerja Kamboja mengunjungi Kemnaker di Jakarta, "
                   "Rabu (4/9/2024). Kunjungan itu membahas pelatihan vokasi. Kemnaker dan "
                   "Kementerian Tenaga Kerja Kamboja juga menandatangani rencana kerja 2024-2026 "
                   "tentang pelatihan vokasi.", published=date(2024, 9, 5))
    assert len(got) == 1 and got[0].date == date(2024, 9, 4)


def test_a_country_nickname_is_not_a_meeting_place():
    got = meetings("Menaker Sri Handayani melakukan kunjungan kerja ke Negeri Sakura pada "
                   "Senin (15/7/2024) dan bertemu Menteri Tenaga Kerja Jepang di Tokyo.")
    assert got and all(m.place != "Negeri Sakura" for m in got)
