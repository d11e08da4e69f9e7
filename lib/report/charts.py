"""Charts for the report: seaborn, colour-blind-safe, Vietnamese labels, alt text.

Each chart is returned as an ``<img>`` with a base64 PNG and alt text, so the
page needs nothing from the network, and PNGs carry no timestamp, so two runs
give the same bytes.
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from lib.contract.labels import RECOMMENDED
from lib.report.html import esc

PALETTE = "colorblind"
# Above this many units a strip of points is unreadable and slow: the box plot alone is drawn.
STRIP_MAX_POINTS = 2_000
_STYLE = {
    "figure.dpi": 96,
    "savefig.dpi": 96,
    "font.family": "DejaVu Sans",
    "axes.titlesize": 11,
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
}


def _img(fig: plt.Figure, alt: str) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    image = f'<img src="data:image/png;base64,{data}" alt="{esc(alt)}"/>'
    return f"<figure>{image}<figcaption>{esc(alt)}</figcaption></figure>"


def criterion_distribution(
    values: pd.DataFrame, code: str, label: str, targets: dict[str, float], group_labels: dict[str, str], seed: int
) -> str:
    """Strip + box plot of one criterion's value by unit group, with the target line(s)."""
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(7.5, 2.8))
        data = values.assign(group=values["unit_group"].map(group_labels))
        order = [group_labels[g] for g in group_labels if g in set(values["unit_group"])]
        is_rate = data["measure"].iloc[0] == "rate" if len(data) else True
        data = data.assign(shown=data["value"] * (100 if is_rate else 1))
        if len(data):
            sns.boxplot(data=data, x="shown", y="group", order=order, ax=ax, color="#dddddd", fliersize=0, width=0.5)
        if 0 < len(data) <= STRIP_MAX_POINTS:
            # seaborn jitters with the global NumPy generator: seed it (from params) and restore it.
            state = np.random.get_state()
            np.random.seed(seed)
            sns.stripplot(
                data=data,
                x="shown",
                y="group",
                order=order,
                ax=ax,
                hue="group",
                hue_order=order,
                palette=PALETTE,
                size=4,
                jitter=0.15,
                legend=False,
            )
            np.random.set_state(state)
        styles = ["--", ":", "-."]
        for i, (level, target) in enumerate(sorted(targets.items())):
            ax.axvline(
                target * (100 if is_rate else 1),
                color="#444444",
                linestyle=styles[i % 3],
                linewidth=1,
                label=f"Chỉ tiêu {level}: {target * 100:.0f}%".replace(".", ",")
                if is_rate
                else f"Chỉ tiêu: {target:g}",
            )
        ax.legend(loc="lower left", fontsize=7, frameon=False)
        ax.set_title(f"{code} - {label}")
        ax.set_xlabel("Tỷ lệ đạt (%)" if is_rate else "Số lượng")
        ax.set_ylabel("Khối thi đua")
        fig.tight_layout()
        points = "mỗi điểm là một đơn vị, " if len(data) <= STRIP_MAX_POINTS else ""
        alt = (
            f"Biểu đồ phân bố {code} ({label}) theo khối thi đua; {points}"
            "hộp thể hiện trung vị và khoảng tứ phân vị, đường đứt nét là chỉ tiêu."
        )
        return _img(fig, alt)


def score_distribution(scores: pd.DataFrame, group_labels: dict[str, str]) -> str:
    """Histogram of unit scores by group (units that submitted)."""
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(7.5, 3.0))
        data = scores[scores["submitted"]].assign(group=lambda f: f["unit_group"].map(group_labels))
        order = [group_labels[g] for g in group_labels if g in set(data["unit_group"])]
        sns.histplot(
            data=data,
            x="score",
            hue="group",
            hue_order=order,
            multiple="stack",
            bins=list(range(0, 105, 5)),
            palette=PALETTE,
            ax=ax,
        )
        ax.set_title("Phân bố điểm đánh giá của các đơn vị đã nộp báo cáo")
        ax.set_xlabel("Điểm (0-100)")
        ax.set_ylabel("Số đơn vị")
        legend = ax.get_legend()
        if legend is not None:
            legend.set_title("Khối thi đua")
        fig.tight_layout()
        return _img(fig, "Biểu đồ cột chồng: số đơn vị theo khoảng điểm 5 điểm, tô màu theo khối thi đua.")


def rank_intervals(nominees: pd.DataFrame, title: str) -> str:
    """Nominal rank and the 5-95 % rank interval per nominee; recommended ones highlighted."""
    with plt.rc_context(_STYLE):
        data = nominees.sort_values("rank", kind="stable").reset_index(drop=True)
        fig, ax = plt.subplots(figsize=(7.5, 0.35 * len(data) + 1.2))
        colours = sns.color_palette(PALETTE, 2)
        for i, row in data.iterrows():
            colour = colours[0] if row["status"] == RECOMMENDED else colours[1]
            ax.plot([row["rank_p05"], row["rank_p95"]], [i, i], color=colour, linewidth=3, solid_capstyle="butt")
            ax.plot([row["rank"]], [i], marker="o", color="black", markersize=5)
        ax.set_yticks(range(len(data)), [str(n)[:40] for n in data["nominee_name"]])
        ax.invert_yaxis()
        ax.set_xlabel("Thứ hạng (1 = cao nhất)")
        ax.set_title(title)
        ax.plot([], [], color=colours[0], linewidth=3, label="Đề nghị: khoảng hạng 5-95%")
        ax.plot([], [], color=colours[1], linewidth=3, label="Dự bị: khoảng hạng 5-95%")
        ax.plot([], [], marker="o", color="black", linestyle="none", label="Thứ hạng danh nghĩa")
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.5 / (0.35 * len(data) + 1.2) - 0.12),
            ncol=3,
            fontsize=7,
            frameon=False,
        )
        ax.xaxis.get_major_locator().set_params(integer=True)
        fig.tight_layout()
        alt = (
            f"{title}: mỗi dòng một tập thể hoặc cá nhân, chấm đen là thứ hạng theo phương pháp chính thức, "
            "vạch màu là khoảng thứ hạng 5-95% qua các lần mô phỏng."
        )
        return _img(fig, alt)
