"""Charts for the report: seaborn, colour-blind-safe, Vietnamese labels, alt text.

Each chart is returned as a ``<picture>`` of base64 PNGs with alt text, so the
page needs nothing from the network, and PNGs carry no timestamp, so two runs
give the same bytes. Every chart is drawn twice: for the page (and paper) and,
narrower with larger text, for a phone, whose browser picks that drawing; a
phone would otherwise shrink the page's drawing until its text is 5 px high.
"""

from __future__ import annotations

import base64
import io
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from PIL import Image

from lib.contract.labels import RECOMMENDED
from lib.report.html import esc

PALETTE = "colorblind"
# Above this many units a strip of points is unreadable and slow: the box plot alone is drawn.
STRIP_MAX_POINTS = 2_000
# The screens that get the phone drawing (the page's stylesheet switches its layout at the same width).
PHONE_MEDIA = "(max-width: 600px)"


@dataclass(frozen=True)
class Layout:
    """One drawing of a chart: its width, how long a label's line may be, its text sizes and resolution."""

    width: float  # inches; 96 CSS pixels each
    wrap: int  # characters per line of a group's or a nominee's name
    title_wrap: int
    fonts: tuple[float, float, float, float]  # title, axis labels, tick labels, legend (pt)
    dpi: int
    phone: bool


PAGE = Layout(width=7.5, wrap=34, title_wrap=80, fonts=(11, 9, 8, 8), dpi=96, phone=False)
# 3.9 in = 374 CSS px, a phone's width: drawn at 1.5 times the pixels (sharp on a phone's dense screen, half
# the bytes of twice) and shown at that width, where 9 pt text is 12 px high.
PHONE = Layout(width=3.9, wrap=18, title_wrap=34, fonts=(10, 9, 9, 8.5), dpi=144, phone=True)


def _style(layout: Layout) -> dict[str, object]:
    title, label, tick, legend = layout.fonts
    return {
        "figure.dpi": 96,
        "font.family": "DejaVu Sans",
        "figure.titlesize": title,
        "axes.labelsize": label,
        "xtick.labelsize": tick,
        "ytick.labelsize": tick,
        "legend.fontsize": legend,
        "legend.title_fontsize": legend,
    }


def _png(fig: plt.Figure, dpi: int) -> str:
    """The figure as a data: URI of a 256-colour PNG (a chart has few colours: a third of the bytes, same look)."""
    drawn = io.BytesIO()
    # The constrained layout already fits every label in the figure: no second "tight" drawing pass.
    fig.savefig(drawn, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    image = (
        Image.open(drawn).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _picture(draw: Callable[[Layout], plt.Figure], alt: str) -> str:
    """The chart drawn for the page and for a phone, in one ``<picture>`` (no script chooses)."""
    drawings = {}
    for layout in (PAGE, PHONE):
        with plt.rc_context(_style(layout)):
            drawings[layout.phone] = _png(draw(layout), layout.dpi)
    image = f'<img src="{drawings[False]}" alt="{esc(alt)}"/>'
    phone = f'<source media="{PHONE_MEDIA}" srcset="{drawings[True]} {PHONE.dpi / 96:g}x"/>'
    return f"<figure><picture>{phone}{image}</picture><figcaption>{esc(alt)}</figcaption></figure>"


def _wrap(text: str, width: int) -> str:
    return textwrap.fill(str(text), width, break_long_words=False)


def _legend_below(fig: plt.Figure, ax: plt.Axes, layout: Layout, columns: int, title: str | None = None) -> None:
    """The legend under the plot, never over its points (the phone's one item a line)."""
    handles, labels = ax.get_legend_handles_labels()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    if handles:
        ncol = 1 if layout.phone else min(columns, len(handles))
        fig.legend(handles, labels, loc="outside lower center", ncol=ncol, frameon=False, title=title)


def criterion_distribution(
    values: pd.DataFrame, code: str, label: str, targets: dict[str, float], group_labels: dict[str, str], seed: int
) -> str:
    """Strip + box plot of one criterion's value by unit group, with one line per distinct target."""
    data = values.assign(group=values["unit_group"].map(group_labels))
    groups = [group_labels[g] for g in group_labels if g in set(values["unit_group"])]
    is_rate = data["measure"].iloc[0] == "rate" if len(data) else True
    data = data.assign(shown=data["value"] * (100 if is_rate else 1))

    def draw(layout: Layout) -> plt.Figure:
        height = (0.42 if layout.phone else 0.36) * len(groups) + (1.9 if layout.phone else 1.5)
        fig, ax = plt.subplots(figsize=(layout.width, height), layout="constrained")
        names = {g: _wrap(g, layout.wrap) for g in groups}
        frame = data.assign(group=data["group"].map(names))
        order = [names[g] for g in groups]
        if len(frame):
            sns.boxplot(data=frame, x="shown", y="group", order=order, ax=ax, color="#dddddd", fliersize=0, width=0.5)
        if 0 < len(frame) <= STRIP_MAX_POINTS:
            # seaborn jitters with the global NumPy generator: seed it (from params) and restore it.
            state = np.random.get_state()
            np.random.seed(seed)
            sns.stripplot(
                data=frame,
                x="shown",
                y="group",
                order=order,
                ax=ax,
                hue="group",
                hue_order=order,
                palette=PALETTE,
                size=3.5 if layout.phone else 4,
                jitter=0.15,
                legend=False,
            )
            np.random.set_state(state)
        styles = ["--", ":", "-."]
        for i, (level, target) in enumerate(targets.items()):
            ax.axvline(
                target * (100 if is_rate else 1),
                color="#444444",
                linestyle=styles[i % 3],
                linewidth=1,
                label=f"Chỉ tiêu {level}: {target * 100:.0f}%".replace(".", ",")
                if is_rate
                else f"Chỉ tiêu {level}: {target:g}",
            )
        fig.suptitle(_wrap(f"{code} - {label}", layout.title_wrap))
        ax.set_xlabel("Tỷ lệ đạt (%)" if is_rate else "Số lượng")
        ax.set_ylabel("" if layout.phone else "Khối thi đua")
        _legend_below(fig, ax, layout, columns=3)
        return fig

    points = "mỗi điểm là một đơn vị, " if len(data) <= STRIP_MAX_POINTS else ""
    alt = (
        f"Biểu đồ phân bố {code} ({label}) theo khối thi đua; {points}"
        "hộp thể hiện trung vị và khoảng tứ phân vị, đường đứt nét là chỉ tiêu."
    )
    return _picture(draw, alt)


def score_distribution(scores: pd.DataFrame, group_labels: dict[str, str]) -> str:
    """Histogram of unit scores by group (units that submitted)."""
    data = scores[scores["submitted"]].assign(group=lambda f: f["unit_group"].map(group_labels))
    groups = [group_labels[g] for g in group_labels if g in set(data["unit_group"])]

    def draw(layout: Layout) -> plt.Figure:
        fig, ax = plt.subplots(figsize=(layout.width, 5.4 if layout.phone else 3.4), layout="constrained")
        names = {g: _wrap(g, 2 * layout.wrap) for g in groups}
        sns.histplot(
            data=data.assign(group=data["group"].map(names)),
            x="score",
            hue="group",
            hue_order=[names[g] for g in groups],
            multiple="stack",
            bins=list(range(0, 105, 5)),
            palette=PALETTE,
            ax=ax,
        )
        fig.suptitle(_wrap("Phân bố điểm đánh giá của các đơn vị đã nộp báo cáo", layout.title_wrap))
        ax.set_xlabel("Điểm (0-100)")
        ax.set_ylabel("Số lượng đơn vị")
        legend = ax.get_legend()
        if legend is not None:
            handles, labels = legend.legend_handles, [t.get_text() for t in legend.get_texts()]
            legend.remove()
            ncol = 1 if layout.phone else 3
            fig.legend(handles, labels, loc="outside lower center", ncol=ncol, frameon=False, title="Khối thi đua")
        return fig

    return _picture(draw, "Biểu đồ cột chồng: số đơn vị theo khoảng điểm 5 điểm, tô màu theo khối thi đua.")


def rank_intervals(nominees: pd.DataFrame, title: str) -> str:
    """Nominal rank and the 5-95 % rank interval per nominee; recommended ones highlighted."""
    data = nominees.sort_values("rank", kind="stable").reset_index(drop=True)
    colours = sns.color_palette(PALETTE, 2)

    def draw(layout: Layout) -> plt.Figure:
        row = 0.5 if layout.phone else 0.35
        fig, ax = plt.subplots(figsize=(layout.width, row * len(data) + 1.6), layout="constrained")
        for i, nominee in data.iterrows():
            colour = colours[0] if nominee["status"] == RECOMMENDED else colours[1]
            ax.plot(
                [nominee["rank_p05"], nominee["rank_p95"]], [i, i], color=colour, linewidth=3, solid_capstyle="butt"
            )
            ax.plot([nominee["rank"]], [i], marker="o", color="black", markersize=5)
        ax.set_yticks(range(len(data)), [_wrap(str(n)[:60], layout.wrap + 6) for n in data["nominee_name"]])
        ax.invert_yaxis()
        ax.set_xlabel("Thứ hạng (1 = cao nhất)")
        fig.suptitle(_wrap(title, layout.title_wrap))
        ax.plot([], [], color=colours[0], linewidth=3, label="Đề nghị: khoảng hạng 5-95%")
        ax.plot([], [], color=colours[1], linewidth=3, label="Dự bị: khoảng hạng 5-95%")
        ax.plot([], [], marker="o", color="black", linestyle="none", label="Thứ hạng danh nghĩa")
        ax.xaxis.get_major_locator().set_params(integer=True)
        _legend_below(fig, ax, layout, columns=3)
        return fig

    alt = (
        f"{title}: mỗi dòng một tập thể hoặc cá nhân, chấm đen là thứ hạng theo phương pháp chính thức, "
        "vạch màu là khoảng thứ hạng 5-95% qua các lần mô phỏng."
    )
    return _picture(draw, alt)
