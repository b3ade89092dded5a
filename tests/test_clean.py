"""clean(): only the article body is left; sentences(): splitting that respects abbreviations."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from labourkg.loaders.clean import clean, clean_text, sentences
from labourkg.loaders.model import Article
from labourkg.loaders.read import read_file

FIXTURES = Path(__file__).parent / "fixtures" / "read"

P1 = "Menteri Ketenagakerjaan Sari Lestari bertemu Duta Besar Norwegia di Jakarta, Selasa (4/6/2024)."
P2 = "Kedua pihak membahas pelatihan vokasi bagi calon pekerja migran di sektor perawatan."
P3 = "\"Kami ingin kerja sama ini segera berjalan,\" kata Menteri Sari usai pertemuan."
BODY = [P1, P2, P3]


def body_of(text: str, **kw) -> list[str]:
    return clean_text(text, **kw).split("\n\n")


def test_fixture_article_is_cleaned_to_its_body():
    article, = read_file(FIXTURES / "portal" / "berita_vokasi.txt", FIXTURES)
    out = clean(article)
    assert out.key == article.key and out.title == article.title     # only the text changes
    assert out.text.split("\n\n") == [
        "Membahas pelatihan vokasi, Kementerian Ketenagakerjaan menggelar pertemuan bilateral "
        "dengan Kementerian Tenaga Kerja Finlandia.",
        "Pertemuan berlangsung di Helsinki, Rabu (12/3/2025), dan dihadiri Direktur Jenderal "
        "Pembinaan Pelatihan Vokasi Wulan Prasetyani beserta delegasi Finlandia.",
        "\"Kami ingin lulusan balai latihan kerja siap bersaing di pasar kerja Eropa,\" kata Dirjen Wulan.",
        "Kedua pihak sepakat menyusun rencana aksi bersama untuk pelatihan juru las pada tahun depan.",
    ]


def test_english_fixture_is_cleaned_to_its_body():
    article, = read_file(FIXTURES / "portal" / "en" / "caregiver_pilot.txt", FIXTURES)
    text = clean(article).text
    assert text.split("\n\n") == [
        "Manpower Minister Rudi Hartanto said on Monday that a pilot training scheme for caregivers "
        "would start in Bandung next month.",
        "The ministry signed a memorandum with the Osaka Welfare Group in Jakarta on Monday, "
        "February 13, 2023, to prepare the scheme.",
        "\"Graduates may work in Japan after passing the skills test,\" Minister Rudi said.",
    ]


def test_clean_body_passes_through():
    assert body_of("\n".join(BODY)) == BODY
    assert body_of("\n\n\n".join(BODY)) == BODY


def test_site_name_and_headline_removed():
    text = "kabarburuh.id\n\nMenaker Terima Dubes Norwegia - Berita\n\n" + "\n".join(BODY)
    assert body_of(text, title="Menaker Terima Dubes Norwegia", publisher="kabarburuh.id") == BODY


def test_head_lines_before_body_removed_even_without_metadata():
    text = ("Menaker Terima Dubes Norwegia\nSelasa, 4 Juni 2024 10:00 WIB\n"
            "facebook twitter whatsapp telegram line copy\nURL berhasil dicopy\n" + "\n".join(BODY))
    assert body_of(text) == BODY


@pytest.mark.parametrize("marker", [
    "Terkini Lainnya", "Baca juga:", "Baca Juga", "Also Read:", "Related Article", "Related Articles",
    "Latest News", "Berita Terkait", "Artikel Terkait", "Tautan Sahabat", "• Tags",
])
def test_related_headline_blocks_removed(marker):
    text = "\n".join(BODY) + f"\n{marker}\nMenaker Resmikan Balai Latihan di Ambon\n" \
        "Serikat Pekerja Gelar Aksi di Depan Kantor Gubernur\n13 Juni 2024 08:00 WIB\n"
    assert body_of(text) == BODY


def test_marker_block_ends_at_next_body_paragraph():
    text = f"{P1}\nBaca Juga\nMenaker Resmikan Balai Latihan di Ambon\n{P2}\n{P3}"
    assert body_of(text) == BODY


@pytest.mark.parametrize("line", [
    "Baca juga: Menaker Resmikan Balai Latihan di Ambon",
    "BACA JUGA: Menaker Resmikan Balai Latihan di Ambon",
    "Baca: Menaker Resmikan Balai Latihan di Ambon",
    "Also Read: Ten Quiet Beaches To Visit",
])
def test_inline_read_also_links_removed(line):
    assert body_of(f"{P1}\n{line}\n{P2}\n{P3}") == BODY


def test_bulleted_headline_run_removed_but_body_list_kept():
    text = ("\n".join(BODY) + "\n- Menaker Tinjau Pelatihan Las di Batam\n"
            "- Wamenaker Bahas Upah Minimum dengan Serikat Pekerja\n"
            "• Pemerintah Siapkan Bursa Kerja Nasional 2026\n")
    assert body_of(text) == BODY
    listed = f"{P1}\nKedua pihak sepakat untuk:\n- meningkatkan mutu pelatihan;\n- memperluas magang;\n{P3}"
    out = body_of(listed)
    assert "- meningkatkan mutu pelatihan;" in out and "- memperluas magang;" in out


@pytest.mark.parametrize("line", [
    "Redaktur & Reporter: Sinta Maharani", "Editor: Laras Widjaja", "Penulis: Bagus Pratama",
    "Reporter: Dewi Anggraini", "Pewarta: Rizal Hakim", "(sim/wkn)", "Laporan Wartawan Kabarburuh.id, Rizal Hakim",
    "SCROLL TO CONTINUE WITH CONTENT", "SCROLL TO RESUME CONTENT", "ADVERTISEMENT",
    "Follow us on Google News", "Ikuti berita terkini kami di Google News",
    "- 18 May 2022 15:24 WIB", "08 September 2023 23:12 WIB", "Kamis, 23 November 2023",
    "![](https://img.example/a.jpg) Delegasi di Balai Latihan/Foto: Dok Humas |",
    "Foto: Dok Kemnaker", "https://kabarburuh.id/berita/123", "Learn more about the department’s",
    "***", "Tags: ketenagakerjaan, vokasi, Norwegia", "(Reporting by Ana Costa; Editing by Tom Reyes)",
    "Oleh: Rizal Hakim", "Sumber: Antara", "0",
])
def test_noise_lines_removed(line):
    assert body_of(f"{P1}\n{P2}\n{line}\n{P3}") == BODY


def test_short_body_line_with_colon_is_not_a_byline():
    line = "Sumber daya manusia menjadi fokus: pelatihan dan sertifikasi."
    assert body_of(f"{P1}\n{line}\n{P2}")[1] == line


def test_comment_section_cut():
    text = "\n".join(BODY) + "\nLEAVE A REPLY\nPlease enter your comment!\nPlease enter your name here\n"
    assert body_of(text) == BODY
    assert body_of("\n".join(BODY) + "\nGo to Forum >>0 Comment(s)\nAnything after.\n") == BODY


@pytest.mark.parametrize("ending, expected", [
    (" (sim/wkn)", "."), (" (ant)", "."), (" (Ant)", "."), (" (Sim/Wkn)", "."), (" (*)", "."), (" (OL-6)", "."), (" Enditem", "."), ("***", "."),
])
def test_sign_offs_at_line_end_removed(ending, expected):
    out = body_of(f"{P1}\n{P2}\n{P3[:-1]}{expected}{ending}")
    assert out == BODY


def test_stars_without_period_become_a_full_stop():
    out = body_of(f"{P1}\n{P2[:-1]}***\n{P3}")
    assert out[1] == P2


@pytest.mark.parametrize("prefix", [
    "JAKARTA, KABARBURUH.com - ", "Jakarta, Kabarburuh.com - ", "kabarburuh.com, JAKARTA - ",
    "KABARBURUH.ID: ", "NUSANTARAPOST.ID \u2013 ", "TRIBUNBURUH.COM, JAKARTA - ",
    "JAKARTA (Antara) - ", "JAKARTA, March 14 (Xinhua) -- ", "WASHINGTON, DC \u2013 ", "Jakarta \u2013 ",
    "SURABAYA - ",
])
def test_dateline_prefix_removed_sentence_kept(prefix):
    assert body_of(prefix + "\n".join(BODY)) == BODY


def test_dateline_not_removed_from_later_paragraphs_or_lowercase_rest():
    later = "Jakarta - kota itu menjadi tuan rumah pertemuan regional pekan depan."
    out = body_of("\n".join([P1, P2, P3, later]))
    assert out[-1] == later


def test_repeated_lines_and_captions():
    caption = "Menteri Sari Lestari bersama Duta Besar Norwegia di Jakarta"
    text = "\n".join([P1, caption, caption, P2, P2, P3])
    assert body_of(text) == BODY


def test_caption_restating_a_body_line_removed():
    caption = "Menteri Ketenagakerjaan Sari Lestari bertemu Duta Besar Norwegia"
    assert body_of("\n".join([P1, P2, P3, caption])) == BODY


def test_teaser_repeated_inside_lede_removed():
    teaser = "Menteri Ketenagakerjaan Sari Lestari bertemu Duta Besar Norwegia di Jakarta.."
    lede = "KABARBURUH.ID: Membahas pelatihan, Menteri Ketenagakerjaan Sari Lestari bertemu " \
           "Duta Besar Norwegia di Jakarta.."
    out = body_of(f"{teaser}\n{lede}\n{P2}")
    assert out == ["Membahas pelatihan, Menteri Ketenagakerjaan Sari Lestari bertemu Duta Besar "
                   "Norwegia di Jakarta.", P2]


def test_truncated_repeat_at_end_removed():
    assert body_of("\n".join(BODY) + "\nMenteri Ketenagakerjaan Sari Lestari bertemu Du") == BODY


def test_subheading_that_restates_nothing_is_kept():
    out = body_of(f"{P1}\nTantangan Sektor Perikanan\n{P2}\n{P3}")
    assert "Tantangan Sektor Perikanan" in out


def test_spacing_and_double_period_artefacts():
    out = body_of(f"{P1}\nKedua  pihak   membahas\tpelatihan vokasi..\n{P3}")
    assert out[1] == "Kedua pihak membahas pelatihan vokasi."
    assert body_of("Jumlah peserta bertambah... lalu berkurang lagi tahun ini.")[0].count("...") == 1


def test_leading_date_mark_removed():
    assert body_of(" date 2022-09 " + "\n".join(BODY)) == BODY


@pytest.mark.parametrize("text", [
    "a" * 1_000_000, ". " * 500_000, "(1/1 " * 200_000, "Senin, " * 150_000, " " * 1_000_000 + "x.",
    "*" * 1_000_000, "![" * 500_000, "- Judul Berita Lain\n" * 50_000, "JAKARTA " * 130_000 + "- x",
    ("Menaker bertemu Dubes. " * 20 + "\n") * 2000, "Baca juga\n" * 100_000, "(ega/mpr) " * 100_000,
])
def test_adversarial_input_is_linear(text):
    start = time.perf_counter()
    out = clean_text(text[:1_000_000])
    sentences(out)
    assert time.perf_counter() - start < 3.0          # ~0.3 s on one core; generous for shared CI


# --- sentences ----------------------------------------------------------------------------------


def texts(text: str) -> list[str]:
    return [s for _, _, s in sentences(text)]


def test_sentences_offsets_index_the_text():
    text = "Menaker hadir di Jakarta. Dubes juga hadir!\n\nApakah ini penting? Tentu saja."
    spans = sentences(text)
    assert [s for _, _, s in spans] == ["Menaker hadir di Jakarta.", "Dubes juga hadir!",
                                        "Apakah ini penting?", "Tentu saja."]
    assert all(text[a:b] == s for a, b, s in spans)


@pytest.mark.parametrize("abbr", [
    "Dr.", "Prof.", "H.E.", "Mr.", "Mrs.", "Ms.", "No.", "St.", "Jan.", "Sept.", "U.S.", "M.", "S.T.",
    "dll.", "dsb.", "a.n.", "Ir.", "M.Si.", "Ph.D.",
])
def test_no_split_after_abbreviations(abbr):
    text = f"Acara itu dihadiri {abbr} Bagus dari kementerian. Kalimat kedua dimulai di sini."
    assert texts(text) == [f"Acara itu dihadiri {abbr} Bagus dari kementerian.", "Kalimat kedua dimulai di sini."]


def test_initials_and_convention_numbers():
    text = ("Menteri M. Rahmat bertemu Tigor B. Simanjuntak membahas Konvensi ILO No. 190. "
            "Pertemuan berakhir pukul 12.00 WIB.")
    assert len(texts(text)) == 2


def test_quotation_kept_with_its_attribution():
    text = ("\"Kami siap. Semua sudah disiapkan. Siapa yang menolak?\" kata Menteri Sari di Jakarta. "
            "Dia lalu pergi.")
    assert texts(text) == ["\"Kami siap. Semua sudah disiapkan. Siapa yang menolak?\" kata Menteri Sari di Jakarta.",
                           "Dia lalu pergi."]
    curly = "“Kerja sama ini penting. Kami mendukungnya,” ujar Dubes. Acara selesai."
    assert texts(curly) == ["“Kerja sama ini penting. Kami mendukungnya,” ujar Dubes.", "Acara selesai."]


def test_quote_ending_a_sentence_splits():
    assert texts("Dia berkata, \"Kami siap.\" Menteri lalu pergi.") == \
        ["Dia berkata, \"Kami siap.\"", "Menteri lalu pergi."]


def test_no_split_before_lowercase_or_inside_numbers():
    assert len(texts("Nilainya Rp 1.500.000 per orang. lalu dibagi rata kepada peserta.")) == 1
    assert texts("Pada 2023. Kemudian 2024.") == ["Pada 2023.", "Kemudian 2024."]


def test_newlines_always_split_and_blank_text():
    assert texts("Judul tanpa titik\nKalimat berikutnya.") == ["Judul tanpa titik", "Kalimat berikutnya."]
    assert sentences("") == [] and sentences("\n\n  \n") == []


def test_english_sentences():
    text = ("Deputy Undersecretary Jane Moore met Mexican officials on Sept. 1 in Mexico City. "
            "The U.S. delegation left on Friday. It was productive.")
    assert texts(text) == ["Deputy Undersecretary Jane Moore met Mexican officials on Sept. 1 in Mexico City.",
                           "The U.S. delegation left on Friday.", "It was productive."]
