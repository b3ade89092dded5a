"""Inputs that cannot be read become ReadProblems with hints; the rest still read."""

from __future__ import annotations

import gzip
import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from labourkg.loaders import read as read_module
from labourkg.loaders.model import Article, ReadProblem
from labourkg.loaders.read import iter_inputs, read_file, read_inputs

BODY = "Menteri Ketenagakerjaan bertemu Duta Besar Chile di Jakarta untuk membahas pelatihan.\n"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def only_problem(path: Path) -> ReadProblem:
    items = list(read_file(path, path.parent))
    assert len(items) == 1 and isinstance(items[0], ReadProblem), items
    problem = items[0]
    assert problem.hint, "every problem says what to do"
    assert problem.path == str(path)
    return problem


def test_empty_file(tmp_path):
    assert only_problem(write(tmp_path / "e.txt", b"")).reason == "empty file"


def test_whitespace_only_file(tmp_path):
    p = only_problem(write(tmp_path / "w.txt", " \n\t\r\n  \u200b\n"))
    assert "whitespace" in p.reason


def gz_bytes() -> bytes:
    return gzip.compress(b"hello " * 100)


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "x")
    return buf.getvalue()


@pytest.mark.parametrize("data, kind", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(50), "PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF document"),
    (gz_bytes(), "gzip archive"),
    (zip_bytes(), "ZIP archive"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG image"),
    (b"ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00", "NUL bytes"),
])
def test_binary_files_are_rejected(tmp_path, data, kind):
    p = only_problem(write(tmp_path / "bin.txt", data))
    assert p.reason.startswith("binary file (") and kind in p.reason
    assert p.reason.endswith("not text")


def test_pdf_hint_says_extract_text(tmp_path):
    p = only_problem(write(tmp_path / "doc.txt", b"%PDF-1.4\n"))
    assert "pdftotext" in p.hint


def test_binary_html_and_jsonl_are_rejected(tmp_path):
    assert "PNG image" in only_problem(write(tmp_path / "x.html", b"\x89PNG\r\n\x1a\n" + bytes(20))).reason
    assert "gzip" in only_problem(write(tmp_path / "x.jsonl", gz_bytes())).reason


def test_invalid_utf8_mid_file_is_read_with_fallback(tmp_path):
    data = ("Delegasi bertemu di Jenewa “hari ini”. " * 5).encode("utf-8") + b"Caf\xe9 ditutup.\n"
    a, = read_file(write(tmp_path / "mixed.txt", data), tmp_path)
    assert isinstance(a, Article)
    assert a.encoding == "utf-8+cp1252"
    assert "“hari ini”" in a.text and "Café ditutup." in a.text


def test_control_bidi_and_zero_width_characters_removed(tmp_path):
    raw = ("Men\u200bteri\u200c Ketenaga\u200dkerjaan\u2060 bertemu\x07 Duta\x1b Besar "
           "\u202eIrlandia\u202c \u2066di\u2069 Dublin\u200e.\x00\n\ufeffKedua pihak\u00ad sepakat.\x7f\n")
    # NUL in a short file would look binary; keep it out of the sniffed head
    data = ("Pembukaan. " * 900).encode("utf-8") + raw.replace("\x00", "").encode("utf-8")
    a, = read_file(write(tmp_path / "c.txt", data), tmp_path)
    tail = a.text.split("Pembukaan. ")[-1]
    assert tail == "Menteri Ketenagakerjaan bertemu Duta Besar Irlandia di Dublin.\nKedua pihak sepakat.\n"
    assert "\t" in read_module.normalize_text("a\tb")          # tabs are kept


# --- JSON Lines -------------------------------------------------------------------------------


def jsonl(tmp_path: Path, lines: list[str]) -> Path:
    return write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")


def test_broken_jsonl_line_other_lines_still_read(tmp_path):
    path = jsonl(tmp_path, [json.dumps({"text": BODY}), '{"text": "unterminated', json.dumps({"text": BODY})])
    items = list(read_inputs([path]))
    assert [type(i).__name__ for i in items] == ["Article", "ReadProblem", "Article"]
    problem = items[1]
    assert problem.line == 2 and problem.path == str(path)
    assert "not valid JSON" in problem.reason
    assert "check the JSON on that line" in problem.hint
    assert f"{path}:2:" in str(problem)
    assert [items[0].line, items[2].line] == [1, 3]


@pytest.mark.parametrize("line, word", [
    ('["a", "b"]', "array"),
    ("42", "number"),
    ('"just a string"', "string"),
    ("null", "null"),
])
def test_jsonl_line_that_is_not_an_object(tmp_path, line, word):
    items = list(read_inputs([jsonl(tmp_path, [line, json.dumps({"text": BODY})])]))
    assert isinstance(items[0], ReadProblem) and word in items[0].reason and items[0].line == 1
    assert isinstance(items[1], Article)


def test_jsonl_missing_text(tmp_path):
    item, = read_inputs([jsonl(tmp_path, [json.dumps({"title": "Tanpa isi", "url": "https://x.example/1"})])])
    assert isinstance(item, ReadProblem) and "no 'text'" in item.reason and item.line == 1


@pytest.mark.parametrize("value, word", [(123, "number"), (["a"], "array"), ({"p": 1}, "object"),
                                         (None, "null"), (True, "boolean")])
def test_jsonl_text_of_wrong_type(tmp_path, value, word):
    item, = read_inputs([jsonl(tmp_path, [json.dumps({"text": value})])])
    assert isinstance(item, ReadProblem) and f"is a {word}" in item.reason


def test_jsonl_empty_text_and_optional_fields_of_wrong_type(tmp_path):
    items = list(read_inputs([jsonl(tmp_path, [
        json.dumps({"text": "   "}),
        json.dumps({"text": BODY, "title": 5, "url": ["x"], "published": "not a date", "source": None}),
    ])]))
    assert isinstance(items[0], ReadProblem) and "empty" in items[0].reason
    a = items[1]
    assert isinstance(a, Article)
    assert a.title is None and a.url is None and a.published is None and a.publisher is None
    assert a.key == "feed.jsonl#L2"


def test_jsonl_too_long_line_is_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(read_module, "MAX_JSONL_LINE_BYTES", 200)
    path = jsonl(tmp_path, [json.dumps({"text": "x" * 5000}), json.dumps({"text": BODY})])
    items = list(read_inputs([path]))
    assert isinstance(items[0], ReadProblem) and items[0].line == 1 and "too long" in items[0].reason
    assert isinstance(items[1], Article) and items[1].line == 2


def test_jsonl_in_utf16_is_rejected(tmp_path):
    path = write(tmp_path / "u.jsonl", (json.dumps({"text": BODY}) + "\n").encode("utf-16"))
    p, = read_inputs([path])
    assert isinstance(p, ReadProblem) and "UTF-8" in p.hint


def test_jsonl_invalid_utf8_line_falls_back(tmp_path):
    path = write(tmp_path / "c.jsonl", b'{"text": "Caf\xe9 pekerja ditutup untuk sementara waktu."}\n')
    a, = read_inputs([path])
    assert isinstance(a, Article) and "Café" in a.text and a.encoding == "cp1252"


# --- files and paths ---------------------------------------------------------------------------


def test_nonexistent_path_is_a_problem_not_an_exception(tmp_path):
    good = write(tmp_path / "ok.txt", BODY)
    items = list(read_inputs([tmp_path / "missing.txt", tmp_path / "no_such_folder", good]))
    assert [type(i).__name__ for i in items] == ["ReadProblem", "ReadProblem", "Article"]
    assert all("no such file" in p.reason for p in items[:2])
    assert "check the path" in items[0].hint


def test_file_that_vanishes_after_listing(tmp_path):
    path = write(tmp_path / "gone.txt", BODY)
    pairs = list(iter_inputs([tmp_path]))
    path.unlink()
    items = [i for p, r in pairs for i in read_file(p, r)]
    assert len(items) == 1 and isinstance(items[0], ReadProblem) and "no such file" in items[0].reason


def test_broken_symlink_is_reported(tmp_path):
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "dangling.txt")
    p, = read_inputs([tmp_path])
    assert isinstance(p, ReadProblem) and "no such file" in p.reason


def test_unsupported_file_passed_directly(tmp_path):
    p = only_problem(write(tmp_path / "report.pdf", b"%PDF-1.4\n"))
    assert "unsupported file type" in p.reason and ".txt" in p.hint


def test_oversized_article_file(tmp_path, monkeypatch):
    monkeypatch.setattr(read_module, "MAX_ARTICLE_BYTES", 100)
    p = only_problem(write(tmp_path / "big.txt", BODY * 5))
    assert "too large" in p.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode, so chmod 000 "
                                               "cannot make a file unreadable in this test run")
def test_unreadable_file(tmp_path):
    path = write(tmp_path / "locked.txt", BODY)
    path.chmod(0)
    try:
        p = only_problem(path)
        assert p.reason == "permission denied" and "chmod" in p.hint
    finally:
        path.chmod(0o644)


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists folders whatever their mode")
def test_unlistable_folder(tmp_path):
    folder = tmp_path / "locked"
    write(folder / "a.txt", BODY)
    folder.chmod(0)
    try:
        items = list(read_inputs([tmp_path]))
        assert len(items) == 1 and isinstance(items[0], ReadProblem)
        assert "could not be listed" in items[0].reason
    finally:
        folder.chmod(0o755)


# --- HTML -------------------------------------------------------------------------------------


def test_html_with_only_navigation(tmp_path):
    html = ("<html><head><title>Portal</title></head><body><nav><ul>"
            + "".join(f'<li><a href="/k{i}">Kanal {i}</a></li>' for i in range(8))
            + "</ul></nav><footer><a href='/tentang'>Tentang</a></footer></body></html>")
    p = only_problem(write(tmp_path / "nav.html", html))
    assert p.reason == "no article text found in HTML (only navigation?)"


def test_empty_html(tmp_path):
    assert only_problem(write(tmp_path / "e.html", "  \n")).reason == "empty file"


def test_html_scripts_and_handlers_never_in_text(tmp_path):
    html = """<html><head><script>var leak = "head-script-leak";</script></head><body>
<article><h1>Menaker Bertemu Dubes Kenya</h1>
<p>Menteri Ketenagakerjaan bertemu Duta Besar Kenya di Jakarta untuk membahas pelatihan perawat dan penempatan pekerja terampil.</p>
<script>alert("body-script-leak")</script>
<img src="x.jpg" onerror="alert('onerror-leak')">
<p onclick="steal('onclick-leak')">Kedua pihak sepakat menyiapkan nota kesepahaman yang akan ditandatangani pada akhir tahun ini di Nairobi.</p>
<noscript>noscript-leak</noscript><style>.x{color:red}</style>
</article></body></html>"""
    a, = read_file(write(tmp_path / "s.html", html), tmp_path)
    assert isinstance(a, Article)
    assert "Duta Besar Kenya" in a.text and "Nairobi" in a.text
    for leak in ("head-script-leak", "body-script-leak", "onerror-leak", "onclick-leak", "<script",
                 "alert(", "color:red"):
        assert leak not in a.text


def test_html_in_cp1252_with_meta_charset(tmp_path):
    html = ('<html><head><meta charset="windows-1252"><title>Uji</title></head><body><article>'
            "<p>Delegasi dari Curaçao bertemu pejabat kementerian di Jakarta untuk membahas "
            "pelatihan kerja dan perlindungan pekerja migran di kawasan Karibia.</p>"
            "</article></body></html>").encode("cp1252")
    a, = read_file(write(tmp_path / "c.html", html), tmp_path)
    assert isinstance(a, Article) and "Curaçao" in a.text


def test_permission_error_is_reported_even_as_root(tmp_path, monkeypatch):
    """The same path as test_unreadable_file, forced by the open() call failing."""
    path = write(tmp_path / "locked.txt", BODY)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(read_module, "open", denied, raising=False)
    p = only_problem(path)
    assert p.reason == "permission denied" and "chmod" in p.hint
    p = only_problem(write(tmp_path / "locked.jsonl", "{}\n"))
    assert p.reason == "permission denied"
