"""The house style for every chart: colour-blind-safe, directly labelled, titled, sourced, reproducible.

``save`` writes each chart as PNG and SVG, its data as a tidy CSV (one per chart, ready for Datawrapper or
Flourish) and its alt text to a sidecar file that the report uses.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from .outputs import atomic_path, write_csv, write_text

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
HIGHLIGHT = "#D55E00"  # vermilion
BASE = "#0072B2"  # blue
MUTED = "#9A9A9A"
INK = "#222222"

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "axes.titlesize": 14,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.spines.left": False,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "ytick.major.size": 0,
    "svg.hashsalt": "police-breaches",  # fixed ids inside the SVG: same inputs, same bytes
    "svg.fonttype": "path",
    "figure.dpi": 100,
}


def apply() -> None:
    matplotlib.rcParams.update(RC)


def subplots(width: float, height: float, nrows: int = 1, ncols: int = 1, squeeze: bool = True):
    """A figure in the house style, made without pyplot: no GUI backend, no global list of open figures."""
    apply()
    fig = Figure(figsize=(width, height))
    return fig, fig.subplots(nrows, ncols, squeeze=squeeze)


def finish(fig, title: str, subtitle: str, source: str, note: str = "", axis_space: float = 0.35,
           extra_top: float = 0.0) -> None:
    """Title states the finding; subtitle gives unit and period; source and notes go underneath.

    The figure grows to make room, so the plotting area keeps the height it was drawn with.
    """
    inches = fig.get_figwidth() - 0.2
    # Characters per line at each type size, so text wraps inside the figure at any width.
    title_lines = textwrap.wrap(title, int(inches * 7.4))
    subtitle_lines = textwrap.wrap(subtitle, int(inches * 10.5))
    footer_lines = textwrap.wrap(f"Source: {source}", int(inches * 13))
    if note:
        footer_lines += textwrap.wrap(f"Note: {note}", int(inches * 13))
    header = 0.12 + 0.27 * len(title_lines) + 0.2 * len(subtitle_lines) + 0.12 + extra_top
    footer = 0.1 + 0.16 * len(footer_lines) + axis_space
    axes_height = fig.get_figheight() * (fig.subplotpars.top - fig.subplotpars.bottom)
    height = axes_height + header + footer
    fig.set_figheight(height)
    fig.subplots_adjust(top=1 - header / height, bottom=footer / height)
    fig.text(0.02, 1 - 0.1 / height, "\n".join(title_lines), ha="left", va="top", fontsize=14,
             fontweight="bold", color=INK)
    fig.text(0.02, 1 - (0.14 + 0.27 * len(title_lines)) / height, "\n".join(subtitle_lines), ha="left", va="top",
             fontsize=10.5, color="#444444")
    fig.text(0.02, 0.08 / height, "\n".join(footer_lines), ha="left", va="bottom", fontsize=8.5, color="#555555")


def bar_chart(data: pd.DataFrame, label: str, value: str, highlight: list[str] | None = None,
              width: float = 4.8, bar_height: float = 0.5, value_format: str = "{:,.0f}", key: str | None = None,
              colours: dict | None = None, value_labels: list[str] | None = None):
    """Horizontal bars in the order given, top to bottom, each labelled with its value.

    Highlighted keys are drawn in vermilion, others in blue; ``colours`` maps keys to colours instead.
    ``value_labels`` replaces the formatted values at the bar ends.
    """
    highlight = set(highlight or [])
    rows = data.iloc[::-1]
    fig, ax = subplots(width, 0.2 + bar_height * len(rows))
    fig.subplots_adjust(left=0.42, right=0.86, top=1.0, bottom=0.0)
    keys = list(rows[key] if key else rows[label])
    fill = [colours.get(k, BASE) if colours else (HIGHLIGHT if k in highlight else BASE) for k in keys]
    bars = ax.barh(range(len(rows)), rows[value], color=fill, height=0.7)
    ax.set_yticks(range(len(rows)), [tick_label(text) for text in rows[label]])
    texts = value_labels[::-1] if value_labels else [value_format.format(number) for number in rows[value]]
    for bar, text in zip(bars, texts):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, " " + text,
                va="center", ha="left", fontsize=10.5, color=INK)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.set_xlim(0, max(float(rows[value].max()), 1.0) * 1.15)
    ax.margins(y=0.02)
    return fig, ax


def empty_chart(message: str, width: float = 4.8):
    """A chart that says plainly there is nothing to draw, rather than an empty frame or an error."""
    fig, ax = subplots(width, 1.0)
    fig.subplots_adjust(left=0.02, right=0.98, top=1.0, bottom=0.0)
    ax.axis("off")
    ax.text(0, 0.5, message, fontsize=12, color=INK, va="center")
    return fig, ax


def tick_label(text: str, width: int = 24) -> str:
    """Wrap long category or force names onto two lines so they fit beside the bars on a phone."""
    return "\n".join(textwrap.wrap(str(text), width))


def save(fig, name: str, figures_dir: Path, data: pd.DataFrame, data_dir: Path, alt_text: str,
         formats=("png", "svg"), dpi: int = 200) -> dict[str, Path]:
    """Write the chart (each format atomically), its data as CSV and its alt text; return the paths."""
    figures_dir, data_dir = Path(figures_dir), Path(data_dir)
    paths = {}
    metadata = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}, "pdf": {"CreationDate": None}}
    for fmt in formats:
        path = figures_dir / f"{name}.{fmt}"
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata.get(fmt, {}))
        paths[fmt] = path
    paths["alt"] = write_text(figures_dir / f"{name}.alt.txt", alt_text.strip() + "\n")
    paths["data"] = write_csv(data, data_dir / f"chart_{name}.csv")
    return paths


def figure_html(paths: dict[str, Path], alt_text: str, caption: str = "") -> str:
    """Markup for the executed notebook and the report: the chart, its alt text, links to its files.

    ``data-embed`` names the SVG (relative to the project root) that the report puts inline in its place.
    """
    import html
    image = Path(paths["svg"]).as_posix()
    rel = lambda p: html.escape(f"../{Path(p).as_posix()}")  # noqa: E731 - from build/ and reports/ alike
    links = " · ".join(f'<a href="{rel(paths[k])}">{k.upper()}</a>' for k in ("png", "svg", "pdf") if k in paths)
    links += f' · <a href="{rel(paths["data"])}">data (CSV)</a>'
    return (f'<figure class="chart"><img src="{rel(image)}" data-embed="{html.escape(image)}" '
            f'alt="{html.escape(alt_text.strip())}" style="max-width:100%;height:auto">'
            f'<figcaption>{html.escape(caption)} <span class="downloads">{links}</span></figcaption></figure>')
