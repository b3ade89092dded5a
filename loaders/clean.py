"""Strip a scraped article down to its body, and split the body into sentences.

Scraped news carries the site's furniture along with the story: the site name
and headline on top, datelines ("jpnn.com, JAKARTA -"), bylines, "Baca juga"
links, lists of other headlines, share buttons and image captions. None of it
states facts of the article, and most of it would be misread by the extractors
as if it did. Every rule here works on whole lines or anchored line prefixes, so
cleaning is linear in the length of the text.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from labourkg.loaders.extract.dates import MON, WD
from labourkg.loaders.model import Article

# --- what a line looks like ---------------------------------------------------

_SENTENCE_END = frozenset('.!?\u2026"\u201d\u2019\'')
_LIST_END = frozenset(":;,")
_WORD = re.compile(r"[^\W_]+")
_BULLET = re.compile(r"^[-\u2013\u2022\u00b7*\u25aa\u25ba\u25cf]\s+")


def _words(line: str) -> int:
    return len(line.split())


def is_body_like(line: str) -> bool:
    """A line that reads as running text: a finished sentence, or too long for a headline."""
    n = _words(line)
    if n >= 25:
        return True
    return n >= 4 and line[-1:] in _SENTENCE_END


def opens_body(line: str, first: bool = False) -> bool:
    """The article's first body line: running text, or a dateline opening a sentence.

    "RI-PEA Teken MoU" opens like a dateline ("RI -"), but a headline does not
    end as a sentence does.
    """
    if len(line) > 400:                                   # longer than any headline or site line
        return True
    return is_body_like(line) or (split_dateline(line, first=first) is not None
                                  and not is_headline_like(line))


def is_headline_like(line: str) -> bool:
    """A short line that does not end as a sentence does: a headline, label or caption."""
    if not line:
        return False
    n = _words(line)
    if n == 0 or n >= 25:
        return False
    last = line[-1]
    if last == "?" and n <= 15 and not any(q in line for q in '"\u201c\u201d'):
        return True
    return last not in _SENTENCE_END and last not in _LIST_END


def _title_case_ish(line: str) -> bool:
    words = [w for w in line.split() if any(c.isalpha() for c in w)]
    if not words:
        return False
    upper = sum(1 for w in words if w.lstrip("\"'(\u201c\u2018")[:1].isupper())
    return upper * 2 >= len(words)


@functools.lru_cache(maxsize=1024)
def _norm(line: str) -> str:
    """Lower-case words of the line. Memoised: every pass normalises the same lines again."""
    return " ".join(_WORD.findall(line.lower()))


# --- datelines -----------------------------------------------------------------

_DOMAIN = r"(?:[A-Za-z0-9][A-Za-z0-9-]{0,60}\.){1,4}(?i:com|id|net|org|co|news|tv|info|my|sg)\b"
_CAPS_PLACE = r"[A-Z][A-Z.'-]{1,30}(?: [A-Z][A-Z.'-]{1,30}){0,3}"
_ANY_PLACE = r"[A-Z][A-Za-z.'-]{0,30}(?: [A-Z][A-Za-z.'-]{0,30}){0,3}"
_DASH = r"\s*(?:--|[-\u2013\u2014:|])\s*"

DATELINES = [
    # JAKARTA, KOMPAS.com -   Jakarta, Gatra.com -
    re.compile(rf"^(?P<place>{_ANY_PLACE}),\s*(?P<pub>{_DOMAIN}){_DASH}"),
    # jpnn.com, JAKARTA -   SUSRAKARYA.ID:   TRIBUNNEWS.COM, JAKARTA -
    re.compile(rf"^(?P<pub>{_DOMAIN})(?:\s*,\s*(?P<place>{_ANY_PLACE}))?{_DASH}"),
    # WASHINGTON, DC -   JAKARTA, March 14 (Xinhua) --   JAKARTA (ANTARA) -   CARAPANDANG -
    re.compile(rf"^(?P<place>{_CAPS_PLACE})(?:,\s*[A-Z][A-Za-z.]*(?: [A-Za-z0-9.]+){{0,2}})?"
               r"(?:\s*\((?P<pub>[A-Za-z][A-Za-z .]{0,30})\))?\s*(?:--|[\u2013\u2014-])\s*"),
]
# Jakarta - ...  (mixed case: trusted on the first body line only)
_SOFT_DATELINE = re.compile(
    r"^(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})(?:\s*\((?P<pub>[A-Za-z][A-Za-z .]{0,30})\))?"
    r"\s+(?:--|[\u2013\u2014-])\s+")


def split_dateline(line: str, first: bool = False) -> tuple[str, str, str] | None:
    """(place, publisher, rest of the line) when the line opens with a dateline.

    `first`: the line is the article's first body line, where a plain
    "Jakarta -" is a dateline too.
    """
    patterns = DATELINES + [_SOFT_DATELINE] if first else DATELINES
    for pattern in patterns:
        m = pattern.match(line)
        if m is None:
            continue
        rest = line[m.end():]
        if not rest or not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"'\u201c\u2018("):
            continue
        d = m.groupdict()
        return (d.get("place") or "").strip(), (d.get("pub") or "").strip(), rest
    return None


_DATE_PREFIX = re.compile(r"^\s*date\s+\d{4}-\d{2}(?:-\d{2})?\s+")

# --- noise lines -----------------------------------------------------------------

_SOFT_MARKERS = frozenset("""
terkini lainnya|baca juga|baca|also read|read also|related article|related articles|related
related news|related stories|related posts|latest news|berita terkait|artikel terkait
tautan sahabat|berita lainnya|berita terkini|berita populer|terpopuler|populer|most popular
artikel lainnya|baca artikel lainnya|tags|tag|topik|topik terkait|more stories|read more
rekomendasi|rekomendasi untuk anda|pilihan editor|editor s picks|lihat juga|simak juga
baca selengkapnya|recommended|you may also like|trending|bagikan|share|share this
berita rekomendasi|artikel pilihan|video pilihan|more news|other news|top news
""".replace("|", "\n").split("\n")) - {""}
_HARD_MARKERS = frozenset("""
leave a reply|leave a comment|tinggalkan komentar|tinggalkan balasan|tulis komentar
komentar|comments|post a comment|add a comment|berikan komentar|kirim komentar
""".replace("|", "\n").split("\n")) - {""}
_HARD_PREFIX = re.compile(r"^(?:go to forum|please enter your comment|\d+\s+comments?\b)", re.I)

_INLINE_MARKER = re.compile(
    r"^(?:baca(?: juga)?|also read|read also|read more|lihat juga|simak juga|related|"
    r"berita terkait|artikel terkait|baca selengkapnya)\s*(?:[:|\u00bb>]|--?|\u2013)\s*\S", re.I)
_NOISE_PHRASES = frozenset("""
scroll to continue with content|scroll to resume content|scroll to continue reading
scroll untuk melanjutkan membaca|scroll untuk lanjut membaca|advertisement|iklan|adv|sponsored
konten sponsor|continue reading below|story continues below|lanjutkan membaca|url berhasil dicopy
link berhasil disalin|copy link|salin link|bagikan artikel|share this article|istimewa
""".replace("|", "\n").split("\n")) - {""}
_SOCIAL = frozenset("facebook twitter x whatsapp telegram line copy icon linkedin email e mail "
                    "share pinterest tweet url link instagram tiktok youtube print".split())
_FOLLOW = re.compile(
    r"^(?:follow|ikuti|dapatkan|simak|gabung|bergabung|join|subscribe|langganan|klik)\b.*"
    r"(?:google news|whatsapp|telegram|instagram|twitter|facebook|youtube|tiktok|channel|"
    r"saluran|newsletter|update berita)", re.I)
_BYLINE = re.compile(
    r"^\(?(?:redaktur|editor|penulis|reporter|pewarta|penyunting|writer|author|written by|"
    r"reporting by|editing by|sumber|source|fotografer|foto|photo|kontributor|copyright|"
    r"hak cipta|tags?|topik|label|kategori|category|oleh|by)\b"
    r"(?:\s*(?:&|dan|and|/)\s*[a-z]+)?\s*:\s*\S", re.I)
_BYLINE_NOCOLON = re.compile(
    r"^\(?(?:laporan\s+(?:wartawan|reporter|koresponden|jurnalis)\b|oleh\s+[A-Z]|by\s+[A-Z]|"
    r"(?:additional\s+)?(?:reporting|writing|editing)\s+by\b|"
    r"\u00a9|copyright\b|hak cipta\b)", re.I)
_LINK_FOOTER = re.compile(
    r"^(?:learn more|read more|baca selengkapnya|selengkapnya|klik di sini|click here|"
    r"for more information|informasi lebih lanjut|more information)\b", re.I)
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")
_SYMBOLS_ONLY = re.compile(r"^[\W_]+$")
_DIGITS_ONLY = re.compile(r"^\d+$")
_TIME = (r"(?:pukul\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:WIB|WITA|WIT|GMT|UTC|am|pm|AM|PM)?"
         r"(?:\s*[+-]\d{1,2}(?::?\d{2})?)?")
_TIMESTAMP = re.compile(
    r"^(?:[A-Z][A-Z.'-]{1,30}(?: [A-Z][A-Z.'-]{1,30}){0,2}\s*[-\u2013\u2014,|]\s*)?"   # "RIYADH - "
    r"(?:(?:diperbarui|diterbitkan|dipublikasikan|published|updated|posted|terbit|update)\s*:?\s*)?"
    rf"(?:{WD}\s*,?\s*)?"
    rf"(?:\d{{1,2}}\s+{MON}\s+\d{{4}}|{MON}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|"
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2})"
    rf"(?:\s*[,|\u2013-]?\s*{_TIME})?$|^{_TIME}$", re.I)
_CAPTION = re.compile(r"(?:^|[\s/(|])(?:foto|photo|gambar|ilustrasi|image|credit|dok)\s*:", re.I)
_IMAGE_MD = re.compile(r"!\[[^\[\]\n]{0,300}\]\([^()\s]{0,2000}\)")
_PAREN_CREDIT = re.compile(r" ?\((?:foto|photo|ilustrasi|image|credit) ?:[^()\n]{0,120}\)", re.I)
_TRAILER = re.compile(
    r"(?:\((?:[a-z]{1,6}(?:/[a-z]{1,6}){1,4}|[A-Z]{1,4}-\d{1,3}|\*+|(?i:ant|antara|rls|adv|red|"
    r"end|nas|inf|hms|dtk)|[A-Z][a-z]{1,3}/[A-Z][a-z]{1,3})\)|\[(?:end|END)\]|Enditem|ENDITEM)$")
_TRAILER_SPAN = 40          # sign-offs are searched for in this many final characters
_DOUBLE_DOT = re.compile(r"(?<!\.)\.\.(?!\.)")
_DOUBLE_QUOTE_START = re.compile(r'^("|\u201c)\1+(?=\w)')
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def is_timestamp(line: str) -> bool:
    """The line is only a date and/or time ("- 18 May 2022 15:24 WIB", "Kamis, 23 November 2023")."""
    return bool(_TIMESTAMP.match(_BULLET.sub("", line.strip())))


_LONG = 600                 # furniture lines are shorter than this many characters


def _marker_key(line: str) -> str:
    return _norm(_BULLET.sub("", line))


def _is_noise(line: str) -> bool:
    """A whole line of site furniture: bylines, buttons, timestamps, captions, links."""
    if len(line) > _LONG:
        return False
    key = _norm(line)
    if not key:
        return bool(_SYMBOLS_ONLY.match(line))
    if key in _NOISE_PHRASES or _DIGITS_ONLY.match(key):
        return True
    words = key.split()
    n = len(words)
    if all(w in _SOCIAL for w in words):
        return True
    if n <= 25 and (_FOLLOW.match(line) or _LINK_FOOTER.match(line)):
        return True
    if n <= 15 and (_BYLINE.match(line) or (_BYLINE_NOCOLON.match(line) and not is_body_like(line))):
        return True
    if _URL_LINE.match(line) or is_timestamp(line):
        return True
    if n <= 40 and (not line.endswith(".") and _CAPTION.search(line) or line.endswith("|")):
        return True
    return False


def _tidy(line: str) -> str:
    """Scraping artefacts inside a line: image markup, sign-offs, doubled punctuation."""
    line = _SPACES.sub(" ", line).strip()
    if "![" in line:
        line = _SPACES.sub(" ", _IMAGE_MD.sub(" ", line)).strip()
    if "(" in line and ":" in line:
        line = _PAREN_CREDIT.sub("", line)
    for _ in range(2):      # "(ega/mpr)" and "Enditem" may follow each other
        cut = max(0, len(line) - _TRAILER_SPAN)
        m = _TRAILER.search(line, cut)
        if m is None:
            break
        line = line[:m.start()].rstrip()
    if line.endswith("**"):
        stars = len(line) - len(line.rstrip("*"))
        if stars < len(line):
            line = line[:-stars].rstrip()
            if line and line[-1] not in _SENTENCE_END and _words(line) >= 6:
                line += "."
    if ".." in line:
        line = _DOUBLE_DOT.sub(".", line)
    if line.startswith(('"', "\u201c")):
        line = _DOUBLE_QUOTE_START.sub(r"\1", line)
    return line


# --- the passes ----------------------------------------------------------------------


def _drop_furniture(lines: list[str]) -> list[str]:
    """Noise lines, "Baca juga" links, related-headline blocks and comment sections."""
    kept: list[str] = []
    skipping = False            # inside a block of headlines after a marker
    for line in lines:
        if not line:
            kept.append(line)
            continue
        if len(line) > _LONG:
            skipping = skipping and not is_body_like(line)
            if not skipping:
                kept.append(line)
            continue
        key = _marker_key(line)
        if key in _HARD_MARKERS or _HARD_PREFIX.match(line):
            break
        if key in _SOFT_MARKERS:
            skipping = True
            continue
        if skipping:
            if is_body_like(line) and not _BULLET.match(line):
                skipping = False
            else:
                continue
        if _INLINE_MARKER.match(line) or _is_noise(line):
            continue
        kept.append(line)
    return [line for line in kept if line]


def _drop_headline_runs(lines: list[str]) -> list[str]:
    """Runs of two or more bulleted headline-looking lines (lists of other stories)."""
    drop: set[int] = set()
    run: list[int] = []
    for i, line in enumerate(lines + [""]):
        body = _BULLET.sub("", line) if _BULLET.match(line) else None
        if body is not None and is_headline_like(body) and _title_case_ish(body):
            run.append(i)
            continue
        if len(run) >= 2:
            drop.update(run)
        run = []
    return [line for i, line in enumerate(lines) if i not in drop]


def _same(line: str, name: str | None) -> bool:
    """The line is the title or site name (perhaps with a " - Site" suffix)."""
    if not name or len(line) > 2 * len(name) + 100:
        return False
    a, b = _norm(line), _norm(name)
    return bool(b) and (a == b or (a.startswith(b + " ") and _words(line) - _words(name) <= 3))


def _drop_head(lines: list[str], article: Article) -> list[str]:
    """Site name, headline, date and teaser lines above the first body paragraph."""
    lines = [line for line in lines
             if not (_same(line, article.title) or _same(line, article.publisher))]
    first = None
    for i, line in enumerate(lines):
        if opens_body(line, first=(i == 0)):
            first = i
            break
    if first is None:
        return lines
    return lines[first:]


def _strip_datelines(lines: list[str]) -> list[str]:
    out = list(lines)
    for i in range(min(3, len(out))):
        found = split_dateline(out[i], first=(i == 0))
        if found is not None:
            out[i] = found[2]
    return out


_MAX_CANDIDATES = 64


def _drop_repeats(lines: list[str]) -> list[str]:
    """Repeated lines, teasers and captions that restate a line of the body.

    A body paragraph seen twice is kept once; a short caption-like line is dropped
    when it is contained in another line or nearly all its words are in one.
    """
    norms = [_norm(line) for line in lines]
    counts = Counter(norms)
    big = "\n" + "\n".join(norms) + "\n"
    body_tokens = [set(n.split()) if is_body_like(line) else set() for line, n in zip(lines, norms)]
    seen: set[str] = set()
    out: list[str] = []
    checked = 0
    for i, (line, n) in enumerate(zip(lines, norms)):
        if not n:
            continue
        caption = is_headline_like(line)
        if counts[n] > 1:
            if caption or n in seen:
                continue
            seen.add(n)
            out.append(line)
            continue
        tokens = n.split()
        if len(tokens) >= 4 and (i < 6 or caption) and checked < _MAX_CANDIDATES:
            checked += 1
            if big.count(n) > 1:                    # contained in a longer line
                continue
            if caption:
                mine = set(tokens)
                need = 0.8 * len(mine)
                if any(j != i and len(mine & other) >= need
                       for j, other in enumerate(body_tokens) if other):
                    continue
        out.append(line)
    return out


def clean_text(text: str, title: str | None = None, publisher: str | None = None) -> str:
    """The body of a scraped article's text, paragraphs separated by blank lines."""
    return clean(Article(key="", source="", text=text, format="txt",
                         title=title, publisher=publisher)).text


def clean(article: Article) -> Article:
    """The article with only its body text."""
    raw = article.text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_tidy(line) for line in raw.split("\n")]
    if lines:
        lines[0] = _DATE_PREFIX.sub("", lines[0])
    lines = _drop_furniture(lines)
    lines = _drop_headline_runs(lines)
    lines = _drop_head(lines, article)
    lines = _strip_datelines(lines)
    lines = _drop_repeats(lines)
    return article.with_(text="\n\n".join(line for line in lines if line))


# --- sentences ---------------------------------------------------------------------

ABBREVIATIONS = frozenset("""
dr drs dra drg prof mr mrs ms mt jr sr st no nos vol hlm telp ir hj kh bpk yth sdr sdri
jl jln kec kab kel prov tbk rp dll dsb dst tsb dkk gen lt col capt sgt rep sen gov pres
rev hon amb messrs sept jan feb mar apr jun jul aug agu agt okt oct nov dec des sep vs
approx dept assoc fig
""".split())
_BOUNDARY = re.compile(
    r"(?P<q>[\"\u201c\u201d])|(?P<nl>\n)|"
    r"(?P<b>[.!?\u2026]+[\"\u201d\u2019')\]]*(?=\s+[\"\u201c\u2018'(\[]?[A-Z0-9\u00c0-\u00d6\u00d8-\u00de]))")
_INITIALS = re.compile(r"^(?:[A-Za-z]{1,3}\.)+[A-Za-z]{1,3}$")


def _abbreviation_before(text: str, dot: int) -> bool:
    """The period at `dot` ends an abbreviation or initial, not a sentence."""
    k = dot
    while k > 0 and dot - k < 24 and not text[k - 1].isspace() and text[k - 1] not in "(\"\u201c[":
        k -= 1
    token = text[k:dot]
    if not token:
        return False
    if len(token) == 1 and token.isalpha():
        return True                                    # an initial: M. Rahmat
    return token.lower() in ABBREVIATIONS or bool(_INITIALS.match(token))


def sentences(text: str) -> list[tuple[int, int, str]]:
    """Sentences of a cleaned text as (start, end, sentence); offsets index `text`.

    Paragraph breaks always end a sentence; a full stop after an abbreviation
    or initial does not, nor does one inside a quotation, which stays whole
    with its attribution ("..., kata Menteri X.").
    """
    out: list[tuple[int, int, str]] = []

    def emit(start: int, end: int) -> None:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            start += len(piece) - len(piece.lstrip())
            out.append((start, start + len(stripped), stripped))

    start = 0
    quoted = False
    for m in _BOUNDARY.finditer(text):
        kind = m.lastgroup
        if kind == "nl":
            emit(start, m.start())
            start = m.end()
            quoted = False
            continue
        token = m.group()
        for ch in token:
            if ch == "\u201c":
                quoted = True
            elif ch == "\u201d":
                quoted = False
            elif ch == '"':
                quoted = not quoted
        if kind == "q" or quoted:
            continue
        if token[0] == "." and token.rstrip("\"\u201d\u2019')]") == "." and _abbreviation_before(text, m.start()):
            continue
        emit(start, m.end())
        start = m.end()
    emit(start, len(text))
    return out
