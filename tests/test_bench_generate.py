"""The benchmark's article generator: deterministic, counted, bilingual, sized."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

GENERATE = Path(__file__).resolve().parents[1] / "bench" / "generate.py"


@pytest.fixture(scope="module")
def gen():
    """bench/generate.py is a script, not a package module: load it from its path."""
    spec = importlib.util.spec_from_file_location("labourkg_bench_generate", GENERATE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module          # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.txt"))}


def test_same_seed_gives_the_same_bytes(gen, tmp_path):
    a = gen.generate(30, tmp_path / "a", seed=7)
    b = gen.generate(30, tmp_path / "b", seed=7)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert a.sha256 == b.sha256


def test_another_seed_gives_other_articles(gen, tmp_path):
    a = gen.generate(10, tmp_path / "a", seed=1)
    b = gen.generate(10, tmp_path / "b", seed=2)
    assert a.sha256 != b.sha256


def test_requested_count_and_both_languages(gen, tmp_path):
    report = gen.generate(60, tmp_path / "c", seed=0)
    files = _files(tmp_path / "c")
    assert report.count == len(files) == 60
    langs = {name.rsplit("-", 1)[1][:-4] for name in files}
    assert langs == {"id", "en"}
    assert sum(report.languages.values()) == 60 and min(report.languages.values()) >= 10
    assert report.bytes == sum(len(b) for b in files.values())


def test_articles_look_like_scraped_news(gen, tmp_path):
    gen.generate(40, tmp_path / "d", seed=3)
    texts = [b.decode("utf-8") for b in _files(tmp_path / "d").values()]
    for text in texts:
        assert gen.MIN_BYTES <= len(text.encode("utf-8")) <= gen.MAX_BYTES
    joined = "\n".join(texts)
    # Indonesian weekday dates and English weekdays, officials with titles, agreements
    assert any(f"{day} (" in joined for day in gen.WEEKDAYS_ID)
    assert any(f"on {day}" in joined for day in gen.WEEKDAYS_EN)
    assert "Menteri Ketenagakerjaan" in joined or "Minister of Manpower" in joined
    assert "MoU" in joined or "MoC" in joined


def test_corpora_nest_and_start_gives_new_articles(gen, tmp_path):
    gen.generate(5, tmp_path / "small", seed=0)
    gen.generate(8, tmp_path / "big", seed=0)
    gen.generate(3, tmp_path / "more", seed=0, start=5)
    small, big, more = (_files(tmp_path / x) for x in ("small", "big", "more"))
    assert all(big[k] == v for k, v in small.items())
    assert set(more) == set(big) - set(small)


def test_jsonl_output_is_one_article_per_line(gen, tmp_path):
    out = tmp_path / "c.jsonl"
    report = gen.generate(12, out, seed=0, fmt="jsonl")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert report.count == len(lines) == 12
    records = [json.loads(line) for line in lines]
    assert {r["language"] for r in records} <= {"id", "en"}
    assert len({r["url"] for r in records}) == 12
    assert all(len(r["text"]) > 1000 and r["title"] for r in records)


@pytest.mark.parametrize("size", [0, 1, 999, 50_000])
def test_adversarial_has_the_requested_size(gen, size):
    text = gen.adversarial(size)
    assert len(text.encode("utf-8")) == size
    assert gen.adversarial(size) == text


def test_adversarial_is_hostile(gen):
    text = gen.adversarial(200_000)
    assert "((((((((((" in text                        # nested parentheses
    longest_run = max(len(chunk) for chunk in text.replace("\n", ".").split("."))
    assert longest_run > 10_000                        # long runs without punctuation


def test_bad_arguments_are_refused(gen, tmp_path):
    with pytest.raises(ValueError):
        gen.generate(1, tmp_path, fmt="csv")
    with pytest.raises(ValueError):
        gen.adversarial(-1)
