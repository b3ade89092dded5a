"""Reading articles from .txt, .html and .jsonl files into Articles."""

from __future__ import annotations

import inspect
import json
import os
from datetime import date
from pathlib import Path

import pytest

from labourkg.loaders.model import Article, ReadProblem
from labourkg.loaders.read import (
    decode_bytes,
    detect_language,
    iter_inputs,
    read_file,
    read_inputs,
    scan_head,
)

FIXTURES = Path(__file__).parent / "fixtures" / "read"


def articles(items) -> list[Article]:
    items = list(items)
    assert all(isinstance(i, Article) for i in items), [str(i) for i in items if isinstance(i, ReadProblem)]
    return items


def by_key(items) -> dict[str, Article]:
    return {a.key: a for a in articles(items)}


# --- plain text ----------------------------------------------------------------------


def test_txt_fixture_title_publisher_and_keys():
    found = by_key(read_inputs([FIXTURES]))
    a = found["portal/berita_vokasi.txt"]
    assert a.source == "portal/berita_vokasi.txt"
    assert a.format == "txt"
    assert a.path == str(FIXTURES / "portal" / "berita_vokasi.txt")
    assert a.publisher == "wartakerjanusantara.id"
    assert a.title == "Kemnaker dan Finlandia Perkuat Kerja Sama Pelatihan Vokasi"
    assert a.language == "id"
    assert a.encoding == "utf-8"
    assert a.published is None            # only an in-body date: not a publication date
    assert "Pertemuan berlangsung di Helsinki, Rabu (12/3/2025)" in a.text   # text kept intact
    assert "Terkini Lainnya" in a.text    # clean() removes noise, read() does not


def test_txt_english_fixture_timestamp_is_published():
    a = by_key(read_inputs([FIXTURES]))["portal/en/caregiver_pilot.txt"]
    assert a.title == "Manpower Minister Opens Caregiver Pilot With Osaka Welfare Group"
    assert a.published == date(2023, 2, 14)
    assert a.publisher == "nusantarapost.id"      # from the "NUSANTARAPOST.ID –" dateline
    assert a.language == "en"


def test_file_passed_directly_has_its_name_as_key():
    a, = articles(read_inputs([FIXTURES / "portal" / "en" / "caregiver_pilot.txt"]))
    assert a.key == a.source == "caregiver_pilot.txt"


def test_key_uses_posix_separators_relative_to_given_folder():
    keys = [a.key for a in articles(read_inputs([FIXTURES / "portal"]))]
    assert keys == ["berita_vokasi.txt", "en/caregiver_pilot.txt"]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def read_one(path: Path) -> Article:
    a, = articles(read_file(path, path.parent))
    return a


BODY = ("Menteri Ketenagakerjaan Sari Lestari bertemu Duta Besar Norwegia di Jakarta. "
        "“Kami menyambut baik kerja sama ini,” kata Menteri Sari di kantor kementerian.\n")


@pytest.mark.parametrize("encoding, expected", [
    ("cp1252", "cp1252"),
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("utf-16", "utf-16"),           # Python writes a BOM
    ("utf-16-le", "utf-16-le"),     # no BOM
    ("utf-16-be", "utf-16-be"),     # no BOM
])
def test_encodings_are_detected(tmp_path, encoding, expected):
    text = "Pekerja migran di Zürich dan São Paulo menerima pelatihan. " + BODY
    a = read_one(write(tmp_path / "a.txt", text.encode(encoding)))
    assert a.encoding == expected
    assert a.text == text
    assert "\ufeff" not in a.text


def test_latin1_file_is_read_as_single_byte_text(tmp_path):
    text = "Delegasi dari España dan Curaçao hadir; señor Núñez memberi sambutan.\n"
    a = read_one(write(tmp_path / "a.txt", text.encode("latin-1")))
    assert a.encoding in ("cp1252", "latin-1")
    assert a.text == text


def test_utf16_bom_big_endian(tmp_path):
    a = read_one(write(tmp_path / "a.txt", b"\xfe\xff" + BODY.encode("utf-16-be")))
    assert a.encoding == "utf-16"
    assert a.text == BODY


def test_line_endings_are_normalised(tmp_path):
    a = read_one(write(tmp_path / "a.txt", "Baris satu.\r\nBaris dua.\rBaris tiga.\r\n"))
    assert a.text == "Baris satu.\nBaris dua.\nBaris tiga.\n"


def test_nfc_normalisation(tmp_path):
    a = read_one(write(tmp_path / "a.txt", "Kunjungan ke Cafe\u0301 Pekerja di kota itu sudah selesai.\n"))
    assert "Café" in a.text and "e\u0301" not in a.text


def test_brand_line_is_publisher_and_headline_is_title(tmp_path):
    a = read_one(write(tmp_path / "a.txt",
                       "Warta Buruh\n\nMenaker Bertemu Dubes Belanda Bahas Pekerja Perawat\n\n"
                       "JAKARTA - Menteri Ketenagakerjaan bertemu Duta Besar Belanda di Jakarta.\n"))
    assert a.publisher == "Warta Buruh"
    assert a.title == "Menaker Bertemu Dubes Belanda Bahas Pekerja Perawat"


def test_breadcrumb_line_is_not_the_title(tmp_path):
    a = read_one(write(tmp_path / "a.txt",
                       "Beranda Nasional Wamenaker Kunjungi Balai Pelatihan di Serang\n\n"
                       "Wamenaker Kunjungi Balai Pelatihan di Serang\n\n"
                       "Wakil Menteri Ketenagakerjaan mengunjungi balai pelatihan di Serang pada pekan ini.\n"))
    assert a.title == "Wamenaker Kunjungi Balai Pelatihan di Serang"


def test_domain_dateline_gives_publisher(tmp_path):
    a = read_one(write(tmp_path / "a.txt",
                       "Serikat Pekerja Tolak Rencana Baru\n"
                       "kabarburuh.com, SURABAYA - Serikat pekerja menolak rencana itu dalam rapat kemarin.\n"))
    assert a.publisher == "kabarburuh.com"
    assert a.title == "Serikat Pekerja Tolak Rencana Baru"


def test_first_line_body_sentence_is_not_a_title(tmp_path):
    a = read_one(write(tmp_path / "a.txt",
                       "\"Kami siap bekerja sama,\" kata Direktur Jenderal ILO dalam pertemuan itu.\n"
                       "Pertemuan itu berlangsung di Jenewa.\n"))
    assert a.title is None
    assert a.publisher is None


def test_date_mark_and_indonesian_dateline_published(tmp_path):
    a = read_one(write(tmp_path / "a.txt",
                       " date 2023-04-05 Kementerian Ketenagakerjaan menggelar rapat koordinasi di Bali.\n"))
    assert a.published == date(2023, 4, 5)
    b = read_one(write(tmp_path / "b.txt",
                       "Menaker Lantik Pejabat Baru\n\nSenin, 10 Juni 2024 14:00 WIB\n\n"
                       "Menteri Ketenagakerjaan melantik sejumlah pejabat baru di Jakarta pada hari ini.\n"))
    assert b.published == date(2024, 6, 10)
    assert b.title == "Menaker Lantik Pejabat Baru"


def test_scan_head_on_empty_and_single_line():
    assert scan_head("") == (None, None, None)
    assert scan_head("Hanya Satu Baris Judul")[0] is None


# --- HTML ------------------------------------------------------------------------------


def test_html_fixture_text_and_metadata():
    a = read_one(FIXTURES / "page.html")
    assert a.format == "html"
    assert a.key == a.source == "page.html"
    assert a.title == "Kemnaker Teken Nota Kesepahaman dengan Kementerian Tenaga Kerja Portugal"
    assert a.publisher == "Kabar Kerja"
    assert a.published == date(2024, 7, 2)
    assert a.url == "https://kabarkerja.example/nasional/kemnaker-portugal"
    assert a.language == "id"
    assert "Sekretaris Jenderal Kemnaker Bayu Kurniawan" in a.text
    assert "kelompok kerja bersama" in a.text
    for bad in ("should-not-appear", "injected-script-text", "xss-onerror", "Beranda", "Hak cipta"):
        assert bad not in a.text


def test_htm_suffix_any_case(tmp_path):
    html = (FIXTURES / "page.html").read_bytes()
    write(tmp_path / "PAGE.HTM", html)
    write(tmp_path / "NOTE.TXT", BODY)
    formats = [a.format for a in articles(read_inputs([tmp_path]))]
    assert formats == ["txt", "html"]                      # NOTE.TXT < PAGE.HTM


# --- JSON Lines ----------------------------------------------------------------------------


def test_jsonl_fields_keys_and_lines():
    items = articles(read_inputs([FIXTURES / "feed.jsonl"]))
    assert [a.line for a in items] == [1, 3, 4]              # line 2 is blank
    first, second, third = items
    assert first.key == first.url == "https://kabarkerja.example/a/1"
    assert first.source == "feed.jsonl"
    assert first.title == "Menaker Terima Kunjungan Dubes Kanada"
    assert first.published == date(2024, 5, 6)
    assert first.publisher == "Kabar Kerja"
    assert first.language == "id"                             # "id-ID" given
    assert second.key == "feed.jsonl#L3"
    assert second.text.startswith("The labour ministers")    # "content" accepted
    assert second.published == date(2023, 8, 21)
    assert second.language == "en"                            # detected
    assert third.key == "feed.jsonl#L4"
    assert third.title is None and third.published is None and third.language == "id"
    assert all(a.format == "jsonl" for a in items)


def test_jsonl_in_subfolder_key_has_relative_path(tmp_path):
    write(tmp_path / "feeds" / "x.jsonl", json.dumps({"text": BODY}) + "\n")
    a, = articles(read_inputs([tmp_path]))
    assert a.key == "feeds/x.jsonl#L1"
    assert a.source == "feeds/x.jsonl"


def test_jsonl_streams_many_lines(tmp_path):
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for i in range(5000):
            f.write(json.dumps({"text": f"Berita nomor {i} tentang pekerja dan pelatihan."}) + "\n")
    gen = read_inputs([path])
    assert inspect.isgenerator(gen)
    first = next(gen)
    assert first.line == 1
    assert sum(1 for _ in gen) == 4999


# --- walking folders --------------------------------------------------------------------------


def make_tree(root: Path) -> None:
    write(root / "b" / "two.txt", BODY)
    write(root / "a" / "one.txt", BODY)
    write(root / "a" / "deeper" / "three.htm", (FIXTURES / "page.html").read_bytes())
    write(root / "z.jsonl", json.dumps({"text": BODY}) + "\n")
    write(root / "a" / "gold.json", "{}")                   # other types are skipped
    write(root / "a" / "notes.md", "# notes")
    write(root / ".hidden" / "secret.txt", BODY)           # hidden folders are skipped
    write(root / "a" / ".draft.txt", BODY)


def test_folder_recursion_is_sorted_and_deterministic(tmp_path):
    make_tree(tmp_path)
    pairs = list(iter_inputs([tmp_path]))
    rel = [p.relative_to(tmp_path).as_posix() for p, _ in pairs]
    assert rel == ["a/deeper/three.htm", "a/one.txt", "b/two.txt", "z.jsonl"]
    assert all(root == tmp_path for _, root in pairs)
    keys1 = [a.key for a in articles(read_inputs([tmp_path]))]
    keys2 = [a.key for a in articles(read_inputs([tmp_path]))]
    assert keys1 == keys2 == ["a/deeper/three.htm", "a/one.txt", "b/two.txt", "z.jsonl#L1"]


def test_several_paths_keep_their_order(tmp_path):
    make_tree(tmp_path)
    pairs = list(iter_inputs([tmp_path / "b", tmp_path / "a" / "one.txt"]))
    assert [(p.name, r.name) for p, r in pairs] == [("two.txt", "b"), ("one.txt", "a")]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_symlink_loop_does_not_hang(tmp_path):
    write(tmp_path / "d" / "x.txt", BODY)
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")     # d/loop -> d
    os.symlink(tmp_path, tmp_path / "d" / "up")               # d/up -> parent
    keys = [a.key for a in articles(read_inputs([tmp_path]))]
    assert keys == ["d/x.txt"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_symlinked_file_is_read(tmp_path):
    target = write(tmp_path / "elsewhere" / "real.txt", BODY)
    (tmp_path / "in").mkdir()
    os.symlink(target, tmp_path / "in" / "link.txt")
    a, = articles(read_inputs([tmp_path / "in"]))
    assert a.key == "link.txt" and a.text == BODY


# --- helpers ------------------------------------------------------------------------------------


def test_detect_language():
    assert detect_language("Menteri itu mengatakan bahwa kerja sama dengan negara lain akan "
                           "diperkuat dalam tahun ini.") == "id"
    assert detect_language("The minister said that the cooperation with the other country "
                           "will be strengthened in this year.") == "en"


def test_decode_bytes_invalid_utf8_mid_file_keeps_utf8_parts():
    data = "Pertemuan di Zürich “resmi” dimulai. ".encode("utf-8") + b"Harga \x80 10.\n"
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8+cp1252"
    assert text == "Pertemuan di Zürich “resmi” dimulai. Harga € 10.\n"


def test_short_headline_over_caption_is_not_a_brand(tmp_path):
    a = read_one(write(tmp_path / "a.txt",
                       "Menaker Kunjungi Jepang\n\nMenteri Ketenagakerjaan bersama Dubes Jepang di Tokyo\n\n"
                       "TOKYO - Menteri Ketenagakerjaan mengunjungi Jepang untuk membahas pemagangan.\n"))
    assert a.publisher is None
    assert a.title == "Menaker Kunjungi Jepang"


def test_a_site_name_of_several_words_above_the_headline(tmp_path):
    from labourkg.loaders.read import scan_head

    title, publisher, _ = scan_head("Warta Kerja Harian\n\nMenaker Terima Dubes Peru Bahas Pelatihan Vokasi\n\n"
                                    "JAKARTA - Menteri Ketenagakerjaan menerima Duta Besar Peru, Senin (2/9).")
    assert publisher == "Warta Kerja Harian"
    assert title == "Menaker Terima Dubes Peru Bahas Pelatihan Vokasi"
    title, publisher, _ = scan_head("THE MEKONG LABOUR POST\n\nCambodia and Indonesia agree on training\n\n"
                                    "PHNOM PENH - The two labour ministers met on Monday.")
    assert publisher == "THE MEKONG LABOUR POST" and title == "Cambodia and Indonesia agree on training"
