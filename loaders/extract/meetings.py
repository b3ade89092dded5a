"""Meeting mentions: trigger words, named conferences, anaphors, place phrases.

Which bodies take part and which mentions are one event is decided in
`labourkg.loaders.resolve`, where people and agreements are known.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from labourkg.loaders.lexicon import Lexicon
from labourkg.loaders.extract.spans import Sentence

TRIGGERS = [
    ("courtesy_call", r"kunjungan\s+kehormatan|courtesy\s+call"),
    ("bilateral_meeting", r"pertemuan\s+bilateral|bilateral\s+meeting|bilateral\s+talks|"
                          r"bertemu(?:\s+dengan)?|menerima\s+kunjungan|met(?:\s+with)?|"
                          r"meeting\s+with|held\s+talks|talks\s+with"),
    ("signing", r"penandatanganan|penandatangan|menandatangani|ditandatangani|meneken|diteken|"
                r"signing|signed|inked|to\s+sign|will\s+(?:soon\s+)?sign|witness(?:ed|ing)?"),
    ("visit", r"kunjungan(?:\s+kerja)?|berkunjung|mengunjungi|visit(?:ed|s|ing)?|trip"),
    ("conference", r"konferensi|conference|sidang|summit|KTT|forum|sesi|session|lokakarya|"
                   r"workshop|seminar|dialog(?:ue)?"),
    ("meeting", r"pertemuan|meeting|rapat|bertemu"),
]
TRIGGER_RE = [(k, re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.I)) for k, p in TRIGGERS]
_ANY_TRIGGER = re.compile(rf"(?<![\w-])(?:{'|'.join(p for _, p in TRIGGERS)})(?![\w-])", re.I)
_ANAPHOR = re.compile(r"(?:\b(?:this|that|the|their|our|these|its)\s+(?:\w+\s+){0,1}$)", re.I)
_ANAPHOR_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:ini|tersebut|itu)\b|^\s+yang\s", re.I)
_NAMED_ID = re.compile(r"\b(?:Pertemuan|Konferensi|Sidang|Rapat|Forum|KTT)\s+(?=[A-Z0-9])"
                       r"((?:[A-Z0-9][\w'’.-]*)(?:\s+(?:[A-Z0-9][\w'’.-]*|ke-\d+|dan|&|untuk|tentang|"
                       r"bidang|di|of|on)(?=\s+[A-Z0-9]|\b))*(?:\s+ke-\d+)?)")
_NAMED_EN = re.compile(r"((?:[A-Z0-9][\w'’.-]*\s+)(?:(?:[A-Z0-9][\w'’.-]*|of|on|and|for|the)\s+)*?"
                       r"(?:Meeting|Conference|Summit|Forum|Session|Dialogue|Assembly)"
                       r"(?:\s+on\s+(?:[A-Z][\w'’-]*)(?:\s+(?:[A-Z][\w'’-]*|and|of|for))*)?)")
_PLACE_PREP = re.compile(r"\b(?:di|in|at|ke)\s+((?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){0,2})")


@dataclass
class MeetingMention:
    start: int
    end: int
    sentence: int
    kind: str
    anaphor: bool = False
    name: str | None = None
    place: str | None = None
    trigger: str = ""
    confidence: float = 0.7


def find_meetings(sentences: list[Sentence], lexicon: Lexicon,
                  names: Sequence[tuple[int, int]] = ()) -> list[MeetingMention]:
    """Meeting mentions; `names` are spans (agreement names) where no place is read."""
    out: list[MeetingMention] = []
    for sent in sentences:
        hit = _trigger(sent.text)
        if hit is None:
            continue
        kind, m = hit
        before = sent.text[:m.start()]
        after = sent.text[m.end():]
        name = _named(sent.text)
        anaphor = bool(_ANAPHOR.search(before)) and name is None and kind != "signing"
        if not anaphor and kind in ("meeting", "conference", "bilateral_meeting") and \
                _ANAPHOR_AFTER.match(after) and name is None:
            anaphor = True
        out.append(MeetingMention(sent.start + m.start(), sent.start + m.end(), sent.index,
                                  kind, anaphor, name, place_in(sent, lexicon, names), m.group()))
    return out


def _trigger(text: str) -> tuple[str, re.Match] | None:
    """The first kind in TRIGGERS (their order is precedence) the sentence has, and its first match.

    Most sentences have no trigger at all: one search of every pattern at once says so.
    """
    if not _ANY_TRIGGER.search(text):
        return None
    for kind, rx in TRIGGER_RE:
        m = rx.search(text)
        if m:
            return kind, m
    return None


def _named(text: str) -> str | None:
    m = _NAMED_ID.search(text)
    if m and len(m.group(1).split()) >= 2:
        return text[m.start():m.end()].strip()
    m = _NAMED_EN.search(text)
    if m:
        name = m.group(1).strip()
        name = re.sub(r"^(?:The|This|A|An|During|After|In|At)\s+", "", name)
        if len(name.split()) >= 2:
            return name
    return None


def place_in(sent: Sentence, lexicon: Lexicon, names: Sequence[tuple[int, int]] = ()) -> str | None:
    """The first known place (city, capital, venue) of the sentence, else 'di/in Capitalised'.

    Nothing inside `names` (body offsets of agreement names: "... Workers in Third
    Countries") is a place.
    """
    def named(a: int, b: int) -> bool:
        return any(s <= a and b <= e for s, e in names)

    for m in sent.matches:
        if m.kind == "place" and not named(m.start, m.end):
            return m.text
    for m in _PLACE_PREP.finditer(sent.text):
        if named(sent.start + m.start(1), sent.start + m.start(1) + len(m.group(1).rstrip(" .,"))):
            continue
        cand = m.group(1).strip(" .,")
        first = cand.split()[0]
        if lexicon.country(first) or lexicon.country(cand) or lexicon.org(cand) or lexicon.org(first):
            continue
        if first.lower() in ("kantor", "office", "the", "sela", "bawah", "bidang"):
            continue
        if re.match(r"^(?:Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu|Monday|Tuesday|Wednesday|"
                    r"Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
                    r"July|August|September|October|November|December|Januari|Februari|Maret|"
                    r"Mei|Juni|Juli|Agustus|Oktober|Desember)\b", first):
            continue
        return cand
    return None
