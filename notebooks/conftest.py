"""Run the notebooks with nbmake as part of the plain test command (`make test`, `pytest`).

nbmake collects notebooks only under `--nbmake`; this hook hands them to it
without the flag, so the notebooks are tested whenever this folder is. With the
flag, nbmake collects them itself and this hook stays out of the way.
"""

from __future__ import annotations

from pathlib import Path


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix != ".ipynb" or getattr(parent.config.option, "nbmake", True):
        return None
    try:
        from nbmake.pytest_items import NotebookFile
    except ImportError:     # the test extra is not installed; tests/test_notebooks.py says so
        return None
    return NotebookFile.from_parent(parent, path=file_path)
