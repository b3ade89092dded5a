"""Static charts of an analysis: partners over time, top partners, centrality bars.

matplotlib is an optional extra (`pip install 'labourkg[plot]'`), imported only here
and only when a chart is drawn. Figures are built with matplotlib's object API on the
Agg canvas, never through pyplot: no global backend state, no window, safe in CI,
servers and notebooks alike (a returned Figure shows inline in Jupyter).
"""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path

from labourkg.graph.analyze import MEASURES, Analysis, AnalysisOptions, analyze

KINDS = ("timeline", "partners", "centrality")
FORMATS = ("png", "svg", "pdf")
LABEL_WIDTH = 30        # characters per label line
_ID_LINES, _EN_LINES = 2, 1
_AGREEMENT, _MEETING = "#1f5f99", "#e08a2c"
_TYPE_COLOURS = {"country": "#1f5f99", "agency": "#4c9f70", "international": "#8e5ea2",
                 "programme": "#c9a227", "union": "#d1495b", "employer": "#6c757d",
                 "official": "#2a9d8f", "agreement": "#e08a2c", "meeting": "#e76f51",
                 "article": "#adb5bd", "role": "#90be6d", "place": "#b08968"}
_MEASURE_TITLES = {"degree": "degree (partners)", "weighted_degree": "weighted degree",
                   "betweenness": "betweenness (brokerage)", "eigenvector": "eigenvector"}


class PlotDependencyError(ImportError):
    """matplotlib, the optional extra charts need, is not installed."""


@dataclass(frozen=True)
class PlotOptions:
    """Which chart; `analysis` says what is analysed (view, dates, home side)."""

    kind: str = "partners"
    top: int = 10                       # partners or nodes drawn
    measure: str = "betweenness"        # centrality: the measure that picks and orders nodes
    analysis: AnalysisOptions = field(default_factory=AnalysisOptions)

    def check(self) -> "PlotOptions":
        if self.kind not in KINDS:
            raise ValueError(f"unknown plot {self.kind!r}; choose one of {', '.join(KINDS)}")
        if self.measure not in MEASURES:
            raise ValueError(f"unknown measure {self.measure!r}; choose one of {', '.join(MEASURES)}")
        if self.top < 1:
            raise ValueError(f"top must be at least 1, not {self.top}")
        self.analysis.check()
        return self

    @classmethod
    def from_keywords(cls, kind: str, **options) -> "PlotOptions":
        """Split flat keywords (as `KnowledgeGraph.plot` takes them) between the two option sets."""
        own = {f.name for f in fields(cls)} - {"analysis", "kind"}
        shared = {f.name for f in fields(AnalysisOptions)}
        unknown = sorted(set(options) - own - shared)
        if unknown:
            raise TypeError(f"unknown plot options: {', '.join(unknown)}")
        return cls(kind=kind, **{k: v for k, v in options.items() if k in own},
                   analysis=AnalysisOptions(**{k: v for k, v in options.items() if k in shared}))


def write_plot(kg, dest: str | os.PathLike, options: PlotOptions) -> Path:
    """Analyse the graph and save one chart; the format follows the file suffix."""
    options = options.check()
    dest = Path(dest)
    _format(dest)
    _matplotlib()
    fig = figure(analyze(kg, options.analysis), options)
    return save(fig, dest)


def figure(analysis: Analysis, options: PlotOptions):
    """The chart `options.kind` of an analysis, as a matplotlib Figure."""
    options = options.check()
    if options.kind == "timeline":
        return draw_timeline(analysis, options.top)
    if options.kind == "partners":
        return draw_partners(analysis, options.top)
    return draw_centrality(analysis, options.top, options.measure)


def save(fig, dest: str | os.PathLike) -> Path:
    dest = Path(dest)
    fmt = _format(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    # fixed metadata: the same analysis gives the same file
    from matplotlib import rc_context
    metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    if fmt == "pdf":
        metadata["Producer"] = None
    with rc_context({"svg.hashsalt": "labourkg"}):
        fig.savefig(dest, format=fmt, dpi=150, metadata=metadata)
    return dest


def display_label(label: str, label_en: str | None = None, width: int = LABEL_WIDTH) -> str:
    """The name as drawn: the Indonesian (or only) name wrapped on at most two lines,
    the English one under it in brackets when it differs, each cut with an ellipsis."""
    text = _wrap(label, width, _ID_LINES)
    if label_en and label_en.casefold() != label.casefold():
        text += "\n" + _wrap(f"({label_en})", width, _EN_LINES)
    return text


def _wrap(text: str, width: int, lines: int) -> str:
    text = " ".join(text.split())
    return textwrap.fill(text, width=width, max_lines=lines, placeholder="…",
                         break_long_words=True) or "?"


# -- charts ------------------------------------------------------------------------------


def draw_timeline(analysis: Analysis, top: int = 10):
    """One row per top partner; a diamond per agreement and a dot per meeting on its date."""
    partners = analysis.partners[:top]
    if not partners:
        raise ValueError(_nothing(analysis, "partners"))
    Figure, MaxNLocator, mdates = _matplotlib(dates=True)
    rows = {p.partner: i for i, p in enumerate(partners)}
    marks: dict[tuple, int] = {}
    undated = 0
    for event in analysis.events:
        if event.partner not in rows:
            continue
        if not event.date:
            undated += 1
            continue
        key = (event.partner, _day(event.date), event.type)
        marks[key] = marks.get(key, 0) + 1
    if not marks:
        raise ValueError("nothing to plot: the top partners' agreements and meetings are all undated")
    fig = _new_figure(Figure, 10, 1.6 + 0.55 * len(partners))
    ax = fig.add_subplot()
    for kind, colour, marker, shift in (("agreement", _AGREEMENT, "D", 0.14),
                                        ("meeting", _MEETING, "o", -0.14)):
        points = sorted((day, rows[p] + shift, n) for (p, day, t), n in marks.items() if t == kind)
        if not points:
            continue
        ax.scatter([d for d, _y, _n in points], [y for _d, y, _n in points],
                   s=[45 + 35 * (n - 1) for _d, _y, n in points], c=colour, marker=marker,
                   alpha=0.85, edgecolors="white", linewidths=0.6, zorder=3)
        for d, y, n in points:
            if n > 1:
                ax.annotate(str(n), (d, y), xytext=(6, 4), textcoords="offset points", fontsize=7)
    _date_axis(ax, sorted({d for (_p, d, _t) in marks}), mdates)
    ax.set_yticks(range(len(partners)), [display_label(p.label, p.label_en) for p in partners],
                  fontsize=8)
    ax.set_ylim(len(partners) - 0.5, -0.5)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6, zorder=0)
    for y in range(len(partners)):
        ax.axhline(y, color="#f0f0f0", linewidth=0.8, zorder=1)
    from matplotlib.lines import Line2D
    ax.legend(handles=[Line2D([], [], color=_AGREEMENT, marker="D", linestyle="", markersize=7,
                              label="agreement"),
                       Line2D([], [], color=_MEETING, marker="o", linestyle="", markersize=7,
                              label="meeting")],
              loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    note = f"; {undated} undated not shown" if undated else ""
    ax.set_title(f"Agreements and meetings with {_home(analysis)}, by partner{_window(analysis)}{note}",
                 fontsize=10, loc="left")
    return fig


def draw_partners(analysis: Analysis, top: int = 10):
    """Horizontal stacked bars: agreements and meetings shared with the home side."""
    partners = analysis.partners[:top]
    if not partners:
        raise ValueError(_nothing(analysis, "partners"))
    Figure, MaxNLocator, _ = _matplotlib()
    fig = _new_figure(Figure, 9, 1.4 + 0.5 * len(partners))
    ax = fig.add_subplot()
    ys = range(len(partners))
    agreements = [p.agreements for p in partners]
    meetings = [p.meetings for p in partners]
    ax.barh(ys, agreements, color=_AGREEMENT, label="agreements", zorder=2)
    ax.barh(ys, meetings, left=agreements, color=_MEETING, label="meetings", zorder=2)
    for y, p in zip(ys, partners):
        ax.annotate(f"{p.agreements} + {p.meetings}", (p.total, y), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=7, color="#333333")
    ax.set_yticks(list(ys), [display_label(p.label, p.label_en) for p in partners], fontsize=8)
    ax.set_ylim(len(partners) - 0.5, -0.5)
    ax.set_xlim(0, max(p.total for p in partners) * 1.18 + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", color="#dddddd", linewidth=0.6, zorder=0)
    ax.set_xlabel("agreements + meetings", fontsize=8)
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    ax.set_title(f"Top partners of {_home(analysis)}{_window(analysis)}", fontsize=10, loc="left")
    return fig


def draw_centrality(analysis: Analysis, top: int = 10, measure: str = "betweenness"):
    """The top nodes by one measure, with their three centralities side by side."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; choose one of {', '.join(MEASURES)}")
    nodes = sorted(analysis.nodes, key=lambda n: (-getattr(n, measure), -n.weighted_degree,
                                                  n.label.casefold(), n.node))[:top]
    if not nodes:
        raise ValueError(_nothing(analysis, "nodes"))
    Figure, MaxNLocator, _ = _matplotlib()
    panels = [measure] + [m for m in ("weighted_degree", "betweenness", "eigenvector") if m != measure]
    fig = _new_figure(Figure, 12, 1.6 + 0.5 * len(nodes))
    axes = fig.subplots(1, len(panels), sharey=True)
    ys = list(range(len(nodes)))
    colours = [_TYPE_COLOURS.get(n.type, "#888888") for n in nodes]
    for ax, m in zip(axes, panels):
        values = [getattr(n, m) for n in nodes]
        ax.barh(ys, values, color=colours, zorder=2)
        ax.set_title(_MEASURE_TITLES[m], fontsize=9)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6, zorder=0)
        ax.tick_params(axis="x", labelsize=7)
        if m == "degree":
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, (max(values) or 1) * 1.1)
    axes[0].set_yticks(ys, [display_label(n.label, n.label_en) for n in nodes], fontsize=8)
    axes[0].set_ylim(len(nodes) - 0.5, -0.5)
    from matplotlib.patches import Patch
    types = sorted({n.type for n in nodes})
    axes[-1].legend(handles=[Patch(color=_TYPE_COLOURS.get(t, "#888888"), label=t) for t in types],
                    loc="lower right", frameon=False, fontsize=7)
    fig.suptitle(f"Top {len(nodes)} by {_MEASURE_TITLES[measure]} — {analysis.view} view"
                 f"{_window(analysis)}", fontsize=10, x=0.01, ha="left")
    return fig


# -- helpers -----------------------------------------------------------------------------


def _matplotlib(dates: bool = False):
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: F401
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator
        mdates = None
        if dates:
            import matplotlib.dates as mdates
    except ImportError as exc:
        raise PlotDependencyError("plots need matplotlib, an optional extra: "
                                  "pip install 'labourkg[plot]'") from exc
    return Figure, MaxNLocator, mdates


def _new_figure(Figure, width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    fig = Figure(figsize=(width, max(2.5, height)), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _date_axis(ax, days: list[date], mdates) -> None:
    """Years over long spans (named in the middle of each); months over short ones."""
    from datetime import timedelta

    from matplotlib.ticker import NullFormatter
    pad = max(timedelta(days=30), (days[-1] - days[0]) * 0.05)
    ax.set_xlim(days[0] - pad, days[-1] + pad)
    if (days[-1] - days[0]).days > 400:
        # lines at each new year, the year's name in the middle of its span
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(NullFormatter())
        ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=7, bymonthday=1))
        ax.xaxis.set_minor_formatter(mdates.DateFormatter("%Y"))
        ax.tick_params(axis="x", which="minor", length=0, labelsize=8)
        ax.tick_params(axis="x", which="major", length=8)
    else:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.tick_params(axis="x", labelsize=8)


def _format(dest: Path) -> str:
    fmt = dest.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"{dest}: write a .png, .svg or .pdf file")
    return fmt


def _day(iso: str) -> date:
    return date.fromisoformat(iso[:10])


def _home(analysis: Analysis) -> str:
    return analysis.home_label or "anyone"


def _window(analysis: Analysis) -> str:
    if analysis.since and analysis.until:
        return f", {analysis.since} to {analysis.until}"
    if analysis.since:
        return f", from {analysis.since}"
    if analysis.until:
        return f", until {analysis.until}"
    return ""


def _nothing(analysis: Analysis, what: str) -> str:
    return (f"nothing to plot: no {what} in the {analysis.view} view{_window(analysis)}"
            + ("" if analysis.home or what != "partners" else " (and no home side)"))


__all__ = ["PlotOptions", "PlotDependencyError", "write_plot", "figure", "save", "draw_timeline",
           "draw_partners", "draw_centrality", "display_label", "KINDS", "FORMATS"]
