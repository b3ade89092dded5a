"""Packaging: one `labourkg` namespace, no generic top-level modules, a wheel that works.

Guards the two hazards of mapping top-level folders onto `labourkg.*`:
(a) a root folder named `labourkg/` would shadow the installed package, and
(b) with the repository root on sys.path, `import graph` would load a second copy.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("graph", "loaders", "ontology", "queries")


def _run(args, cwd, env=None, timeout=300):
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def test_no_root_folder_shadows_the_namespace():
    assert not (ROOT / "labourkg").exists()
    proc = _run([sys.executable, "-c",
                 "import labourkg.graph.store as s, labourkg.loaders.model as m; print(s.__file__)"], ROOT)
    assert proc.returncode == 0, proc.stderr
    assert Path(proc.stdout.strip()).parent == ROOT / "graph"


@pytest.mark.parametrize("name", PACKAGES)
def test_importing_a_folder_by_its_bare_name_fails_clearly(name):
    proc = _run([sys.executable, "-c", f"import {name}"], ROOT)
    assert proc.returncode != 0
    assert f"import it as labourkg.{name}" in proc.stderr


def test_no_second_copy_loaded_in_this_session():
    import labourkg.graph.store  # noqa: F401
    import labourkg.loaders.emit  # noqa: F401
    assert not [m for m in sys.modules if m.split(".")[0] in PACKAGES]


def test_sources_never_import_bare_packages():
    bad = []
    for path in ROOT.rglob("*.py"):
        if ".venv" in path.parts or "build" in path.parts:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            s = line.strip()
            if any(s.startswith(f"import {p}") or s.startswith(f"from {p}.") or s.startswith(f"from {p} ")
                   for p in PACKAGES):
                bad.append(f"{path.relative_to(ROOT)}: {s}")
    assert bad == []


@pytest.mark.slow
def test_wheel_installs_and_runs_from_anywhere(tmp_path):
    dist = tmp_path / "dist"
    proc = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                 "-w", str(dist), str(ROOT)], tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(dist.glob("labourkg-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))}
    assert tops == {"labourkg"}, tops
    for data in ("labourkg/queries/officials.rq", "labourkg/ontology/labour.ttl",
                 "labourkg/ontology/shapes.ttl", "labourkg/loaders/lexicon/countries.tsv"):
        assert data in names, data

    # a fresh venv with only the wheel; the dependencies come from this venv's site-packages,
    # added as a plain path (its .pth files, and so the editable install, are not processed)
    env_dir = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    proc = _run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)], tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    site = _run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path)
    deps = sysconfig.get_paths()["purelib"]
    (Path(site.stdout.strip()) / "zz_deps.pth").write_text(deps + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LABOURKG_STORE")}
    work = tmp_path / "work"
    work.mkdir()
    cli = str(env_dir / "bin" / "labourkg")
    where = _run([str(py), "-c", "import labourkg.graph; print(labourkg.graph.__file__)"], work, env)
    assert str(env_dir) in where.stdout, where.stdout + where.stderr
    help_ = _run([cli, "--help"], work, env)
    assert help_.returncode == 0 and "ingest" in help_.stdout
    (work / "a.txt").write_text(
        "Kabar Kerja\n\nMenteri Ketenagakerjaan Budi Santosa bertemu Duta Besar Jepang untuk "
        "Indonesia Kenji Mori di Jakarta, Senin (10/6/2024). Keduanya membahas penempatan "
        "pekerja migran.\n", encoding="utf-8")
    ing = _run([cli, "ingest", "a.txt"], work, env)
    assert ing.returncode == 0, ing.stdout + ing.stderr
    q = _run([cli, "query", "articles", "--format", "csv"], work, env)
    assert q.returncode == 0, q.stderr
    assert "a.txt" in q.stdout
    assert (work / ".labourkg" / "labourkg.json").exists()
