"""People, roles and agencies from invented sentences."""

from __future__ import annotations

import time

from labourkg.loaders.extract import extract
from labourkg.loaders.lexicon import load_lexicon
from labourkg.loaders.model import Article
from labourkg.loaders.resolve import resolve


def facts(text: str, lang: str = "id"):
    lex = load_lexicon()
    art = Article(key="t.txt", source="t.txt", text=text, format="txt", language=lang)
    return resolve(art, extract(art, lex), lex)


def officials(text: str, lang: str = "id"):
    return {o.name: o for o in facts(text, lang).officials}


def test_title_unit_name_and_later_mentions_merge():
    offs = officials("Dirjen Binapenta dan PKK Kemnaker Rina Kusumawati membuka forum itu. "
                     "\"Kami siap,\" kata Dirjen Rina. Rina menambahkan bahwa kerja sama berlanjut.")
    assert list(offs) == ["Rina Kusumawati"]
    rina = offs["Rina Kusumawati"]
    assert rina.role.startswith("Direktur Jenderal Pembinaan Penempatan")
    assert rina.agency[0] == "kemnaker.ditjen-binapenta-pkk" and rina.agency[-1] == "kemnaker"


def test_abbreviated_minister_title_and_honorifics():
    offs = officials("Menaker Bapak Dr. Joko Santoso menerima tamu di Jakarta.")
    assert "Joko Santoso" in offs
    assert offs["Joko Santoso"].role == "Menteri Ketenagakerjaan"
    assert offs["Joko Santoso"].agency == ["kemnaker"]


def test_name_comma_title_and_title_comma_name():
    offs = officials("Menteri Ketenagakerjaan, Wulan Sari dan Duta Besar Jepang untuk Indonesia, "
                     "Kenji Morimoto, hadir. Lestari Wibowo, Direktur Pengupahan Kementerian "
                     "Ketenagakerjaan, menjelaskan aturan baru.")
    assert offs["Kenji Morimoto"].role == "Duta Besar Jepang untuk Indonesia"
    assert offs["Kenji Morimoto"].country == "country:JP"
    assert offs["Lestari Wibowo"].role == "Direktur Pengupahan"
    assert offs["Wulan Sari"].role == "Menteri Ketenagakerjaan"


def test_english_roles_and_foreign_ministries():
    offs = officials("Deputy Minister of Labour Hiroshi Tanabe met Indonesian Minister of "
                     "Manpower, Dewi Anggraini, in Tokyo. \"We agree,\" Tanabe said.", "en")
    assert set(offs) == {"Hiroshi Tanabe", "Dewi Anggraini"}
    assert offs["Dewi Anggraini"].agency == ["kemnaker"]
    assert offs["Hiroshi Tanabe"].role == "Deputy Minister of Labour"


def test_nameless_title_gives_its_unit_to_short_mention():
    offs = officials("Hal ini disampaikan Dirjen Binwasnaker dan K3 Kemnaker usai rapat. "
                     "\"Pengawasan harus kuat,\" ujar Dirjen Bambang.")
    assert list(offs) == ["Bambang"]
    assert offs["Bambang"].agency[0] == "kemnaker.ditjen-binwasnaker-k3"


def test_no_people_from_months_places_or_bodies():
    offs = officials("Pada Januari, Kementerian Ketenagakerjaan dan Organisasi Perburuhan "
                     "Internasional bertemu di Jakarta.")
    assert offs == {}


def test_adversarial_megabyte_is_fast():
    chunk = ("Menteri Menteri Dirjen Kepala Direktur Jenderal ((((Badan (Kementerian "
             "Ketenagakerjaan) Besar Besar Besar Agung Agung Agung MoU MoU Protokol "
             "Kerja Sama Pertemuan ")
    text = chunk * (1_000_000 // len(chunk))
    start = time.perf_counter()
    facts(text)
    assert time.perf_counter() - start < 20
