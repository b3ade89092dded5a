"""Synthetic labour-diplomacy news, deterministic, for benchmarks.

Every article is a pure function of (seed, index): article 17 of a 1 000-article
corpus is byte for byte article 17 of a 100 000-article one, so corpora of
different sizes nest, and `start` gives new articles that were never written.
The text is built from this module's own templates, invented person names and
the project's lexicons (countries, bodies), with the noise scraped news carries:
site-name line, breadcrumbs, headline, byline, related headlines, typos.

    python bench/generate.py 1000 /tmp/corpus                 # .txt files
    python bench/generate.py 1000 /tmp/c.jsonl --format jsonl
    python bench/generate.py --adversarial 1000000 /tmp/adv.txt
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

MIN_BYTES = 1500
MAX_BYTES = 4000
ID_SHARE = 0.55                    # share of Indonesian articles

# --- the world the articles talk about --------------------------------------------------


@dataclass(frozen=True)
class Partner:
    code: str
    name_id: str
    name_en: str
    capital_id: str
    capital_en: str
    ministry_id: str
    ministry_en: str
    ministry_short: str
    names: str                     # key into NAME_POOLS

    @property
    def ministry_id_full(self) -> str:
        """The ministry named with its country, as Indonesian news names foreign bodies."""
        return self.ministry_id if self.name_id in self.ministry_id else f"{self.ministry_id} {self.name_id}"

    def head_title(self, lang: str) -> str:
        """Title of the head of the partner ministry."""
        if lang == "id":
            rest = self.ministry_id_full.removeprefix("Kementerian ")
            return f"Menteri {rest}" if rest != self.ministry_id_full else f"Kepala {rest}"
        if self.ministry_en.startswith("Ministry of "):
            return f"{self.name_en}'s Minister of {self.ministry_en.removeprefix('Ministry of ')}"
        return f"the head of {self.name_en}'s {self.ministry_en}"


@dataclass(frozen=True)
class Post:
    """A post on the Indonesian side: the title in both languages and its body."""

    title_id: str
    title_en: str
    short_id: str                  # how the press shortens the title (Menaker, Dirjen ...)
    body_id: str
    body_en: str
    body_short: str


@dataclass(frozen=True)
class World:
    partners: tuple[Partner, ...]
    posts: tuple[Post, ...]
    intl: tuple[tuple[str, str, str], ...]        # (name_id, name_en, acronym)
    cities_id: tuple[str, ...]


# Countries Indonesian labour news is mostly about, most frequent first, with labour
# ministries from general knowledge; names come from the lexicon when it has the country.
_PARTNERS = {
    "JP": ("Jepang", "Japan", "Tokyo", "Kementerian Kesehatan, Tenaga Kerja dan Kesejahteraan",
           "Ministry of Health, Labour and Welfare", "MHLW", "jp", "jp.mhlw"),
    "MY": ("Malaysia", "Malaysia", "Kuala Lumpur", "Kementerian Sumber Manusia",
           "Ministry of Human Resources", "KESUMA", "my", "my.kesuma"),
    "KR": ("Korea Selatan", "South Korea", "Seoul", "Kementerian Ketenagakerjaan dan Perburuhan",
           "Ministry of Employment and Labor", "MOEL", "kr", "kr.moel"),
    "SA": ("Arab Saudi", "Saudi Arabia", "Riyadh", "Kementerian Sumber Daya Manusia dan Pembangunan Sosial",
           "Ministry of Human Resources and Social Development", "MHRSD", "ar", "sa.mhrsd"),
    "TW": ("Taiwan", "Taiwan", "Taipei", "Kementerian Tenaga Kerja Taiwan", "Ministry of Labor",
           "MOL", "zh", "tw.mol"),
    "HK": ("Hong Kong", "Hong Kong", "Hong Kong", "Departemen Tenaga Kerja Hong Kong",
           "Labour Department", "LD", "zh", "hk.ld"),
    "AE": ("Uni Emirat Arab", "United Arab Emirates", "Abu Dhabi",
           "Kementerian Sumber Daya Manusia dan Emiratisasi",
           "Ministry of Human Resources and Emiratisation", "MOHRE", "ar", "ae.mohre"),
    "QA": ("Qatar", "Qatar", "Doha", "Kementerian Tenaga Kerja Qatar", "Ministry of Labour", "MOL", "ar", "qa.mol"),
    "DE": ("Jerman", "Germany", "Berlin", "Kementerian Federal Tenaga Kerja dan Urusan Sosial",
           "Federal Ministry of Labour and Social Affairs", "BMAS", "west", "de.bmas"),
    "AU": ("Australia", "Australia", "Canberra",
           "Departemen Ketenagakerjaan dan Hubungan Tempat Kerja",
           "Department of Employment and Workplace Relations", "DEWR", "west", "au.dewr"),
    "US": ("Amerika Serikat", "United States", "Washington DC", "Departemen Tenaga Kerja Amerika Serikat",
           "Department of Labor", "USDOL", "west", "us.dol"),
    "PH": ("Filipina", "Philippines", "Manila", "Departemen Pekerja Migran",
           "Department of Migrant Workers", "DMW", "ph", "ph.dmw"),
    "TL": ("Timor Leste", "Timor-Leste", "Dili", "Sekretariat Negara untuk Pelatihan Vokasi dan Ketenagakerjaan",
           "Secretariat of State for Vocational Training and Employment", "SEFOPE", "tl", "tl.sefope"),
    "HU": ("Hungaria", "Hungary", "Budapest", "Kementerian Ekonomi Nasional Hungaria",
           "Ministry for National Economy", "NGM", "west", ""),
}
_HOME = (  # title_id, title_en, short, body_id, body_en, body_short
    ("Menteri Ketenagakerjaan", "Minister of Manpower", "Menaker",
     "Kementerian Ketenagakerjaan", "Ministry of Manpower", "Kemnaker"),
    ("Wakil Menteri Ketenagakerjaan", "Deputy Minister of Manpower", "Wamenaker",
     "Kementerian Ketenagakerjaan", "Ministry of Manpower", "Kemnaker"),
    ("Sekretaris Jenderal Kementerian Ketenagakerjaan", "Secretary General of the Ministry of Manpower",
     "Sekjen Kemnaker", "Kementerian Ketenagakerjaan", "Ministry of Manpower", "Kemnaker"),
    ("Direktur Jenderal Pembinaan Pelatihan Vokasi dan Produktivitas",
     "Director General of Vocational Training and Productivity Development", "Dirjen Binalavotas",
     "Direktorat Jenderal Pembinaan Pelatihan Vokasi dan Produktivitas",
     "Directorate General of Vocational Training and Productivity Development", "Ditjen Binalavotas"),
    ("Direktur Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja",
     "Director General of Manpower Placement and Expansion of Employment Opportunities",
     "Dirjen Binapenta dan PKK",
     "Direktorat Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja",
     "Directorate General of Manpower Placement and Expansion of Employment Opportunities",
     "Ditjen Binapenta dan PKK"),
    ("Kepala Biro Kerja Sama Luar Negeri", "Head of the Bureau of International Cooperation",
     "Karo KSLN", "Biro Kerja Sama Luar Negeri", "Bureau of International Cooperation", "Biro KSLN"),
    ("Kepala Badan Pelindungan Pekerja Migran Indonesia",
     "Head of the Indonesian Migrant Workers Protection Agency", "Kepala BP2MI",
     "Badan Pelindungan Pekerja Migran Indonesia", "Indonesian Migrant Workers Protection Agency",
     "BP2MI"),
)
_UNIT_TITLES = {   # lexicon unit -> (title_id prefix, title_en prefix, short prefix)
    "ministry": ("Menteri", "Minister of", "Men"),
    "ditjen": ("Direktur Jenderal", "Director General of", "Dirjen"),
    "direktorat": ("Direktur", "Director of", "Direktur"),
    "biro": ("Kepala Biro", "Head of the Bureau of", "Karo"),
    "badan": ("Kepala", "Head of", "Kepala"),
}
_INTL = (("Organisasi Perburuhan Internasional", "International Labour Organization", "ILO"),
         ("Organisasi Internasional untuk Migrasi", "International Organization for Migration", "IOM"),
         ("Sekretariat ASEAN", "ASEAN Secretariat", "ASEAN"))
_CITIES_ID = ("Jakarta", "Bandung", "Surabaya", "Yogyakarta", "Semarang", "Medan", "Makassar",
              "Denpasar", "Batam", "Kupang", "Mataram", "Malang")

NAME_POOLS = {
    "id": (("Agus", "Budi", "Dewi", "Sri", "Eko", "Rina", "Hendra", "Wahyu", "Siti", "Dian", "Yudi",
            "Fajar", "Indah", "Rudi", "Lestari", "Bambang", "Ratna", "Teguh", "Nur", "Wulan", "Hadi",
            "Putri", "Arif", "Maya", "Joko", "Nina", "Irwan", "Ayu", "Dimas", "Citra", "Bayu", "Sari",
            "Galih", "Retno", "Anton", "Melati", "Yoga", "Tari", "Rizal", "Intan"),
           ("Santoso", "Wibowo", "Hartono", "Prasetyo", "Kurniawan", "Setiawan", "Nugroho", "Susanto",
            "Lubis", "Siregar", "Nasution", "Harahap", "Simanjuntak", "Pratama", "Saputra", "Hidayat",
            "Rahman", "Gunawan", "Suryadi", "Wijaya", "Halim", "Purnomo", "Utami", "Maharani",
            "Permata", "Sulistyo", "Firmansyah", "Ramadhan", "Hakim", "Syahputra")),
    "jp": (("Haruto", "Yuki", "Kenji", "Aiko", "Takeshi", "Naoko", "Hiroshi", "Emi", "Satoshi", "Mayu"),
           ("Tanaka", "Sato", "Suzuki", "Takahashi", "Watanabe", "Ito", "Yamamoto", "Nakamura",
            "Kobayashi", "Kato")),
    "kr": (("Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-hyun", "Soo-ah", "Jae-won", "Eun-ji"),
           ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Yoon", "Han")),
    "my": (("Azman", "Faridah", "Hafiz", "Nurul", "Rosli", "Zainal", "Suraya", "Kamal"),
           ("Ismail", "Hassan", "Abdullah", "Yusof", "Ibrahim", "Othman", "Rashid", "Salleh")),
    "ar": (("Ahmed", "Khalid", "Faisal", "Omar", "Saad", "Nasser", "Majid", "Hamad"),
           ("Al-Harbi", "Al-Qahtani", "Al-Mansouri", "Al-Otaibi", "Al-Shamsi", "Al-Kuwari",
            "Al-Dosari", "Al-Marri")),
    "zh": (("Wei-lin", "Chia-hao", "Mei-ling", "Yu-ting", "Chun-hung", "Shu-fen"),
           ("Chen", "Lin", "Huang", "Wang", "Chang", "Liu", "Tsai", "Yang")),
    "west": (("Anna", "Thomas", "Laura", "Michael", "Sarah", "Peter", "Julia", "Daniel", "Eva", "Mark"),
             ("Becker", "Fischer", "Miller", "Carter", "Novak", "Horvath", "Walsh", "Brennan",
              "Keller", "Hughes")),
    "ph": (("Maria", "Jose", "Ramon", "Liza", "Carlo", "Teresa"),
           ("Santos", "Reyes", "Cruz", "Bautista", "Villanueva", "Mendoza")),
    "tl": (("Joao", "Ana", "Mario", "Rosa", "Filomeno", "Lucia"),
           ("da Costa", "Soares", "Pereira", "Guterres", "Ximenes", "Belo")),
}


def _lexicon():
    """The project lexicon, or None while it cannot be loaded (being written, broken)."""
    try:
        from labourkg.loaders.lexicon import load_lexicon
        return load_lexicon()
    except Exception:                 # any failure: the built-in lists stand in
        return None


@functools.lru_cache(maxsize=1)
def world() -> World:
    """Partners and posts: lexicon names where the lexicon has them, else the built-in lists."""
    lex = _lexicon()
    countries = getattr(lex, "countries", {}) or {}
    lex_orgs = getattr(lex, "orgs", {}) or {}
    partners = []
    for code, (n_id, n_en, cap, min_id, min_en, short, names, key) in _PARTNERS.items():
        c = countries.get(code)
        if c is not None:
            n_id, n_en = c.name_id or n_id, c.name_en or n_en
        cap_id = (c.capital_id if c is not None and c.capital_id else cap)
        cap_en = (c.capital_en if c is not None and c.capital_en else cap)
        ministry = lex_orgs.get(key)
        if ministry is not None and ministry.name_en:
            min_en = ministry.name_en
            min_id = ministry.name_id or ministry.name_en
            short = next((a for a in ministry.aliases if a.isupper() and 2 <= len(a) <= 8), short)
        partners.append(Partner(code, n_id, n_en, cap_id, cap_en, min_id, min_en, short, names))
    posts = [Post(*row) for row in _HOME]
    for key, o in sorted(lex_orgs.items()):
        # posts in the labour ministry and the migrant-worker agencies only
        if not (key.startswith(("kemnaker.", "kp2mi")) or key == "bp2mi"):
            continue
        prefix = _UNIT_TITLES.get(o.unit or "")
        if prefix is None or not (o.subject_id and o.subject_en and o.name_id and o.name_en):
            continue
        short_body = min(o.aliases, key=len) if o.aliases else o.name_id
        if o.unit == "badan":
            title_id, title_en = f"Kepala {o.name_id}", f"Head of the {o.name_en}"
        else:
            title_id, title_en = f"{prefix[0]} {o.subject_id}", f"{prefix[1]} {o.subject_en}"
        short = f"{prefix[2]} {o.subject_aliases[0]}" if o.subject_aliases else title_id
        if title_id not in {p.title_id for p in posts}:
            posts.append(Post(title_id, title_en, short, o.name_id, o.name_en, short_body))
    cities = list(_CITIES_ID)
    home = countries.get("ID")
    if home is not None:
        cities += [c for c in home.cities if c.isascii() and " " not in c and c[0].isupper()
                   and c not in cities][:20]
    return World(tuple(partners), tuple(posts), _INTL, tuple(cities))


# --- words ------------------------------------------------------------------------------

WEEKDAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")
_AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
              "Nov.", "Dec.")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")

TOPICS = (  # (Indonesian, English)
    ("pelindungan pekerja migran", "the protection of migrant workers"),
    ("penempatan perawat lansia", "the placement of elderly-care workers"),
    ("pelatihan vokasi", "vocational training"),
    ("keselamatan dan kesehatan kerja", "occupational safety and health"),
    ("jaminan sosial ketenagakerjaan", "social security for workers"),
    ("pemagangan", "apprenticeships"),
    ("sertifikasi kompetensi", "skills certification"),
    ("awak kapal perikanan", "fishing vessel crews"),
    ("penempatan tenaga kerja terampil", "the placement of skilled workers"),
    ("dialog sosial", "social dialogue"),
)
AGREEMENTS = (  # (kind, phrase_id, phrase_en, short)
    ("mou", "nota kesepahaman atau Memorandum of Understanding (MoU)",
     "memorandum of understanding (MoU)", "MoU"),
    ("moc", "Memorandum of Cooperation (MoC)", "memorandum of cooperation (MoC)", "MoC"),
    ("protocol", "protokol perubahan", "amending protocol", "Protokol"),
    ("agreement", "perjanjian kerja sama", "cooperation agreement", "Perjanjian"),
    ("plan_of_action", "rencana aksi atau Plan of Action", "plan of action", "Rencana Aksi"),
    ("declaration", "deklarasi bersama", "joint declaration", "Deklarasi"),
)
MEETINGS_ID = ("pertemuan bilateral", "kunjungan kerja", "kunjungan kehormatan",
               "sidang Kelompok Kerja Bersama (Joint Working Group/JWG)", "pertemuan tingkat menteri")
MEETINGS_EN = ("bilateral meeting", "working visit", "courtesy call",
               "Joint Working Group (JWG) meeting", "ministerial meeting")
SITES_ID = ("LINTASKERJA.CO.ID", "koranpekerja.id", "Warta Tenaga Nusantara", "posburuh-online.com",
            "Harian Karya Bangsa", "KABARMIGRAN.ID")
SITES_EN = ("Asia Labour Desk", "migrationwire-asia.com", "Pacific Workforce Daily",
            "Regional Employment Times", "laborlinenews.net", "The Straits Workforce Review")
RELATED_ID = ("Harga Cabai Rawit Kembali Naik Jelang Akhir Pekan", "Timnas Futsal Lolos ke Semifinal",
              "Cuaca Ekstrem Diprediksi Landa Sejumlah Wilayah", "Antrean Mudik Mulai Terlihat di Terminal",
              "Pemerintah Siapkan Insentif untuk UMKM", "Ribuan Pencari Kerja Padati Bursa Kerja",
              "Upah Minimum Provinsi Diumumkan Pekan Depan", "Jalan Tol Baru Diresmikan Presiden")
RELATED_EN = ("Rice prices climb for third straight week", "Monsoon rains disrupt flights",
              "Central bank holds rates steady", "Port workers end two-day strike",
              "Tech firms announce hiring freeze", "Football: league title race goes to the wire",
              "New rail link cuts commute times", "Minimum wage review due next month")
FILLER_ID = (
    "Berdasarkan data {agency_short}, sepanjang tahun lalu tercatat {k} ribu pekerja migran Indonesia "
    "ditempatkan di {country_id}, sebagian besar bekerja di sektor manufaktur, perawatan dan perikanan. "
    "Angka tersebut naik dibanding tahun sebelumnya.",
    "Pemerintah juga meminta agar calon pekerja migran hanya berangkat melalui jalur resmi. Menurut "
    "catatan pemerintah, masih banyak warga yang tergiur tawaran kerja di luar negeri tanpa dokumen "
    "yang lengkap sehingga rentan menjadi korban perdagangan orang",
    "Selain itu, kedua pihak membahas pengakuan sertifikat kompetensi, standar upah, asuransi serta "
    "mekanisme penyelesaian perselisihan bagi pekerja yang menghadapi masalah di tempat kerja.",
    "Kerja sama ini diharapkan membuka peluang kerja yang lebih luas bagi lulusan balai latihan kerja "
    "(BLK) di berbagai daerah. Pemerintah daerah diminta ikut menyiapkan calon peserta sejak dini, "
    "termasuk pelatihan bahasa dan budaya kerja.",
    "Dalam kesempatan itu juga dibahas rencana pertemuan lanjutan tahun depan untuk mengevaluasi "
    "pelaksanaan kesepakatan, termasuk jumlah penempatan, keluhan pekerja dan perkembangan pelatihan.",
    "Sejumlah serikat pekerja menyambut baik langkah tersebut, namun meminta pemerintah memastikan "
    "biaya penempatan tidak dibebankan kepada pekerja dan hak-hak mereka terlindungi selama kontrak.",
    "Acara tersebut dihadiri pula oleh perwakilan asosiasi perusahaan penempatan, lembaga pelatihan "
    "swasta dan sejumlah pejabat daerah yang wilayahnya menjadi kantong pekerja migran.",
)
FILLER_EN = (
    "According to {agency_short} figures, about {k},000 Indonesian workers were placed in "
    "{country_en} last year, most of them in manufacturing, care work and fisheries, up from the "
    "year before.",
    "Officials urged prospective migrant workers to use only official channels, warning that people "
    "who leave without proper papers are more exposed to trafficking and unpaid wages",
    "The two sides also discussed the recognition of skills certificates, wage standards, insurance "
    "and a mechanism to settle disputes for workers who run into trouble at their workplace.",
    "The cooperation is expected to open more jobs for graduates of public vocational training "
    "centres across the country, and provincial governments were asked to prepare candidates early, "
    "including language and workplace-culture courses.",
    "A follow-up meeting is planned for next year to review how the arrangement is working, "
    "including placement numbers, worker complaints and progress on training.",
    "Trade unions welcomed the move but called on the government to make sure placement fees are not "
    "charged to workers and that their rights are protected throughout their contracts.",
    "Representatives of recruitment agencies, private training providers and officials from "
    "districts that send many migrant workers abroad also attended the event.",
)


# --- one article ----------------------------------------------------------------------------


@dataclass
class _Cast:
    """Who and what one article is about."""

    lang: str
    partner: Partner
    post: Post
    home_name: str
    guest_title: str
    guest_name: str
    extra: list[tuple[str, str]] = field(default_factory=list)   # (title, name) of more officials
    topic: str = ""
    agreement: tuple[str, str, str, str] | None = None
    meeting: str = ""
    city: str = ""
    when: date = date(2024, 1, 1)
    published: date = date(2024, 1, 1)


def _person(rng: random.Random, pool: str) -> str:
    first, last = NAME_POOLS[pool]
    name = f"{rng.choice(first)} {rng.choice(last)}"
    if pool == "id" and rng.random() < 0.3:     # many Indonesian names have a third part
        other = rng.choice(first)
        name = name if name.startswith(other + " ") else f"{other} {name}"
    return name


def _cast(rng: random.Random, w: World) -> _Cast:
    lang = "id" if rng.random() < ID_SHARE else "en"
    # A few partners and posts dominate the news, as they do in reality.
    partner = w.partners[min(int(rng.paretovariate(1.2)) - 1, len(w.partners) - 1)
                         if rng.random() < 0.6 else rng.randrange(len(w.partners))]
    post = w.posts[0] if rng.random() < 0.4 else rng.choice(w.posts)
    home_name = _person(rng, "id")
    if rng.random() < 0.5:
        guest_title = (f"Duta Besar {partner.name_id} untuk Indonesia" if lang == "id"
                       else f"{partner.name_en} Ambassador to Indonesia")
    else:
        guest_title = partner.head_title(lang)
    cast = _Cast(lang, partner, post, home_name, guest_title, _person(rng, partner.names))
    for _ in range(rng.choice((0, 1, 1, 2))):
        other = rng.choice(w.posts)
        cast.extra.append((other.title_id if lang == "id" else other.title_en, _person(rng, "id")))
    cast.topic = str(rng.randrange(len(TOPICS)))
    cast.agreement = rng.choice(AGREEMENTS) if rng.random() < 0.65 else None
    cast.meeting = str(rng.randrange(len(MEETINGS_ID)))
    in_partner = rng.random() < 0.4
    cast.city = (partner.capital_id if lang == "id" else partner.capital_en) if in_partner \
        else rng.choice(w.cities_id)
    cast.published = date(2019, 1, 1) + timedelta(days=rng.randrange(2373))   # up to mid-2025
    cast.when = cast.published - timedelta(days=rng.choice((0, 1, 1, 2, 3)))
    return cast


def _day_id(d: date, published: date, rng: random.Random) -> str:
    if d == published and rng.random() < 0.3:
        return "hari ini"
    if rng.random() < 0.75:
        return f"{WEEKDAYS_ID[d.weekday()]} ({d.day}/{d.month})"
    return f"{WEEKDAYS_ID[d.weekday()]}, {d.day} {MONTHS_ID[d.month - 1]} {d.year}"


def _day_en(d: date, rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"on {WEEKDAYS_EN[d.weekday()]}"
    return f"on {WEEKDAYS_EN[d.weekday()]}, {MONTHS_EN[d.month - 1]} {d.day}"


def _typo(rng: random.Random, text: str) -> str:
    """Swap two letters inside one longer word: the typos scraped news is full of."""
    words = text.split(" ")
    long = [i for i, word in enumerate(words) if len(word) >= 6 and word.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    word = words[i]
    j = rng.randrange(1, len(word) - 2)
    words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    return " ".join(words)


def _paragraphs_id(rng: random.Random, c: _Cast) -> tuple[str, list[str], list[str]]:
    p, post = c.partner, c.post
    topic = TOPICS[int(c.topic)][0]
    day = _day_id(c.when, c.published, rng)
    meeting = MEETINGS_ID[int(c.meeting)]
    home = f"{post.title_id} ({post.short_id}) {c.home_name}"
    if c.agreement:
        kind, phrase, _, short = c.agreement
        headline = rng.choice((f"RI-{p.name_id} Teken {short} {topic.title()}",
                               f"Indonesia dan {p.name_id} Sepakati {short} soal {topic.title()}",
                               f"{post.body_short} dan {p.ministry_short} {p.name_id} Tandatangani {short}"))
        lead = (f"{post.body_id} ({post.body_short}) dan {p.ministry_id_full} menandatangani "
                f"{phrase} tentang {topic} di {c.city}, {day}. Penandatanganan dilakukan oleh {home} "
                f"dan {c.guest_title} {c.guest_name}.")
    else:
        headline = rng.choice((f"{post.short_id} Bertemu Pejabat {p.name_id}, Bahas {topic.title()}",
                               f"Kemnaker dan {p.name_id} Perkuat Kerja Sama {topic.title()}",
                               f"{p.name_id} Tawarkan Peluang Kerja, {post.short_id} Minta Pelindungan Diperkuat"))
        lead = (f"{home} menggelar {meeting} dengan {c.guest_title} {c.guest_name} di {c.city}, {day}. "
                f"Pertemuan itu membahas {topic} serta peluang kerja bagi tenaga kerja Indonesia di "
                f"{p.name_id}.")
    body = []
    last = c.home_name.split()[-1]
    body.append(f'"Kami ingin kerja sama ini benar-benar memberi manfaat bagi pekerja, terutama dalam '
                f'hal {topic}," kata {post.short_id} {last} usai pertemuan.')
    if c.agreement:
        body.append(f"Menurut {c.guest_name}, {c.agreement[3]} tersebut berlaku selama lima tahun dan dapat "
                    f"diperpanjang atas kesepakatan kedua pihak. {p.ministry_short} akan menunjuk tim "
                    f"teknis untuk menyusun petunjuk pelaksanaan.")
    for title, name in c.extra:
        body.append(f"Turut hadir dalam acara tersebut {title} {name} yang menyampaikan bahwa pihaknya "
                    f"siap mendukung pelaksanaan kerja sama di lapangan.")
    if rng.random() < 0.35:
        intl = rng.choice(_INTL)
        body.append(f"Program ini juga mendapat dukungan {intl[0]} ({intl[2]}), yang selama ini "
                    f"mendampingi pemerintah dalam penyusunan standar {topic}.")
    fillers = [f.format(agency_short=post.body_short, k=rng.randint(2, 90), country_id=p.name_id)
               for f in rng.sample(FILLER_ID, len(FILLER_ID))]
    return headline, [lead, *body], fillers


def _paragraphs_en(rng: random.Random, c: _Cast) -> tuple[str, list[str], list[str]]:
    p, post = c.partner, c.post
    topic = TOPICS[int(c.topic)][1]
    day = _day_en(c.when, rng)
    meeting = MEETINGS_EN[int(c.meeting)]
    home = f"{post.title_en} {c.home_name}"
    if c.agreement:
        _, _, phrase, short = c.agreement
        short = {"Protokol": "protocol", "Perjanjian": "agreement", "Rencana Aksi": "action plan",
                 "Deklarasi": "declaration"}.get(short, short)
        headline = rng.choice((f"Indonesia, {p.name_en} sign {short} on {topic}",
                               f"{p.name_en} and Indonesia ink {short} to boost labour cooperation",
                               f"Indonesia's {post.body_short} signs {short} with {p.name_en}'s {p.ministry_short}"))
        lead = (f"Indonesia and {p.name_en} signed a {phrase} on {topic} in {c.city} {day}. "
                f"The document was signed by Indonesia's {home} and {c.guest_title} {c.guest_name}.")
    else:
        headline = rng.choice((f"Indonesia, {p.name_en} discuss {topic}",
                               f"{p.name_en} eyes more Indonesian workers as talks on {topic} continue",
                               f"Indonesian minister meets {p.name_en} envoy"))
        lead = (f"Indonesia's {home} held a {meeting} with {c.guest_title} {c.guest_name} in {c.city} "
                f"{day}, discussing {topic} and job opportunities for Indonesian workers in {p.name_en}.")
    body = []
    last = c.home_name.split()[-1]
    body.append(f'"We want this cooperation to bring real benefits to workers, especially on {topic}," '
                f"{last} told reporters after the meeting.")
    if c.agreement:
        body.append(f"{c.guest_name} said the {c.agreement[3] if c.agreement[0] in ('mou', 'moc') else 'document'} "
                    f"will run for five years and can be extended by mutual consent. The "
                    f"{p.ministry_en} ({p.ministry_short}) will set up a technical team to draft "
                    f"implementing guidelines.")
    for title, name in c.extra:
        body.append(f"Also present was {title} {name}, who said the ministry was ready to support "
                    f"the work on the ground.")
    if rng.random() < 0.35:
        intl = rng.choice(_INTL)
        body.append(f"The programme is backed by the {intl[1]} ({intl[2]}), which has helped the "
                    f"government draft standards on {topic}.")
    fillers = [f.format(agency_short=post.body_short, k=rng.randint(2, 90), country_en=p.name_en)
               for f in rng.sample(FILLER_EN, len(FILLER_EN))]
    return headline, [lead, *body], fillers


def _head_tail(rng: random.Random, c: _Cast, headline: str) -> tuple[list[str], list[str], str]:
    """Blocks above the body, blocks below it, and the dateline prefix of the lead."""
    d = c.published
    hour, minute = rng.randrange(6, 23), rng.randrange(60)
    if c.lang == "id":
        site = rng.choice(SITES_ID)
        head = [site]
        if rng.random() < 0.5:
            head.append("Home > Nasional > Ketenagakerjaan")
        head += [headline, f"{WEEKDAYS_ID[d.weekday()]}, {d.day} {MONTHS_ID[d.month - 1][:3]} "
                           f"{d.year} {hour:02d}:{minute:02d} WIB"]
        if rng.random() < 0.5:
            head.append(f"Penulis: {_person(rng, 'id')} | Editor: {_person(rng, 'id')}")
        dateline = f"{c.city} - " if rng.random() < 0.7 else f"{c.city.upper()}, {site.split('.')[0].title()} - "
        related = rng.sample(RELATED_ID, 3) + [f"{c.post.short_id} {_person(rng, 'id')} Tinjau BLK di "
                                                f"{rng.choice(world().cities_id)}"]
        rng.shuffle(related)
        tail = [f"({''.join(rng.choices('abcdefghijklmnoprstuwy', k=3))}/"
                f"{''.join(rng.choices('abcdefghijklmnoprstuwy', k=3))})", "ADVERTISEMENT",
                "\n".join([rng.choice(("Baca Juga:", "Berita Terkait", "Terkini Lainnya")), *related])]
    else:
        site = rng.choice(SITES_EN)
        head = [site, headline]
        head.append(rng.choice((f"{d.year}/{d.month:02d}/{d.day:02d} {hour:02d}:{minute:02d}",
                                f"{MONTHS_EN[d.month - 1]} {d.day}, {d.year}")))
        if rng.random() < 0.6:
            head.append(f"By {_person(rng, rng.choice(('west', 'id', 'my')))}")
        dateline = f"{c.city.upper()}, {_AP_MONTHS[d.month - 1]} {d.day} - " if rng.random() < 0.6 \
            else f"{c.city} - "
        related = rng.sample(RELATED_EN, 3)
        tail = ["\n".join([rng.choice(("Related stories:", "Read more:", "More from Asia")),
                           *[f"> {r}" for r in related]])]
    return head, tail, dateline


def article_text(seed: int, index: int) -> tuple[str, dict]:
    """Article `index` of corpus `seed`: its text and metadata (language, title, date)."""
    rng = random.Random(f"labourkg-bench:{seed}:{index}")
    c = _cast(rng, world())
    headline, facts, fillers = (_paragraphs_id if c.lang == "id" else _paragraphs_en)(rng, c)
    head, tail, dateline = _head_tail(rng, c, headline)
    target = rng.randrange(MIN_BYTES + 200, MAX_BYTES - 600)
    paragraphs = [dateline + facts[0], *facts[1:]]

    def render(paras: list[str]) -> str:
        return "\n\n".join([*head, *paras, *tail]) + "\n"

    text = render(paragraphs)
    for extra in fillers:              # fillers until the article reaches its target length
        if len(text.encode()) >= target:
            break
        at = rng.randrange(1, len(paragraphs) + 1)
        paragraphs.insert(at, extra)
        text = render(paragraphs)
    while len(text.encode()) > MAX_BYTES and len(paragraphs) > 1:
        paragraphs.pop()
        text = render(paragraphs)
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        i = rng.randrange(1, len(paragraphs)) if len(paragraphs) > 1 else 0
        paragraphs[i] = _typo(rng, paragraphs[i])
    text = render(paragraphs)
    meta = {"language": c.lang, "title": headline, "published": c.published.isoformat(),
            "source": head[0]}
    return text, meta


# --- corpora ----------------------------------------------------------------------------------


@dataclass
class GenerateReport:
    """What `generate` wrote: enough to check that two corpora are the same."""

    count: int = 0
    bytes: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    sha256: str = ""
    path: str = ""


def article_name(index: int, lang: str) -> str:
    """Relative path of article `index`: 1 000 files per folder."""
    return f"{index // 1000:03d}/{index:06d}-{lang}.txt"


def generate(n: int, out: str | Path, seed: int = 0, fmt: str = "txt", start: int = 0) -> GenerateReport:
    """Write articles start .. start+n-1 of corpus `seed` to `out`, one at a time.

    fmt "txt": `out` is a folder of NNN/NNNNNN-LANG.txt files; "jsonl": `out` is the
    .jsonl file (or a folder to put articles.jsonl in), one object per line with
    url, title, published, source, language and text.
    """
    if fmt not in ("txt", "jsonl"):
        raise ValueError(f"fmt must be 'txt' or 'jsonl', not {fmt!r}")
    if n < 0 or start < 0:
        raise ValueError("n and start must not be negative")
    out = Path(out)
    digest = hashlib.sha256()
    report = GenerateReport()
    sink = None
    if fmt == "jsonl":
        if out.suffix != ".jsonl":
            out = out / "articles.jsonl"
        out.parent.mkdir(parents=True, exist_ok=True)
        sink = open(out, "w", encoding="utf-8", newline="\n")
    else:
        out.mkdir(parents=True, exist_ok=True)
    try:
        made: set[str] = set()
        for index in range(start, start + n):
            text, meta = article_text(seed, index)
            lang = meta["language"]
            if sink is not None:
                record = {"url": f"https://news.example/{seed}/{index}", **meta, "text": text}
                data = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
                sink.write(data)
                raw = data.encode("utf-8")
            else:
                name = article_name(index, lang)
                folder = name.split("/", 1)[0]
                if folder not in made:
                    (out / folder).mkdir(exist_ok=True)
                    made.add(folder)
                raw = text.encode("utf-8")
                (out / name).write_bytes(raw)
            digest.update(raw)
            report.count += 1
            report.bytes += len(raw)
            report.languages[lang] = report.languages.get(lang, 0) + 1
    finally:
        if sink is not None:
            sink.close()
    report.sha256 = digest.hexdigest()
    report.path = str(out)
    return report


# --- adversarial input ----------------------------------------------------------------------

_CAPS = ("Kementerian", "Ketenagakerjaan", "Republik", "Indonesia", "Direktorat", "Jenderal",
         "Pembinaan", "Pelatihan", "Menteri", "Duta", "Besar", "Organisasi", "Internasional",
         "Ministry", "Labour", "Manpower", "Department", "Of", "The", "Jepang", "Japan", "Korea",
         "Bapak", "Ibu", "Kepala", "Biro", "Kerja", "Sama", "Luar", "Negeri", "Wakil", "Dirjen")
_TITLES = ("Menteri", "Wakil Menteri", "Direktur Jenderal", "Dirjen", "Sekretaris Jenderal",
           "Duta Besar", "Kepala Biro", "Minister of", "Director General of", "Ambassador",
           "Deputy Minister", "Head of the Bureau of", "Kepala", "Direktur", "Atase Ketenagakerjaan")
_LOWER = ("dan", "yang", "di", "dengan", "untuk", "pekerja", "migran", "kerja", "sama", "bidang",
          "the", "of", "and", "to", "workers", "cooperation", "in", "on", "pelatihan", "vokasi")
_AGREE = ("MoU", "MoC", "nota kesepahaman", "Memorandum of Understanding", "protokol",
          "perjanjian", "Plan of Action", "deklarasi", "agreement", "LoI")


def _adversarial_blocks(rng: random.Random):
    """Endless stream of hostile fragments, ASCII only (so characters are bytes)."""
    while True:
        kind = rng.randrange(9)
        if kind == 0:      # capitalised words with no punctuation: one giant "name"
            yield " ".join(rng.choice(_CAPS) for _ in range(rng.randrange(500, 4000))) + " "
        elif kind == 1:    # endless stacked titles, sometimes followed by a name
            yield " ".join(rng.choice(_TITLES) for _ in range(rng.randrange(300, 2000))) + \
                f" {rng.choice(NAME_POOLS['id'][0])} "
        elif kind == 2:    # deeply nested parentheses around acronyms
            depth = rng.randrange(200, 3000)
            yield "(" * depth + " ".join(rng.choice(("Kemnaker", "ILO", "RI", "MoU", "BP2MI"))
                                         for _ in range(20)) + ")" * rng.randrange(depth) + " "
        elif kind == 3:    # a long run of lower-case words without any punctuation or newline
            yield " ".join(rng.choice(_LOWER) for _ in range(rng.randrange(2000, 12000))) + " "
        elif kind == 4:    # weekday dates back to back
            yield " ".join(f"{rng.choice(WEEKDAYS_ID)} ({rng.randrange(1, 40)}/{rng.randrange(1, 15)})"
                           for _ in range(rng.randrange(200, 1500))) + " "
        elif kind == 5:    # agreement words chained with joiners the scanners accept
            yield rng.choice((" - ", " / ", " & ", ". ", "-")).join(
                rng.choice(_AGREE) for _ in range(rng.randrange(300, 2000))) + " "
        elif kind == 6:    # unbalanced quotes and dotted initials
            yield "".join(rng.choice(('"', "'", "U.S.", "A.", "R.I.", "\u201c")) for _ in
                          range(rng.randrange(500, 5000))).encode("ascii", "ignore").decode() + " "
        elif kind == 7:    # headline-like lines, thousands of them
            yield "\n".join(" ".join(rng.choice(_CAPS) for _ in range(rng.randrange(3, 12)))
                            for _ in range(rng.randrange(100, 800))) + "\n"
        else:              # one word repeated, hyphen-joined, no spaces
            yield "-".join([rng.choice(_CAPS)] * rng.randrange(1000, 8000)) + " "


def adversarial(size_bytes: int, seed: int = 0) -> str:
    """Text of exactly `size_bytes` UTF-8 bytes built to make extractors backtrack or blow up."""
    if size_bytes < 0:
        raise ValueError("size_bytes must not be negative")
    rng = random.Random(f"labourkg-adversarial:{seed}")
    parts, total = [], 0
    for block in _adversarial_blocks(rng):
        if total >= size_bytes:
            break
        parts.append(block)
        total += len(block)
    return "".join(parts)[:size_bytes]


# --- command line ------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate synthetic labour-diplomacy articles.")
    parser.add_argument("n", nargs="?", help="number of articles (with --adversarial: the output file)")
    parser.add_argument("out", nargs="?", help="output folder (txt) or .jsonl file")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="index of the first article")
    parser.add_argument("--format", choices=("txt", "jsonl"), default="txt")
    parser.add_argument("--adversarial", type=int, metavar="BYTES",
                        help="instead, write one adversarial text of BYTES bytes to OUT")
    args = parser.parse_args(argv)
    if args.adversarial is not None:
        target = args.out or args.n
        if target is None:
            parser.error("--adversarial BYTES needs an output file")
        Path(str(target)).write_text(adversarial(args.adversarial, args.seed), encoding="utf-8")
        print(f"wrote {args.adversarial} bytes to {target}")
        return 0
    if args.n is None or args.out is None or not args.n.isdigit():
        parser.error("give N (a number of articles) and OUT")
    report = generate(int(args.n), args.out, args.seed, args.format, args.start)
    langs = ", ".join(f"{k}: {v}" for k, v in sorted(report.languages.items()))
    print(f"wrote {report.count} articles ({report.bytes / 1e6:.1f} MB; {langs}) to {report.path}; "
          f"sha256 {report.sha256[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
