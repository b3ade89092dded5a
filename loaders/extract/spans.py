"""Sentences as token lists annotated with lexicon matches, shared by the extractors.

The body is scanned with the lexicon once; each sentence then carries its
tokens (offsets into the body) and, per token, the known name covering it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from labourkg.loaders.lexicon import Lexicon, LexMatch, norm_token, tokens

# Words of institutions and positions: in a run of capitalised words they belong
# to a title or an organisation name, never to a person's name.
INSTITUTION_WORDS = frozenset("""
kementerian kemenko menteri menko direktorat direktur jenderal ditjen dirjen badan kepala sekretaris
sekretariat sekjen biro pusat dinas balai kantor perwakilan wakil deputi asisten staf khusus ahli
utama madya koordinator bidang urusan luar negeri tenaga kerja ketenagakerjaan perburuhan sosial
jaminan pembinaan pengawasan penempatan perluasan kesempatan hubungan industrial pelatihan
produktivitas keselamatan kesehatan perlindungan pelindungan migran pekerja pembangunan
kesejahteraan pengupahan perencanaan nasional federal kerajaan republik besar duta dubes kedutaan
kedubes konsulat kelautan perikanan tangkap pertanian perdagangan perindustrian keuangan pendidikan
kebudayaan agama hukum investasi koordinasi perekonomian kemaritiman politik keamanan pemberdayaan
perempuan daerah transmigrasi kependudukan pemerintah provinsi kabupaten kota umum administrasi
kerjasama internasional teknis standardisasi kompetensi vokasi pemagangan pengembangan sistem
program organisasi lembaga komite komisi dewan serikat federasi konfederasi asosiasi kamar dagang
industri perhimpunan persatuan ikatan himpunan yayasan otoritas inspektorat inspektur kepegawaian
penyelesaian perselisihan pengupahan syarat sumber daya manusia binapenta binwasnaker phi jamsos
kesempatan perlindungan penta lattas bina produktif
ministry minister department secretary undersecretary under deputy assistant director general
bureau office agency international affairs labor employment social security welfare development
foreign external home interior trade commerce industry health human resources manpower migrant
migration worker workers protection safety occupational relations federal national commission
committee council chief head senior vice president prime ambassador embassy consul consulate
representative mission country regional economic planning finance education justice state
cabinet spokesperson spokesman chairman chairperson chair board governing body executive programme
program officer policy standards rights organization organisation union confederation federation
association chamber institute foundation network secretariat authority services service bank fund
group corporation company cooperation partnership attache counsellor counselor commissioner
governor mayor permanent delegation division unit section counterpart undersecretariat
""".split())

MONTH_WORDS = frozenset("""januari februari pebruari maret april mei juni juli agustus september
oktober november nopember desember january february march may june july august october december
jan feb mar apr jun jul aug sep sept oct nov dec""".split())
WEEKDAY_WORDS = frozenset("""senin selasa rabu kamis jumat sabtu minggu ahad monday tuesday
wednesday thursday friday saturday sunday""".split())


@dataclass
class Tok:
    start: int
    end: int
    text: str
    norm: str
    lex: LexMatch | None = None
    alts: tuple[LexMatch, ...] = ()

    def has(self, kind: str) -> LexMatch | None:
        for m in self.alts:
            if m.kind == kind:
                return m
        return None

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(self.text) >= 2 and bool(letters) and all(c.isupper() for c in letters)


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    toks: list[Tok] = field(default_factory=list)
    matches: list[LexMatch] = field(default_factory=list)

    def gap(self, i: int) -> str:
        """Text between token i-1 and token i (body offsets)."""
        if i <= 0 or i >= len(self.toks):
            return ""
        a, b = self.toks[i - 1].end, self.toks[i].start
        return self.text[a - self.start:b - self.start]

    def span_text(self, start: int, end: int) -> str:
        return self.text[start - self.start:end - self.start]

    def tok_at(self, offset: int) -> int | None:
        for i, t in enumerate(self.toks):
            if t.start >= offset:
                return i
        return None


_PRIORITY = {"org": 0, "title": 1, "country": 2, "subject": 3, "demonym": 4, "place": 5}
_PARA = re.compile(r"\n\s*\n")


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """Sentences with offsets: the cleaner's splitter when present, else a simple one."""
    try:
        from labourkg.loaders.clean import sentences
    except ImportError:  # pragma: no cover - the cleaner is part of the package
        sentences = None
    if sentences is not None:
        return list(sentences(text))
    return _simple_sentences(text)


MAX_SENTENCE = 1500


def _bounded(sents: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """Real sentences are short; a run-on 'sentence' is cut at spaces so work stays linear."""
    out = []
    for s, e, _ in sents:
        while e - s > MAX_SENTENCE:
            cut = text.rfind(" ", s + MAX_SENTENCE // 2, s + MAX_SENTENCE)
            cut = cut if cut > s else s + MAX_SENTENCE
            out.append((s, cut, text[s:cut]))
            s = cut
        out.append((s, e, text[s:e]))
    return out


_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])|\n+")


def _simple_sentences(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for m in _END.finditer(text):
        if text[pos:m.start()].strip():
            out.append((pos, m.start(), text[pos:m.start()]))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text), text[pos:]))
    return out


def annotate(text: str, lexicon: Lexicon,
             split: list[tuple[int, int, str]] | None = None) -> list[Sentence]:
    """Sentences of `text` with tokens and lexicon matches (offsets into `text`).

    `split` is `split_sentences(text)` when the caller has it already.
    """
    all_toks = tokens(text)
    normed = [norm_token(t) for _, _, t in all_toks]
    by_start: dict[int, list[LexMatch]] = {}
    for m in lexicon.scan(text, toks=all_toks, normed=normed):
        by_start.setdefault(m.start, []).append(m)
    alts_of: dict[int, tuple[LexMatch, ...]] = {}
    for start, ms in by_start.items():
        ms.sort(key=lambda m: _PRIORITY.get(m.kind, 9))
        alts_of[start] = tuple(ms)
    spans = sorted((ms[0] for ms in by_start.values()), key=lambda m: m.start)
    out: list[Sentence] = []
    mi = ti = 0
    split = split_sentences(text) if split is None else split
    for idx, (s, e, stext) in enumerate(_bounded(split, text)):
        sent = Sentence(idx, s, e, text[s:e])
        while mi < len(spans) and spans[mi].end <= s:
            mi += 1
        j = mi
        while j < len(spans) and spans[j].start < e:
            if spans[j].end <= e:
                sent.matches.append(spans[j])
            j += 1
        k = 0
        while ti < len(all_toks) and all_toks[ti][0] < s:
            ti += 1
        while ti < len(all_toks) and all_toks[ti][1] <= e:
            a, b, tt = all_toks[ti]
            nt = normed[ti]
            ti += 1
            while k < len(sent.matches) and sent.matches[k].end <= a:
                k += 1
            lex = sent.matches[k] if k < len(sent.matches) and sent.matches[k].start <= a else None
            sent.toks.append(Tok(a, b, tt, nt, lex,
                                 alts_of.get(lex.start, ()) if lex else ()))
        out.append(sent)
    return out
