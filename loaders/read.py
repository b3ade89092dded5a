"""Read articles from disk (plain text, HTML, JSON Lines) into `Article`s.

An input that cannot be read becomes a `ReadProblem` with a hint of what to do,
and the ingest goes on with the rest. Everything streams: a folder is walked
in sorted order and a JSONL file is read one line at a time.

Identity of what is read:

- .txt / .html: `key` and `source` are the path relative to the folder the user
  passed (for a file passed directly, its file name), with "/" separators.
- .jsonl: `source` is the relative path of the .jsonl file and `line` the
  1-based line number; `key` is the line's "url" when it has one, else
  "<relative path>#L<line>". A line is one object: "text" (or "content"), and
  optionally "title", "url", "published" (or "date"), "source" (or
  "publisher") and "language". Blank lines are skipped.

Only clear metadata sets `published`: HTML/JSONL metadata, or for text a
line at the top that is only a date ("- 18 May 2022 15:24 WIB") or a leading
"date 2024-06-10" mark; dates in the body are left to the extractors.
"""

from __future__ import annotations

import codecs
import functools
import json
import os
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from labourkg.loaders.clean import (is_headline_like, is_timestamp, opens_body,
                                    split_dateline)
from labourkg.loaders.extract.dates import parse_published
from labourkg.loaders.model import Article, ReadProblem

FORMATS = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
MAX_ARTICLE_BYTES = 20_000_000      # one .txt/.html article; more is not an article
MAX_JSONL_LINE_BYTES = 20_000_000

Item = Article | ReadProblem

# --- walking the inputs --------------------------------------------------------------


def iter_inputs(paths: Sequence[str | Path]) -> Iterator[tuple[Path, Path]]:
    """(file, root) for every input file under `paths`, in a deterministic order.

    Folders are walked recursively in name order; hidden entries (".name") and
    files of other types are skipped; a folder reached twice (a symlink loop) is
    walked once. A path that does not exist, or a folder that cannot be listed,
    is passed through as it is so that `read_file` reports it.
    """
    seen: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, path, seen)
        else:
            yield path, path.parent


def _walk(folder: Path, root: Path, seen: set[tuple[int, int]]) -> Iterator[tuple[Path, Path]]:
    try:
        st = folder.stat()
        ident = (st.st_dev, st.st_ino)
        if ident in seen:
            return
        seen.add(ident)
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        yield folder, root
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            if entry.is_dir():
                yield from _walk(path, root, seen)
                continue
            wanted = Path(entry.name).suffix.lower() in FORMATS
            if wanted and (entry.is_file() or entry.is_symlink()):
                yield path, root            # a broken link is reported by read_file
        except OSError:
            continue


def read_inputs(paths: Sequence[str | Path], *, raise_errors: bool = False) -> Iterator[Item]:
    """Every article (or problem) under `paths`, streaming, in a deterministic order.

    An unexpected error while reading one file becomes a problem of that file
    (the rest of it is skipped) unless `raise_errors`, which is for debugging.
    """
    for path, root in iter_inputs(paths):
        try:
            yield from read_file(path, root)
        except Exception as exc:
            if raise_errors:
                raise
            yield _unexpected(path, exc)


def _unexpected(path: Path, exc: Exception, line: int | None = None) -> ReadProblem:
    return ReadProblem(str(path), f"could not be read: {type(exc).__name__}: {exc}",
                       "please report this with the file (run with --debug for the traceback)", line)


def _relative(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.name


def read_file(path: Path, root: Path | None = None) -> Iterator[Item]:
    """The articles in one file; problems instead of exceptions."""
    path = Path(path)
    rel = _relative(path, root if root is not None else path.parent)
    if path.is_dir():
        yield ReadProblem(str(path), "folder could not be listed",
                          "check that the folder exists and that you may read it")
        return
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        if not path.exists():
            yield _missing(path)
            return
        yield ReadProblem(str(path), f"unsupported file type '{path.suffix or path.name}'",
                          "give articles as .txt, .html/.htm or .jsonl files")
        return
    if fmt == "jsonl":
        yield from _read_jsonl(path, rel)
        return
    data = _read_bytes(path)
    if isinstance(data, ReadProblem):
        yield data
        return
    yield _read_txt(path, rel, data) if fmt == "txt" else _read_html(path, rel, data)


def _missing(path: Path) -> ReadProblem:
    return ReadProblem(str(path), "no such file or folder",
                       "check the path; the file may have been moved or deleted")


def _os_problem(path: Path, err: OSError) -> ReadProblem:
    if isinstance(err, FileNotFoundError):
        return _missing(path)
    if isinstance(err, PermissionError):
        return ReadProblem(str(path), "permission denied",
                           "make the file readable (e.g. chmod a+r) or run as a user who may read it")
    if isinstance(err, IsADirectoryError):
        return ReadProblem(str(path), "is a folder, not a file", "pass the folder itself to read all files in it")
    return ReadProblem(str(path), f"cannot read file: {err.strerror or err}", "check the file and the disk")


_SPECIAL = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
            (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _not_regular(path: Path) -> ReadProblem | None:
    """A problem for anything but a regular file (a pipe would block, a device never ends)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        return _os_problem(path, err)
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _SPECIAL if test(mode)), "not a regular file")
    return ReadProblem(str(path), f"not a regular file ({kind})",
                       "save the articles to an ordinary file and give that")


def _changed(before: os.stat_result, after: os.stat_result) -> bool:
    return (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns)


def _changed_problem(path: Path, line: int | None = None) -> ReadProblem:
    return ReadProblem(str(path), "file changed while it was being read",
                       "wait until whatever writes it has finished, then ingest it again", line)


def _read_bytes(path: Path) -> bytes | ReadProblem:
    special = _not_regular(path)
    if special is not None:
        return special
    try:
        with open(path, "rb") as f:
            before = os.fstat(f.fileno())
            if before.st_size > MAX_ARTICLE_BYTES:
                return ReadProblem(str(path), f"file too large for one article ({before.st_size // 1_000_000} MB)",
                                   "split it into one file per article, or give a .jsonl file")
            data = f.read(MAX_ARTICLE_BYTES + 1)
            if len(data) > MAX_ARTICLE_BYTES:
                return ReadProblem(str(path), "file too large for one article (it grew while read)",
                                   "split it into one file per article, or give a .jsonl file")
            if _changed(before, os.fstat(f.fileno())):
                return _changed_problem(path)
            return data
    except OSError as err:
        return _os_problem(path, err)


# --- bytes to text ---------------------------------------------------------------------

_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office document"),
]
_HINTS = {
    "PDF document": "extract its text first (e.g. pdftotext) and save it as .txt",
    "ZIP archive or Office document": "unpack it, or save the document as plain text (.txt)",
    "old Office document": "save the document as plain text (.txt)",
}


def sniff_binary(head: bytes) -> str | None:
    """What kind of binary file this is, or None for text (UTF-16 counts as text)."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WebP image"
    if b"\x00" in head and _utf16_without_bom(head) is None and not head.startswith(_BOMS):
        return "binary data with NUL bytes"
    return None


_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
         codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when NULs sit in every other byte, as in UTF-16 ASCII."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= 0.3 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _cp1252_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    bad = err.object[err.start:err.end]
    return "".join(bytes([b]).decode("cp1252" if b not in _CP1252_UNDEFINED else "latin-1")
                   for b in bad), err.end


codecs.register_error("labourkg-cp1252", _cp1252_fallback)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name) for the bytes of a text file.

    UTF-8 (BOM or not), UTF-16/32 with a BOM, UTF-16 without one; bytes that
    are not UTF-8 are read as cp1252 (a superset of Latin-1 for text), and only
    when cp1252 cannot explain them either is charset-normalizer asked.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _decode_utf8(data[len(codecs.BOM_UTF8):], "utf-8-sig")
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                return data.decode(name, errors="replace"), name
    guess = _utf16_without_bom(data)
    if guess:
        try:
            return data.decode(guess), guess
        except UnicodeDecodeError:
            pass
    return _decode_utf8(data, "utf-8")


def _decode_utf8(data: bytes, name: str) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), name
    except UnicodeDecodeError:
        pass
    if _UTF8_SEQUENCE.search(data):                      # mostly UTF-8, a few stray bytes
        return data.decode("utf-8", errors="labourkg-cp1252"), "utf-8+cp1252"
    if not _CP1252_UNDEFINED_BYTE.search(data):
        return data.decode("cp1252"), "cp1252"
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    in_runs = sum(len(m) for m in _HIGH_RUN.findall(data))
    if in_runs > 0.5 * high:             # words of non-ASCII bytes: a non-Latin code page (Cyrillic, CJK)
        guessed = _charset_normalizer(data)
        if guessed is not None:
            return guessed
    # Latin text with a few bytes cp1252 leaves undefined: Latin-1 reads those as controls,
    # which normalize_text drops; guessing from so little evidence picks wrong code pages
    return data.decode("cp1252", errors="labourkg-cp1252"), "latin-1"


_CP1252_UNDEFINED_BYTE = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_HIGH_BYTES = bytes(range(0x80, 0x100))
_HIGH_RUN = re.compile(rb"[\x80-\xff]{3,}")     # Latin text has accented letters, not runs of them


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _charset_normalizer(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:                                   # pragma: no cover
        return None
    best = from_bytes(data).best()
    if best is None:
        return None
    return str(best), best.encoding


_INVISIBLE = dict.fromkeys(
    [c for c in range(0x20) if c not in (0x09, 0x0A)] + [0x7F] + list(range(0x80, 0xA0))
    + [0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF]
    + list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A)))
_INVISIBLE.update({0x2028: "\n", 0x2029: "\n", 0x00A0: " ", 0x202F: " ", 0x2007: " "})


def normalize_text(text: str) -> str:
    """Line ends to \\n; control, zero-width and bidi characters removed; NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    return unicodedata.normalize("NFC", text)


# --- language ------------------------------------------------------------------------

_ID_WORDS = frozenset("yang dan di dengan untuk ini itu dalam dari pada ke tidak akan juga "
                      "oleh adalah kata kerja sama bahwa telah".split())
_EN_WORDS = frozenset("the and of to in with for is that on by are was as be at from "
                      "said has have will".split())
_TOKEN = re.compile(r"[a-z]+")


def detect_language(text: str) -> str:
    """"id" or "en", by which language's function words are more frequent."""
    counts = Counter(_TOKEN.findall(text[:20000].lower()))
    id_count = sum(counts[w] for w in _ID_WORDS)
    en_count = sum(counts[w] for w in _EN_WORDS)     # the two sets share no word
    return "en" if en_count > id_count else "id"


_LANGUAGE_NAMES = {"id": "id", "in": "id", "ind": "id", "indonesian": "id", "indonesia": "id",
                   "bahasa": "id", "bahasa indonesia": "id",
                   "en": "en", "eng": "en", "english": "en", "inggris": "en", "bahasa inggris": "en"}


def _language(value: object, text: str) -> str:
    """"id" or "en": the language a source states ("id", "id-ID", "Indonesian") when it is
    one of the two the extractors read, else the one detected in the text."""
    if isinstance(value, str):
        value = " ".join(value.lower().replace("_", "-").split())
        found = _LANGUAGE_NAMES.get(value) or _LANGUAGE_NAMES.get(value.split("-")[0])
        if found:
            return found
    return detect_language(text)


# --- plain text --------------------------------------------------------------------------

_DOMAIN_LINE = re.compile(
    r"^(?:https?://)?(?:www\.)?(?P<d>[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,})/?$", re.I)
_BREADCRUMB = re.compile(r"^(?:beranda|home|index)\b|[\u00bb\u203a]| > ", re.I)
_TITLE_SUFFIX = re.compile(r"\s+[-|\u2013\u2014]\s+(?P<s>[A-Z][\w.]*(?: [\w.]+)?)$")
_DATE_MARK = re.compile(r"^\s*date\s+(?P<v>\d{4}-\d{2}-\d{2})\b")
_HEAD_LINES = 8


def _head_lines(text: str) -> list[str]:
    """The first non-empty lines, whitespace collapsed."""
    out: list[str] = []
    for line in text.split("\n", 200)[:200]:
        line = " ".join(line.split())
        if line:
            out.append(line)
            if len(out) >= _HEAD_LINES:
                break
    return out


def _is_body_start(line: str, index: int) -> bool:
    return opens_body(line, first=(index == 0))


def scan_head(text: str) -> tuple[str | None, str | None, date | None]:
    """(title, publisher, published) from the top lines of a scraped text.

    The first line may name the site (a lone domain like "example.com", or a
    brand line of one or two words above a headline); the first headline-looking
    line before the body is the title; a line that is only a date there is the
    publication date, as is a leading "date 2024-06-10" mark.
    """
    lines = _head_lines(text)
    title = publisher = None
    published = None
    if not lines:
        return None, None, None
    m = _DATE_MARK.match(lines[0])
    if m:
        published = parse_published(m.group("v"))
    body_at = next((i for i, line in enumerate(lines) if _is_body_start(line, i)), len(lines))
    head = lines[:body_at]
    i = 0
    if head:
        dm = _DOMAIN_LINE.match(head[0])
        if dm:
            publisher, i = dm.group("d").lower(), 1       # domains are case-insensitive
        elif (len(head) >= 2 and (_words(head[0]) <= 2 or _brand_like(head[0]))
              and _words(head[0]) <= 5 and is_headline_like(head[0])
              and not any(c.isdigit() for c in head[0]) and is_headline_like(head[1])
              and not is_timestamp(head[1])
              and _words(head[1]) > _words(head[0]) and parse_published(head[0]) is None):
            publisher, i = head[0], 1
    for j in range(i, len(head)):
        line = head[j]
        if published is None and (value := _only_date(line)) is not None:
            published = value
            continue
        if title is None and is_headline_like(line) and _words(line) >= 2:
            following = head[j + 1] if j + 1 < len(head) else ""
            if following and is_headline_like(following) and line.endswith(following):
                continue                                  # breadcrumb ending in the headline
            if _BREADCRUMB.search(line) or _only_date(line) is not None:
                continue
            title = _strip_title_suffix(line)
    if publisher is None and body_at < len(lines):
        found = split_dateline(lines[body_at], first=(body_at == 0))
        if found is not None and found[1]:
            publisher = found[1].lower() if "." in found[1] else found[1]
    if title is not None and body_at >= len(lines) and len(lines) < 2:
        title = None                                      # a lone line is not a headline over a body
    return title, publisher, published


_MEDIA_WORDS = frozenset("""news post times daily today bulletin wire journal jurnal herald tribune
tribun gazette pos kabar berita harian warta suara info online media report review weekly
magazine majalah koran channel network portal""".split())


def _brand_like(line: str) -> bool:
    """A site's name rather than a short headline: all capitals, a media word, a site mark."""
    words = [w for w in re.findall(r"[^\W\d_]+", line)]
    if not words:
        return False
    if all(w.isupper() for w in words if len(w) > 1):
        return True
    if any(mark in line for mark in (" | ", " › ", " - ", ".com", ".id", ".net", ".org")):
        return True
    return any(w.lower() in _MEDIA_WORDS or any(w.lower().endswith(m) for m in ("wire", "news", "buruh"))
               for w in words)


def _words(line: str) -> int:
    return len(line.split())


def _only_date(line: str) -> date | None:
    return parse_published(line.lstrip("-\u2013\u2022 ")) if is_timestamp(line) else None


def _strip_title_suffix(title: str) -> str:
    m = _TITLE_SUFFIX.search(title)
    if m and _words(m.group("s")) <= 2 and _words(title) - _words(m.group("s")) >= 3:
        return title[:m.start()].strip()
    return title


def _read_txt(path: Path, rel: str, data: bytes) -> Item:
    if not data:
        return ReadProblem(str(path), "empty file", "remove it, or put the article text in it")
    kind = sniff_binary(data[:8192])
    if kind:
        return ReadProblem(str(path), f"binary file ({kind}), not text",
                           _HINTS.get(kind, "remove it from the input, or save the article as plain text"))
    text, encoding = decode_bytes(data)
    text = normalize_text(text)
    if not text.strip():
        return ReadProblem(str(path), "file holds only whitespace", "remove it, or put the article text in it")
    title, publisher, published = scan_head(text)
    return Article(key=rel, source=rel, text=text, format="txt", path=str(path), title=title,
                   publisher=publisher, published=published, language=detect_language(text),
                   encoding=encoding)


# --- HTML -----------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_-]{2,30})""", re.I)


def _decode_html(data: bytes) -> tuple[str, str]:
    if data.startswith(_BOMS) or _utf16_without_bom(data):
        return decode_bytes(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii").lower()
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)


def _read_html(path: Path, rel: str, data: bytes) -> Item:
    if not data.strip():
        return ReadProblem(str(path), "empty file", "remove it, or save the article page again")
    kind = sniff_binary(data[:8192])
    if kind:
        return ReadProblem(str(path), f"binary file ({kind}), not HTML",
                           _HINTS.get(kind, "remove it from the input, or save the page as HTML"))
    html, encoding = _decode_html(data)
    import trafilatura                                    # slow to import; only when HTML is read

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except Exception as err:                              # a third-party parser: any failure is this file's
        return ReadProblem(str(path), f"HTML could not be parsed ({type(err).__name__})",
                           "save the article page again, or paste its text into a .txt file")
    text = normalize_text(doc.text or "") if doc is not None else ""
    if not text.strip() or _only_link_text(html, text):
        return ReadProblem(str(path), "no article text found in HTML (only navigation?)",
                           "save the article page itself, or paste its text into a .txt file")
    published = parse_published(doc.date) if doc.date else None
    return Article(key=rel, source=rel, text=text, format="html", path=str(path),
                   title=_clean_field(doc.title), url=_clean_field(doc.url),
                   published=published, publisher=_clean_field(doc.sitename),
                   language=_language(doc.language, text), encoding=encoding)


_LETTER = re.compile(r"[^\W\d_]")


def _only_link_text(html: str, text: str) -> bool:
    """True when the extracted text is nothing but the labels of the page's links (a menu)."""
    if len(text) > 5000:                                  # far longer than any menu
        return False
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html, parser=_html_parser())
    except (etree.ParserError, ValueError):
        return False
    labels = {" ".join(a.text_content().split()) for a in tree.iter("a")} - {""}
    if len(labels) < 3:                                   # a menu has several entries
        return False
    rest = " ".join(text.split())
    for label in sorted(labels, key=len, reverse=True):
        rest = rest.replace(label, " ")
    return len(_LETTER.findall(rest)) < 20


@functools.lru_cache(maxsize=1)
def _html_parser():
    from lxml import html as lxml_html
    # the defaults already keep the network and entities out; said here so that it stays so
    return lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)


def _clean_field(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(normalize_text(value).split())
    return value or None


# --- JSON Lines ------------------------------------------------------------------------


def _read_jsonl(path: Path, rel: str) -> Iterator[Item]:
    special = _not_regular(path)
    if special is not None:
        yield special
        return
    try:
        f = open(path, "rb")
        before = os.fstat(f.fileno())
    except OSError as err:
        yield _os_problem(path, err)
        return
    with f:
        try:
            head = f.read(8192)
        except OSError as err:
            yield _os_problem(path, err)
            return
        if head.startswith(_BOMS[1:]) or _utf16_without_bom(head):
            yield ReadProblem(str(path), "JSON Lines file is not UTF-8 (UTF-16 or UTF-32)",
                              "re-save the file as UTF-8")
            return
        kind = sniff_binary(head)
        if kind:
            yield ReadProblem(str(path), f"binary file ({kind}), not JSON Lines",
                              _HINTS.get(kind, "give one JSON object per line, as UTF-8 text"))
            return
        if not head.strip():
            yield ReadProblem(str(path), "empty file", "remove it, or put one JSON object per line in it")
            return
        f.seek(0)
        number = 0
        while True:
            try:
                raw = f.readline(MAX_JSONL_LINE_BYTES + 1)
            except OSError as err:
                yield _os_problem(path, err)
                return
            if not raw:
                after = os.fstat(f.fileno())
                if _changed(before, after) or after.st_size != f.tell():
                    yield _changed_problem(path, number or None)
                return
            number += 1
            if len(raw) > MAX_JSONL_LINE_BYTES and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):    # skip the rest of the line
                    raw = f.readline(1_000_000)
                yield ReadProblem(str(path), "line too long for one article", "split the article", number)
                continue
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            if not raw.strip():
                continue
            try:
                item = _jsonl_item(path, rel, number, raw)
            except Exception as exc:       # one odd line must not cost the rest of the file
                item = _unexpected(path, exc, number)
            yield item


_TEXT_FIELDS = ("text", "content")


def _jsonl_item(path: Path, rel: str, number: int, raw: bytes) -> Item:
    line, encoding = _decode_utf8(raw, "utf-8")

    def problem(reason: str, hint: str) -> ReadProblem:
        return ReadProblem(str(path), reason, hint, number)

    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as err:
        reason = f"not valid JSON ({err.msg}, column {err.colno})" if isinstance(err, json.JSONDecodeError) \
            else "not valid JSON (nested too deeply)"
        return problem(reason, "check the JSON on that line; each line must be one complete object")
    if not isinstance(obj, dict):
        return problem(f"line is a JSON {_json_kind(obj)}, not an object",
                       'give one object per line, e.g. {"title": ..., "text": ...}')
    field = next((k for k in _TEXT_FIELDS if k in obj), None)
    if field is None:
        return problem("no 'text' or 'content' field", "add the article body as \"text\"")
    body = obj[field]
    if not isinstance(body, str):
        return problem(f"'{field}' is a {_json_kind(body)}, not a string", "give the article body as one string")
    text = normalize_text(body)
    if not text.strip():
        return problem(f"'{field}' is empty", "give the article body, or leave the line out")
    url = _clean_field(obj.get("url"))
    published = None
    value = obj.get("published", obj.get("date"))
    if isinstance(value, str):
        published = parse_published(value)
    return Article(key=url or f"{rel}#L{number}", source=rel, text=text, format="jsonl", path=str(path),
                   line=number, title=_clean_field(obj.get("title")), url=url, published=published,
                   publisher=_clean_field(obj.get("source", obj.get("publisher"))),
                   language=_language(obj.get("language"), text), encoding=encoding)


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    return {list: "array", dict: "object", str: "string", int: "number", float: "number",
            type(None): "null"}.get(type(value), type(value).__name__)
