"""Notebooks run top to bottom against the installed package (stored without outputs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes(path, monkeypatch):
    nb = json.loads(path.read_text(encoding="utf-8"))
    monkeypatch.chdir(path.parent)
    scope: dict = {"__name__": "__notebook__"}
    last = None
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        assert not cell.get("outputs"), f"{path.name}: store notebooks without outputs"
        source = "".join(cell["source"])
        assert "sys.path" not in source
        lines = source.rstrip().splitlines()
        body, tail = "\n".join(lines[:-1]), lines[-1]
        exec(compile(body, path.name, "exec"), scope)
        try:
            last = eval(compile(tail, path.name, "eval"), scope)
        except SyntaxError:
            exec(compile(tail, path.name, "exec"), scope)
    assert scope["report"].articles >= 8 and not scope["report"].failures
    assert len(scope["officials"].rows) > 0
    assert last["articles"] >= 8
