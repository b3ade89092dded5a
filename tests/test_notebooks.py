"""The notebooks are stored clean and run under the test command.

nbmake executes them (notebooks/conftest.py hands them to it without `--nbmake`,
and pyproject's testpaths includes notebooks/); the notebooks assert their own
results. These tests check what execution cannot: how they are stored, that the
test command really collects them, and that their kernel is this interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = {"01-quickstart.ipynb", "02-partners-and-brokers.ipynb", "03-sparql-endpoint.ipynb"}


def test_the_three_notebooks_exist():
    assert EXPECTED <= {p.name for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    ids = [cell.get("id") for cell in nb["cells"]]
    assert all(ids) and len(set(ids)) == len(ids), "every cell needs a unique id (nbformat 4.5)"
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        assert not cell.get("outputs"), f"{path.name}: store notebooks without outputs"
        assert cell.get("execution_count") is None, f"{path.name}: clear execution counts"
        source = "".join(cell["source"])
        assert "sys.path" not in source, f"{path.name}: use the installed package"
        assert "/work/" not in source and "../shared" not in source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_builds_its_own_data_in_a_temporary_directory(path):
    source = "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"])
    assert "tempfile.mkdtemp()" in source and "'examples'" in source


def test_the_test_command_collects_the_notebooks(need):
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "notebooks" in config["tool"]["pytest"]["ini_options"]["testpaths"]
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           "notebooks"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    collected = {line.split("::")[0].rsplit("/", 1)[-1] for line in proc.stdout.splitlines() if "::" in line}
    need(bool(collected), "nbmake is installed (the test extra)")
    assert EXPECTED <= collected, proc.stdout + proc.stderr


def test_kernel_python3_is_this_interpreter(need):
    try:
        from jupyter_client.kernelspec import KernelSpecManager
        from jupyter_client.manager import KernelManager
    except ImportError:
        need(False, "jupyter_client is installed (the test extra)")
        return
    spec = KernelSpecManager().get_kernel_spec("python3")
    command = KernelManager(kernel_name="python3").format_kernel_cmd()
    # jupyter_client runs a spec's bare "python" with the interpreter that starts it
    assert command[0] == sys.executable or Path(command[0]).resolve() == Path(sys.executable).resolve(), \
        (spec.argv, command)
    assert "ipykernel_launcher" in command
