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


def test_title_parenthesis_then_ministry_then_name():
    offs = officials("SEOUL - Direktur Jenderal Pembinaan Hubungan Industrial dan Jaminan Sosial "
                     "Tenaga Kerja (Dirjen PHI dan Jamsos) Kementerian Ketenagakerjaan, Wening "
                     "Sukmawati Adiguna, membuka forum itu. Menteri Tenaga Kerja dan Ketenagakerjaan "
                     "Filipina (Secretary of Labor and Employment), Rogelio Manansala Cruz, hadir.")
    assert offs["Wening Sukmawati Adiguna"].agency[0] == "kemnaker.ditjen-phi-jsk"
    assert "(" not in offs["Wening Sukmawati Adiguna"].role
    assert offs["Rogelio Manansala Cruz"].country == "country:PH"


def test_bare_title_and_surname_is_the_person_named_before():
    offs = officials("U.S. Secretary of Labor Margaret O. Lindqvist received the delegation on "
                     "Monday. \"We are ready,\" Secretary Lindqvist said.", "en")
    assert list(offs) == ["Margaret O. Lindqvist"]
    assert offs["Margaret O. Lindqvist"].agency == ["us.dol"]


def test_one_word_name_in_a_headline_list_is_no_person():
    offs = officials("Minister of Manpower Yosafat Hartono Wijaya opened the job fair in Medan.\n\n"
                     "MORE NEWS\n- Minister Hartawan visits vocational centre\n"
                     "- Unions ask for wage talks", "en")
    assert list(offs) == ["Yosafat Hartono Wijaya"]


def test_ambassador_to_the_country_comma_name_and_embassy_country():
    offs = officials("The talks were attended by Indonesia's Ambassador to the United Kingdom, "
                     "Larasati Purnamasari, and other officials.", "en")
    amb = offs["Larasati Purnamasari"]
    assert amb.role == "Indonesia's Ambassador to the United Kingdom"
    assert amb.agency == ["id.embassy-gb", "country:ID"]


def test_lower_case_titles_after_a_body_or_in_the_of_shape():
    offs = officials("BP2MI head Gunawan Setiabudi Harahap welcomed the returnees. The consul was "
                     "joined by the labour attaché of the Indonesian Embassy in Kuwait City, "
                     "Rizky Amalia Zahra. Earlier, Human Resources Ministry secretary-general "
                     "Datuk Halimah Yusof met the Indonesian delegation.", "en")
    assert offs["Gunawan Setiabudi Harahap"].role == "BP2MI head"
    assert offs["Gunawan Setiabudi Harahap"].agency == ["bp2mi"]
    attache = offs["Rizky Amalia Zahra"]
    assert attache.agency[0] == "id.embassy-kw" and attache.country == "country:ID"
    assert offs["Halimah Yusof"].agency == ["my.kesuma"]


def test_lower_case_director_general_with_field_in_words():
    offs = officials("Indonesia was represented by the Manpower Ministry's director-general for "
                     "manpower placement and expansion of employment opportunities, Wahyudi "
                     "Kurniadi. Malaysia sent Jelia Anak Jalong, director general of labour at "
                     "Malaysia's Ministry of Human Resources, to the talks.", "en")
    assert offs["Wahyudi Kurniadi"].agency == ["kemnaker.ditjen-binapenta-pkk", "kemnaker"]
    assert offs["Wahyudi Kurniadi"].role.startswith("Manpower Ministry's director-general for")
    assert offs["Jelia Anak Jalong"].agency == ["my.kesuma"]
    assert offs["Jelia Anak Jalong"].role == "director general of labour"


def test_body_before_title_is_the_agency():
    offs = officials("IOM Chief of Mission in Indonesia Astrid Van Velden visited the shelter. "
                     "Later, Eng. Nawaf bin Nasser Al-Qahtani, MHRSD Deputy Minister for Labour "
                     "Policies, met the press.", "en")
    assert offs["Astrid Van Velden"].agency == ["iom"]
    assert offs["Astrid Van Velden"].role == "IOM Chief of Mission in Indonesia"
    saudi = offs["Nawaf bin Nasser Al-Qahtani"]
    assert saudi.agency == ["sa.mhrsd"] and saudi.role.startswith("MHRSD Deputy Minister")


def test_malay_honorifics_and_titles():
    offs = officials("Pertemuan dihadiri Menteri Sumber Manusia Malaysia, Tan Sri Azlan bin "
                     "Hamzah, serta Ketua Setiausaha Kementerian Sumber Manusia, Dato' Sri "
                     "Noraini binti Ismail.")
    assert set(offs) == {"Azlan bin Hamzah", "Noraini binti Ismail"}
    assert offs["Noraini binti Ismail"].role.startswith("Ketua Setiausaha")
    assert offs["Noraini binti Ismail"].agency == ["my.kesuma"]


def test_embassy_acronym_does_not_swallow_the_name():
    offs = officials("Acara itu dihadiri Atase Ketenagakerjaan KBRI Seoul Kirana Kartika Sari.")
    assert list(offs) == ["Kirana Kartika Sari"]
    assert offs["Kirana Kartika Sari"].agency[0] == "id.embassy-kr"


def test_portfolio_after_the_country_is_no_part_of_the_ministry():
    f = facts("Nota itu diteken Wakil Menteri Sumber Daya Manusia dan Pembangunan Sosial Arab "
              "Saudi bidang Tenaga Kerja Asing, Majed bin Sultan Al-Harbi.")
    offs = {o.name: o for o in f.officials}
    assert offs["Majed bin Sultan Al-Harbi"].agency == ["sa.mhrsd"]
    assert not [o.name for o in f.organizations if "bidang" in o.name]


def test_english_compound_fields_and_rank_words_before_the_title():
    offs = officials("Employment and Labor Minister Choi Min-seok and Associate Deputy "
                     "Undersecretary for International Labor Affairs Robert T. Hale spoke.", "en")
    assert offs["Choi Min-seok"].role == "Employment and Labor Minister"
    assert offs["Robert T. Hale"].role.startswith("Associate Deputy Undersecretary")


def test_list_of_fields_with_commas_in_a_foreign_ministry():
    offs = officials("Menaker bertemu Menteri Kesehatan, Tenaga Kerja, dan Kesejahteraan Jepang, "
                     "Haruki Nakamura, di Tokyo.")
    assert offs["Haruki Nakamura"].role == ("Menteri Kesehatan, Tenaga Kerja, dan Kesejahteraan "
                                            "Jepang")
    assert offs["Haruki Nakamura"].agency == ["jp.mhlw"]


def test_short_capitalised_tail_before_comma_and_name():
    offs = officials("Wakil Sekretaris Jenderal ASEAN untuk Komunitas Ekonomi, Tran Van Minh, "
                     "memberi sambutan. Hadir pula Konsul Jenderal RI di Jeddah, Siti Maryam "
                     "Tanjung, dan Kepala Dinas Tenaga Kerja dan Transmigrasi Jawa Timur, Bagus "
                     "Prakoso.")
    assert offs["Tran Van Minh"].role == "Wakil Sekretaris Jenderal ASEAN untuk Komunitas Ekonomi"
    assert offs["Tran Van Minh"].agency == ["asean"]
    assert offs["Siti Maryam Tanjung"].role == "Konsul Jenderal RI di Jeddah"
    assert offs["Siti Maryam Tanjung"].country == "country:ID"
    dinas = offs["Bagus Prakoso"]
    assert dinas.agency and "kemnaker" not in dinas.agency and "kementrans" not in dinas.agency


def test_bare_title_of_a_group_leader_takes_the_group_body():
    offs = officials("Delegasi Kementerian Tenaga Kerja Oman yang dipimpin Wakil Menteri Salim "
                     "bin Hilal Al-Busaidi tiba di Jakarta.")
    assert offs["Salim bin Hilal Al-Busaidi"].agency == ["om.mol"]


def test_unit_field_follows_the_country_of_the_ministry_named():
    offs = officials("Asisten Wakil Menteri untuk Urusan Ketenagakerjaan Kementerian Tenaga Kerja "
                     "Oman, Hamad bin Said Al-Rawahi, memimpin sidang.")
    assert offs["Hamad bin Said Al-Rawahi"].agency == ["om.mol"]
    assert offs["Hamad bin Said Al-Rawahi"].country == "country:OM"


def test_longer_written_unit_name_is_kept_in_the_role():
    offs = officials("Menaker didampingi Kepala Biro Kerja Sama Luar Negeri Kemnaker, Arya "
                     "Wiratama.")
    assert offs["Arya Wiratama"].role == "Kepala Biro Kerja Sama Luar Negeri"
    assert offs["Arya Wiratama"].agency == ["kemnaker.biro-kerja-sama", "kemnaker"]


def test_lower_case_lexicon_title_with_acronym():
    offs = officials("Hal itu disampaikan kepala BP2MI Rudy Gunadi di Surabaya, Senin (3/6).")
    assert offs["Rudy Gunadi"].agency == ["bp2mi"]
    assert offs["Rudy Gunadi"].role == "Kepala Badan Pelindungan Pekerja Migran Indonesia"


def test_lower_case_title_without_a_name_is_no_position():
    f = facts("The minister said the head of the agency would visit the embassy.", "en")
    assert f.officials == []


def test_sekjen_sits_in_the_secretariat_general_of_the_ministry_named():
    from labourkg.loaders.extract import extract
    from labourkg.loaders.lexicon import load_lexicon
    from labourkg.loaders.model import Article
    from labourkg.loaders.resolve import resolve

    text = ("Sekretaris Jenderal Kementerian Ketenagakerjaan Bambang Harsono menerima delegasi "
            "Kementerian Tenaga Kerja Vietnam di Jakarta, Senin (2/9/2024).")
    lex = load_lexicon()
    art = Article(key="s.txt", source="s.txt", text=text, format="txt", language="id")
    officials = resolve(art, extract(art, lex), lex).officials
    bambang = next(o for o in officials if o.name == "Bambang Harsono")
    assert bambang.agency[:2] == ["kemnaker.setjen", "kemnaker"]
