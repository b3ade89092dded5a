"""Charts of the hand-checked world: files exist, are not blank, have the expected size,
labels are readable, and a missing matplotlib gives the install hint."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from labourkg.graph.analyze import analyze
from labourkg.graph.cli import app
from labourkg.graph.plot import (PlotDependencyError, PlotOptions, display_label, draw_centrality,
                                 write_plot)

import test_network_world as W  # the hand-checked world (tests/ is on pythonpath)

try:
    import matplotlib.image as image
except ImportError:                     # the plot extra is not installed
    image = None


@pytest.fixture(autouse=True)
def _matplotlib(need):
    need(image is not None, "matplotlib (labourkg[plot], part of the test extra) is not installed")




@pytest.fixture(scope="module")
def world():
    return W.world_kg()


def pixels(path: Path):
    data = image.imread(path)
    return data[..., :3]


# figure inches * 150 dpi: partners 9 x max(2.5, 1.4 + 0.5 * 2); timeline 10 x (1.6 + 0.55 * 2);
# centrality 12 x (1.6 + 0.5 * 9 nodes)
@pytest.mark.parametrize("kind, size", [("partners", (375, 1350)), ("timeline", (405, 1500)),
                                        ("centrality", (915, 1800))])
def test_png_is_drawn_at_the_expected_size(world, tmp_path, kind, size):
    path = world.plot(kind, tmp_path / f"{kind}.png")
    assert path.exists() and path.stat().st_size > 5000
    data = pixels(path)
    assert data.shape[:2] == size
    assert data.std() > 0.05                       # not a blank canvas
    assert (data < 0.5).mean() > 0.002             # some dark ink: text and bars


def test_svg_and_pdf(world, tmp_path):
    svg = world.plot("partners", tmp_path / "partners.svg", top=1)
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg") and root.get("width") == "648pt"    # 9 inches
    pdf = world.plot("timeline", tmp_path / "timeline.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_same_analysis_same_file(world, tmp_path):
    a = world.plot("centrality", tmp_path / "a.png", measure="eigenvector")
    b = world.plot("centrality", tmp_path / "b.png", measure="eigenvector")
    assert a.read_bytes() == b.read_bytes()
    c = world.plot("partners", tmp_path / "c.svg")
    d = world.plot("partners", tmp_path / "d.svg")
    assert c.read_bytes() == d.read_bytes()


def test_labels_show_both_languages_wrapped_and_cut():
    label = display_label("Direktorat Jenderal Pembinaan Hubungan Industrial dan Jaminan Sosial Tenaga Kerja",
                          "Directorate General of Industrial Relations and Labour Social Security")
    lines = label.splitlines()
    assert lines[0].startswith("Direktorat Jenderal")
    assert len(lines) == 3 and all(len(line) <= 30 for line in lines)
    assert lines[1].endswith("…") and lines[2].startswith("(Directorate") and lines[2].endswith("…")
    assert display_label("Malaysia", "Malaysia") == "Malaysia"
    assert display_label("Arab Saudi", "Saudi Arabia") == "Arab Saudi\n(Saudi Arabia)"


def test_centrality_bars_follow_the_measure(world):
    result = analyze(world)
    fig = draw_centrality(result, top=3, measure="betweenness")
    axis = fig.axes[0]
    names = [t.get_text().splitlines()[0] for t in axis.get_yticklabels()]
    assert names[0].startswith("Organisasi Perburuhan")       # ILO, the broker, on top
    assert axis.get_title().startswith("betweenness")
    heights = [bar.get_width() for bar in axis.patches]
    assert heights == sorted(heights, reverse=True) and heights[0] == pytest.approx(9 / 28, abs=1e-6)


def test_nothing_to_plot_is_a_clear_error(world, tmp_path):
    with pytest.raises(ValueError, match="nothing to plot: no partners"):
        world.plot("partners", tmp_path / "x.png", since="2030-01-01")
    with pytest.raises(ValueError, match="png, .svg or .pdf"):
        world.plot("partners", tmp_path / "x.jpg")
    with pytest.raises(ValueError, match="unknown plot"):
        world.plot("pie", tmp_path / "x.png")
    with pytest.raises(TypeError, match="colour"):
        world.plot("partners", tmp_path / "x.png", colour="red")
    assert not (tmp_path / "x.png").exists()


@pytest.fixture
def no_matplotlib(monkeypatch):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)


def test_missing_matplotlib_names_the_extra(world, tmp_path, no_matplotlib):
    with pytest.raises(PlotDependencyError, match=r"pip install 'labourkg\[plot\]'"):
        write_plot(world, tmp_path / "x.png", PlotOptions("partners"))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("plot") / "store"
    W.world_kg(path)
    return path


def test_cli_plot(store, tmp_path):
    out = tmp_path / "partners.png"
    done = CliRunner().invoke(app, ["plot", "partners", "-o", str(out), "--store", str(store), "--top", "1"])
    assert done.exit_code == 0, done.output
    assert pixels(out).shape[:2] == (375, 1350)
    bad = CliRunner().invoke(app, ["plot", "centrality", "-o", str(tmp_path / "c.png"), "--store",
                                   str(store), "--measure", "fame"])
    assert bad.exit_code == 2 and "unknown measure" in bad.output


def test_cli_plot_without_matplotlib(store, tmp_path, no_matplotlib):
    done = CliRunner().invoke(app, ["plot", "timeline", "-o", str(tmp_path / "t.png"), "--store", str(store)])
    assert done.exit_code == 1
    assert "pip install 'labourkg[plot]'" in done.output
