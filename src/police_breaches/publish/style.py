"""The house style for every chart: colour-blind-safe, directly labelled, titled, sourced, reproducible.

Layout is measured, not guessed: ``finish`` wraps the title, subtitle and source line to the figure's width
using the rendered size of the text, then sizes the margins and the figure's height from the measured
extent of every axis (tick labels, panel titles, value labels), so that no text is clipped by the figure's
edge or overlaps another. ``save`` writes each chart as PNG and SVG, its data as a tidy CSV (ready for
Datawrapper or Flourish) and its alt text to a sidecar file that the report uses.
"""

from __future__ import annotations

import sys
import warnings
from functools import cache
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from police_breaches.core.outputs import atomic_path, link, write_csv, write_text

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
HIGHLIGHT = "#D55E00"  # vermilion
BASE = "#0072B2"  # blue
MUTED = "#9A9A9A"
INK = "#222222"

RC = {
    # Measured and drawn in DejaVu Sans (matplotlib's own, so every machine lays a chart out alike); the SVG
    # names narrower fonts after it for a browser without DejaVu, so no label can outgrow its room
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
    "font.size": 11,
    "axes.titlesize": 10.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.spines.left": False,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "ytick.major.size": 0,
    "svg.hashsalt": "police-breaches",  # fixed ids inside the SVG: same inputs, same bytes
    "svg.fonttype": "none",  # words as text: a fifth of the size of glyph outlines, and editable in a newsroom
    "figure.dpi": 100,
}

PAD = 0.12  # inches of white space at the figure's edges
GAP = 0.14  # inches between stacked panels, and between the header and the chart
# The smallest text a chart carries: at the default 4.8 in a chart fills a 400 px phone's column at about
# 1.06 px per point, so 10.5 pt is 11 px (the browser test measures it).
SMALLEST = 10.5
TITLE, SUBTITLE, FOOTER = (14, "bold"), (SMALLEST, "normal"), (SMALLEST, "normal")


def apply() -> None:
    """matplotlib's own defaults plus the house style, whatever matplotlibrc the user or the folder has."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", matplotlib.MatplotlibDeprecationWarning)
        matplotlib.rcdefaults()
    matplotlib.rcParams.update(RC)


def subplots(width: float, height: float, nrows: int = 1, ncols: int = 1, squeeze: bool = True):
    """A figure in the house style, made without pyplot: no GUI backend, no global list of open figures.

    ``height`` is the height of the plotting area; ``finish`` adds the room the text needs.
    """
    apply()
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=0, right=1, top=1, bottom=0, hspace=0)  # the plotting area is the height given
    return fig, fig.subplots(nrows, ncols, squeeze=squeeze)


# --------------------------------------------------------------------------- measuring and wrapping text

def text_width(fig, text: str, size: float, weight: str = "normal") -> float:
    """Width in inches of one line of text as it will be drawn."""
    return _measured(text, size, weight, fig.dpi, str(RC["font.family"]))


@cache
def _measured(text: str, size: float, weight: str, dpi: float, family: str) -> float:
    # A pure function of the text, the font and the resolution, so each is measured once per step's process.
    width, _, _ = _renderer(dpi).get_text_width_height_descent(
        text, FontProperties(family=family, size=size, weight=weight), ismath=False)
    return width / dpi


@cache
def _renderer(dpi: float):
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, dpi)


def wrap(fig, text: str, width: float, size: float, weight: str = "normal") -> str:
    """Break text into lines no wider than ``width`` inches (a word longer than that is broken too).

    A line's width is first estimated as the sum of its words' widths (each measured once); only a line
    whose estimate comes within 5% of the limit is measured whole, so the breaks are those of measuring
    every line, in a fraction of the time."""
    space = text_width(fig, " ", size, weight)

    def fits(line: str, estimate: float) -> bool:
        if abs(estimate - width) > 0.05 * width:
            return estimate < width
        return text_width(fig, line, size, weight) <= width

    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        current, estimate = "", 0.0
        for word in paragraph.split(" "):
            while text_width(fig, word, size, weight) > width and len(word) > 1:
                cut = next(i for i in range(len(word), 0, -1) if text_width(fig, word[:i] + "-", size, weight) <= width
                           or i == 1)
                lines.append((current + " " if current else "") + word[:cut] + "-")
                current, estimate, word = "", 0.0, word[cut:]
            own = text_width(fig, word, size, weight)
            trial = f"{current} {word}" if current else word
            if current and not fits(trial, estimate + space + own):
                lines.append(current)
                current, estimate = word, own
            else:
                current, estimate = trial, (estimate + space + own) if current else own
        lines.append(current)
    return "\n".join(lines)


def label_width(fig) -> float:
    """How wide a bar or row label may be: about 40% of the figure."""
    return max(1.2, 0.4 * fig.get_figwidth() - PAD)


def tick_labels(fig, labels, size: float = 11, width: float | None = None) -> list[str]:
    """Row labels wrapped to fit beside the bars, whatever the figure's width: between words, so the column
    is at least as wide as the longest word ('Northamptonshire'), up to half the figure."""
    labels = [str(text) for text in labels]
    longest = max((text_width(fig, word, size) for text in labels for word in text.split()), default=0)
    width = min(max(width or label_width(fig), longest), fig.get_figwidth() / 2)
    return [wrap(fig, text, width, size) for text in labels]


def row_height(labels: list[str], size: float = 11, least: float = 0.5) -> float:
    """Inches per row, so that the tallest wrapped label fits with room to spare."""
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    return max(least, lines * size * 1.25 / 72 + 0.12)


# --------------------------------------------------------------------------- the frame: title, source, margins

def _inches(bbox, fig) -> tuple[float, float, float, float]:
    return bbox.x0 / fig.dpi, bbox.y0 / fig.dpi, bbox.x1 / fig.dpi, bbox.y1 / fig.dpi


def finish(fig, title: str, subtitle: str, source: str, note: str = "", heights: list[float] | None = None) -> None:
    """Title states the finding; subtitle gives unit and period; source and notes go underneath.

    The plotting areas keep the heights they were made with (or ``heights``, in inches, top to bottom),
    stacked; the figure grows to hold the text around them, measured, so nothing is clipped or overlaps.
    """
    width = fig.get_figwidth()
    usable = width - 2 * PAD
    title_text = wrap(fig, title, usable, *TITLE)
    subtitle_text = wrap(fig, subtitle, usable, *SUBTITLE)
    footer_text = wrap(fig, f"Source: {source}" + (f"\nNote: {note}" if note else ""), usable, *FOOTER)
    head = [fig.text(0, 0, title_text, ha="left", va="top", fontsize=TITLE[0], fontweight=TITLE[1], color=INK),
            fig.text(0, 0, subtitle_text, ha="left", va="top", fontsize=SUBTITLE[0], color="#444444")]
    foot = fig.text(0, 0, footer_text, ha="left", va="bottom", fontsize=FOOTER[0], color="#555555")
    renderer = fig.canvas.get_renderer()
    text_heights = [text.get_window_extent(renderer).height / fig.dpi for text in (*head, foot)]
    header = PAD + text_heights[0] + 0.08 + text_heights[1] + GAP
    footer = GAP + text_heights[2] + PAD
    axes = sorted(fig.axes, key=lambda ax: -ax.get_position().y1)
    plot_heights = heights or [ax.get_position().height * fig.get_figheight() for ax in axes]
    left = right = PAD
    above = [0.0] * len(axes)
    below = [0.0] * len(axes)
    for _ in range(3):  # measure, place, measure again: tick labels do not move with the axes' size
        total = header + sum(above) + sum(plot_heights) + sum(below) + GAP * (len(axes) - 1) + footer
        fig.set_figheight(total)
        top = total - header
        for i, ax in enumerate(axes):
            top -= above[i]
            ax.set_position([left / width, (top - plot_heights[i]) / total, (width - left - right) / width,
                             plot_heights[i] / total])
            top -= plot_heights[i] + below[i] + GAP
        new_left, new_right, new_above, new_below = PAD, PAD, [], []
        for ax in axes:
            x0, y0, x1, y1 = _inches(ax.get_tightbbox(renderer), fig)
            box = ax.get_position()
            ax_x0, ax_y0 = box.x0 * width, box.y0 * total
            ax_x1, ax_y1 = box.x1 * width, box.y1 * total
            new_left = max(new_left, PAD + (ax_x0 - x0))
            new_right = max(new_right, PAD + (x1 - ax_x1))
            new_above.append(max(0.0, y1 - ax_y1))
            new_below.append(max(0.0, ax_y0 - y0))
        if (abs(new_left - left) < 1e-3 and abs(new_right - right) < 1e-3
                and all(abs(a - b) < 1e-3 for a, b in zip(new_above + new_below, above + below))):
            break
        left, right, above, below = new_left, new_right, new_above, new_below
    total = fig.get_figheight()
    head[0].set_position((PAD / width, 1 - PAD / total))
    head[1].set_position((PAD / width, 1 - (PAD + text_heights[0] + 0.08) / total))
    foot.set_position((PAD / width, PAD / total))


# --------------------------------------------------------------------------- standard charts

def bar_chart(data: pd.DataFrame, label: str, value: str, highlight: list[str] | None = None,
              width: float = 4.8, bar_height: float = 0.5, value_format: str = "{:,.0f}", key: str | None = None,
              colours: dict | None = None, value_labels: list[str] | None = None):
    """Horizontal bars in the order given, top to bottom, each labelled with its value.

    Highlighted keys are drawn in vermilion, others in blue; ``colours`` maps keys to colours instead.
    ``value_labels`` replaces the formatted values at the bar ends.
    """
    highlight = set(highlight or [])
    rows = data.iloc[::-1]
    fig, ax = subplots(width, 1)
    labels = tick_labels(fig, rows[label])
    fig.set_figheight(0.2 + row_height(labels, least=bar_height) * len(rows))
    keys = list(rows[key] if key else rows[label])
    fill = [colours.get(k, BASE) if colours else (HIGHLIGHT if k in highlight else BASE) for k in keys]
    bars = ax.barh(range(len(rows)), rows[value], color=fill, height=0.7)
    ax.set_yticks(range(len(rows)), labels)
    texts = value_labels[::-1] if value_labels else [value_format.format(number) for number in rows[value]]
    for bar, text in zip(bars, texts):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, " " + text,
                va="center", ha="left", fontsize=10.5, color=INK)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.set_xlim(0, max(float(rows[value].max()), 1.0))
    ax.margins(y=0.02)
    return fig, ax


def empty_chart(message: str, width: float = 4.8):
    """A chart that says plainly there is nothing to draw, rather than an empty frame or an error."""
    fig, ax = subplots(width, 0.6)
    ax.axis("off")
    ax.text(0, 0.5, wrap(fig, message, width - 2 * PAD, 12), fontsize=12, color=INK, va="center",
            transform=ax.transAxes)
    return fig, ax


def save(fig, name: str, figures_dir: Path, data: pd.DataFrame, data_dir: Path, alt_text: str,
         formats=("png", "svg"), dpi: int = 200) -> dict[str, Path]:
    """Write the chart (each format atomically), its data as CSV and its alt text; return the paths."""
    figures_dir, data_dir = Path(figures_dir), Path(data_dir)
    paths = {}
    metadata = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}, "pdf": {"CreationDate": None}}
    for fmt in formats:
        path = figures_dir / f"{name}.{fmt}"
        with atomic_path(path) as tmp:
            # zlib's fastest level: a chart's flat colours compress as small at 1 as at 6, a third sooner
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata.get(fmt, {}),
                        **({"pil_kwargs": {"compress_level": 1}} if fmt == "png" else {}))
            if fmt == "svg":  # a label's leading spaces keep it clear of its bar, as in the PNG (browsers read
                # the CSS, drawing programs the attribute)
                svg = Path(tmp).read_text(encoding="utf-8").replace("<svg ", '<svg xml:space="preserve" ', 1)
                Path(tmp).write_text(svg.replace("</style>", "text{white-space:pre}</style>", 1), encoding="utf-8")
        paths[fmt] = path
    paths["alt"] = write_text(figures_dir / f"{name}.alt.txt", alt_text.strip() + "\n")
    paths["data"] = write_csv(data, data_dir / f"chart_{name}.csv")
    if "matplotlib.pyplot" in sys.modules:  # a figure seaborn made through pyplot is kept there until closed
        sys.modules["matplotlib.pyplot"].close(fig)
    return paths


def figure_html(paths: dict[str, Path], alt_text: str, caption: str = "", depth: int = 1) -> str:
    """Markup for the executed notebook and the report: the chart, its alt text, links to its files.

    ``data-embed`` names the SVG (relative to the project root) that the report puts inline in its place;
    ``depth``: how many folders below the root the page is (outputs.link).
    """
    import html
    image = Path(paths["svg"]).as_posix()
    rel = lambda p: html.escape(link(p, depth))  # noqa: E731 - or from a run's own folder
    links = " · ".join(f'<a href="{rel(paths[k])}">{k.upper()}</a>' for k in ("png", "svg", "pdf") if k in paths)
    links += f' · <a href="{rel(paths["data"])}">data (CSV)</a>'
    return (f'<figure class="chart"><img src="{rel(image)}" data-embed="{html.escape(image)}" '
            f'alt="{html.escape(alt_text.strip())}" style="max-width:100%;height:auto">'
            f'<figcaption>{html.escape(caption)} <span class="downloads">{links}</span></figcaption></figure>')
