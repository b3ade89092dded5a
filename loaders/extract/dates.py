"""Dates in Indonesian and English news text, resolved to calendar dates.

Pure stdlib and regular expressions (no dateparser): the same text always gives
the same dates, and a long article is scanned in linear time.

A date written without a year ("Kamis (23/11)", "Sept. 1-3") takes its year from
the article's publication date when known. Without one, a stated weekday picks
the year ("Senin (5/3)" -> the most recent year, not after `today`, in which
5 March is a Monday). Years the text itself states give a lower bound: an
article that speaks of "November 2017" was not written before 2017, so a
weekday date is put in the first matching year from the latest such year on,
and a date with no weekday in that year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from datetime import date, datetime, timedelta

MONTHS: dict[str, int] = {
    # Indonesian
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5,
    "juni": 6, "juli": 7, "agustus": 8, "september": 9, "oktober": 10,
    "november": 11, "nopember": 11, "desember": 12,
    "agu": 8, "agt": 8, "ags": 8, "agst": 8, "okt": 10, "des": 12, "nop": 11,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "october": 10, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

WEEKDAYS: dict[str, int] = {  # date.weekday(): Monday is 0
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "sabtu": 5,
    "minggu": 6, "ahad": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}
_FULL_WEEKDAYS = ["senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "jum\u2019at", "sabtu",
                  "minggu", "ahad", "monday", "tuesday", "wednesday", "thursday", "friday",
                  "saturday", "sunday"]

YEAR_SPAN = 30          # how far back a weekday may place a yearless date
MAX_MATCHES_PER_FORM = 2000   # bounds the work on adversarial text; real articles have dozens
_MIN_YEAR, _MAX_YEAR = 1900, 2100


@dataclass(frozen=True)
class DateMention:
    """A date written in the text, with the calendar date it stands for.

    `precision` is "day", "month" (value is the 1st) or "year" (value is 1 January).
    `explicit_year` is False when the year was inferred.
    """

    start: int
    end: int
    text: str
    value: date
    end_value: date | None = None
    explicit_year: bool = True
    precision: str = "day"


def _forms(names: list[str]) -> str:
    """Regex alternation of the names as written in news: Title case and UPPER case."""
    forms: set[str] = set()
    for name in names:
        forms.add(name[0].upper() + name[1:])
        forms.add(name.upper())
    return "|".join(re.escape(f) for f in sorted(forms, key=lambda s: (-len(s), s)))


def _either_initial(words: list[str]) -> str:
    """Regex alternation of lower-case words written with a capital or a small initial.

    Literal alternatives rather than "[Tt]ahun": a pattern that starts with literals is
    searched with a quick scan for their first characters, several times faster.
    """
    return "|".join(f"{w[0].upper()}{w[1:]}|{w}" for w in words)


_WD_NAMES = list(WEEKDAYS) + ["jum'at", "jum\u2019at"]
WD = rf"(?:{_forms(_WD_NAMES)})(?![\w'\u2019])"
WD_FULL = rf"(?:{_forms(_FULL_WEEKDAYS)})(?![\w'\u2019])"
MON = rf"(?:{_forms(list(MONTHS))})(?!\w)\.?"
_SEP = r"(?:\s{0,3}[-\u2013\u2014]\s{0,3}|\s{1,3}(?:s\.d\.?|s/d|sampai|hingga|to|through)\s{1,3})"

# Every pattern starts with a digit, "(" or a name, never with an optional part,
# so that the scan is fast; a weekday before the date is found by looking back.
_PATTERNS: list[tuple[str, re.Pattern[str], str]] = [     # kind, pattern, chars not allowed before
    # Kamis (23/11), Senin (10/6/2024), (Senin, 10/6)
    ("num", re.compile(
        rf"\(\s{{0,3}}(?:(?P<wd2>{WD})\s{{0,3}},?\s{{0,3}})?"
        r"(?P<d>\d{1,2})\s{0,2}/\s{0,2}(?P<m>\d{1,2})(?:\s{0,2}/\s{0,2}(?P<y>\d{4}|\d{2}))?\s{0,3}\)"), ""),
    # 10/6/2024, 10-06-2024 (day first, as Indonesian writes it)
    ("num", re.compile(r"(?P<d>\d{1,2})(?P<s>[/-])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4})(?![\d/])"), "/-"),
    # 2024-06-10, 2024/06/10
    ("iso", re.compile(r"(?P<y>\d{4})(?P<s>[-/])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?![\d/])"), "/-"),
    # 30 Mei - 2 Juni 2024
    ("dmy2", re.compile(
        rf"(?P<d>\d{{1,2}})\s{{1,3}}(?P<mon>{MON}){_SEP}(?P<d2>\d{{1,2}})\s{{1,3}}(?P<mon2>{MON})"
        r"(?:\s{0,3},?\s{0,3}(?P<y>\d{4})(?!\d))?"), "/"),
    # 10 Juni 2024; 5-18 Juni 2017; 17 May 2022; 5 Juni
    ("dmy", re.compile(
        rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:{_SEP}(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?"
        rf"\s{{1,3}}(?:of\s{{1,3}})?(?P<mon>{MON})"
        r"(?:\s{0,3},?\s{0,3}(?:tahun\s{1,3})?(?P<y>\d{4})(?!\d))?"), "/"),
    # May 17, 2022; Sept. 1-3; April 11, Tuesday
    ("mdy", re.compile(
        rf"(?P<mon>{MON})\s{{1,3}}(?P<d>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?"
        rf"(?:{_SEP}(?P<d2>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?)?(?:\s{{0,3}},?\s{{1,3}}(?P<y>\d{{4}})(?!\d))?"
        rf"(?:\s{{0,3}},\s{{0,3}}(?P<wd2>{WD}))?"), ""),
    # Tuesday (April 11)
    ("mdy", re.compile(
        rf"\(\s{{0,3}}(?P<mon>{MON})\s{{1,3}}(?P<d>\d{{1,2}})(?!\d)"
        r"(?:\s{0,3},?\s{1,3}(?P<y>\d{4}))?\s{0,3}\)"), ""),
    # November 2017, Nov 2017, Mei tahun 2020
    ("my", re.compile(rf"(?P<mon>{MON})\s{{1,3}}(?:tahun\s{{1,3}}|of\s{{1,3}})?(?P<y>\d{{4}})(?!\d)"), ""),
    # tahun 2019, pada 2023, since 2016
    ("y", re.compile(
        rf"(?:{_either_initial('tahun pada sejak hingga sampai in since until during'.split())})"
        r"\s{1,3}(?P<y>(?:19|20)\d{2})(?!\d)(?![.,]\d)"), ""),
    # pada Senin, on Monday (needs the publication date)
    ("wd", re.compile(rf"(?:{_either_initial(['on', 'last', 'pada', 'hari'])})"
                      rf"\s{{1,3}}(?P<wd>{WD_FULL})"), ""),
    # Senin lalu, Kamis kemarin
    ("wd", re.compile(rf"(?P<wd>{WD_FULL})\s{{1,3}}(?:lalu|kemarin)\b"), ""),
]
_WD_BEFORE = re.compile(rf"(?<!\w)(?P<wd>{WD})\s{{0,3}},?\s{{0,3}}$")
_LOOK_BACK = 16
_CAN_TAKE_WEEKDAY = frozenset({"num", "dmy", "dmy2", "mdy"})


def _weekday(name: str | None) -> int | None:
    if not name:
        return None
    return WEEKDAYS.get(name.lower().replace("'", "").replace("\u2019", ""))


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    y = int(text)
    if len(text) == 2:
        y += 2000 if y < 70 else 1900
    return y if _MIN_YEAR <= y <= _MAX_YEAR else None


@dataclass(frozen=True)
class _Context:
    published: date | None
    today: date
    floor: int | None       # latest year the text itself states


@lru_cache(maxsize=4096)
def _infer_year(month: int, day: int, weekday: int | None, ctx: _Context) -> int | None:
    """The year of a date written without one; None if the day never exists."""
    if not any(_make(y, month, day) for y in (2023, 2024)):   # 2024 is a leap year
        return None
    pub = ctx.published
    if pub is not None:
        if weekday is not None:
            fits = [d for y in (pub.year - 1, pub.year, pub.year + 1)
                    if (d := _make(y, month, day)) and d.weekday() == weekday]
            if fits:
                return min(fits, key=lambda d: (abs((d - pub).days), d)).year
        guess = _make(pub.year, month, day)
        if guess is None:                                     # 29/2 outside a leap year
            return None
        if guess > pub + timedelta(days=240):
            return pub.year - 1
        if guess < pub - timedelta(days=300):
            return pub.year + 1
        return pub.year
    today = ctx.today
    past = [d for y in range(today.year, today.year - YEAR_SPAN - 1, -1)
            if (d := _make(y, month, day)) and d <= today]
    if weekday is not None:
        fits = [d for d in past if d.weekday() == weekday]
        if fits:
            if ctx.floor is not None:
                later = [d for d in fits if d.year >= ctx.floor]
                if later:
                    return later[-1].year      # the earliest fitting year from the floor on
            return fits[0].year
    if ctx.floor is not None and _make(ctx.floor, month, day):
        return ctx.floor
    return past[0].year if past else None


def _resolve(cand: "_Candidate", ctx: _Context | None) -> DateMention | None:
    """Turn a match into a mention; with ctx None only explicit years are resolved."""
    kind, m, start, end = cand.kind, cand.match, cand.start, cand.end
    g = m.groupdict()
    text = m.string[start:end]
    if kind == "y":
        y = _year(g["y"])
        return DateMention(start, end, text, date(y, 1, 1), precision="year") if y else None
    if kind == "wd":
        if ctx is None or ctx.published is None:
            return None
        back = (ctx.published.weekday() - _weekday(g["wd"])) % 7
        value = ctx.published - timedelta(days=back)
        return DateMention(start, end, text, value, explicit_year=False)
    if kind == "my":
        y = _year(g["y"])
        month = MONTHS[g["mon"].rstrip(".").lower()]
        return DateMention(start, end, text, date(y, month, 1), precision="month") if y else None

    if kind in ("num", "iso"):
        month, day = int(g["m"]), int(g["d"])
        month2, day2 = month, None
    else:
        month = MONTHS[g["mon"].rstrip(".").lower()]
        day = int(g["d"])
        month2 = MONTHS[g["mon2"].rstrip(".").lower()] if g.get("mon2") else month
        day2 = int(g["d2"]) if g.get("d2") else None
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    weekday = _weekday(cand.weekday or g.get("wd2"))
    year = _year(g.get("y"))
    if g.get("y") and year is None:
        return None
    explicit = year is not None
    if year is None:
        if ctx is None:
            return None
        # a range's year belongs to its last day; the first day may lie in the year before
        year = _infer_year(month, day, weekday, ctx)
        if year is None:
            return None
    start_year = year - 1 if explicit and month2 < month else year
    value = _make(start_year, month, day)
    if value is None:
        return None
    end_value = None
    if day2 is not None:
        end_year = year if explicit or month2 >= month else year + 1
        end_value = _make(end_year, month2, day2)
        if end_value is not None and end_value <= value:
            end_value = None
    return DateMention(start, end, text, value, end_value, explicit)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    kind: str
    match: re.Match[str]
    weekday: str | None         # a weekday written just before the date


_GAP = re.compile(r"\s{64,}")


def _written_spans(text: str) -> list[tuple[int, int]]:
    """Stretches of `text` between long runs of white space (where run-on text was blanked):
    no date spans such a run, and the patterns need not walk through it."""
    spans, pos = [], 0
    for m in _GAP.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _candidates(text: str) -> list[_Candidate]:
    """All date-like matches, the longest kept where they overlap."""
    found: list[tuple[int, int, int, _Candidate]] = []
    spans = _written_spans(text)
    for order, (kind, pattern, not_before) in enumerate(_PATTERNS):
        matches = (m for a, b in spans for m in pattern.finditer(text, a, b))
        for m in islice(matches, MAX_MATCHES_PER_FORM):
            start, end = m.span("y") if kind == "y" else m.span("wd") if kind == "wd" else m.span()
            prev = text[m.start() - 1] if m.start() else ""
            if prev and (prev.isalnum() or prev == "_" or prev in not_before):
                continue
            weekday = None
            if kind in _CAN_TAKE_WEEKDAY and start:
                back = _WD_BEFORE.search(text, max(0, start - _LOOK_BACK), start)
                if back:
                    weekday, start = back.group("wd"), back.start()
            found.append((start, start - end, order, _Candidate(start, end, kind, m, weekday)))
    found.sort(key=lambda f: f[:3])
    kept: list[_Candidate] = []
    last_end = -1
    for start, _, _, cand in found:
        if start >= last_end:
            kept.append(cand)
            last_end = cand.end
    return kept


def find_dates(text: str, published: date | None = None, today: date | None = None) -> list[DateMention]:
    """Every date in `text`, sorted by position; impossible dates ("31/2") are skipped."""
    today = today or date.today()
    first = [(cand, _resolve(cand, None)) for cand in _candidates(text)]
    years = [mention.value.year for _, mention in first
             if mention is not None and mention.value.year <= today.year]
    floor = max(years) if years and published is None else None
    ctx = _Context(published, today, floor)
    out: list[DateMention] = []
    for cand, mention in first:
        if mention is None:
            mention = _resolve(cand, ctx)
        if mention is not None:
            out.append(mention)
    return out


_ISO_PREFIX = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


def parse_published(value: str) -> date | None:
    """A publication date from a metadata string (ISO, "18 May 2022 15:24 WIB", ...)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed.date()
    except ValueError:
        pass
    m = _ISO_PREFIX.match(value)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for mention in find_dates(value[:200], today=date(_MAX_YEAR, 12, 31)):
        if mention.explicit_year and mention.precision == "day":
            return mention.value
    return None
