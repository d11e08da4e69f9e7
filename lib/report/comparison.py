"""Report section «So sánh với năm trước»: each unit's score and rank against the previous run, KPI trends.

Built from the tables ``comparison`` and ``kpi_trend`` (:mod:`lib.scoring.comparison`);
a run whose params name no previous run has no such section and this returns "".
"""

from __future__ import annotations

import pandas as pd

from lib.contract.labels import GONE_UNIT, MERGED, NEW_UNIT, SPLIT, UNIT_LINKS_VI
from lib.contract.params import Params
from lib.report import html as h

ANCHOR = "so-sanh"
TITLE = "10. So sánh với năm trước"
NOT_SUBMITTED = "không nộp"


def _change(value: object) -> str:
    """+2,5 / -1,0 / 0,0 (one decimal, Vietnamese comma)."""
    if h.is_blank(value):
        return "—"
    rounded = round(float(value), 1)  # type: ignore[arg-type]
    if rounded == 0:
        return "0,0"  # never «-0,0»
    return f"+{h.num1(rounded)}" if rounded > 0 else h.num1(rounded)


def rank_words(row: dict) -> str:
    """A rank change in words: «tăng 2 bậc», «giảm 1 bậc», «giữ nguyên», «hợp nhất», or why there is none."""
    if row["link"] == MERGED:
        return "hợp nhất (không so thứ hạng)"
    if row["link"] == NEW_UNIT:
        return "đơn vị mới"
    change = row["rank_change"]
    if h.is_blank(change):
        if not h.is_blank(row["previous_group"]) and row["previous_group"] != row["unit_group"]:
            return "đổi khối"
        return "không so (một năm không nộp)"
    change = int(change)
    return "giữ nguyên" if change == 0 else f"tăng {change} bậc" if change > 0 else f"giảm {-change} bậc"


def _score_text(value: object, had_unit: bool) -> str:
    """A score with one decimal; «không nộp» for a unit that sent nothing, «—» where there was no unit."""
    if not had_unit:
        return "—"
    return NOT_SUBMITTED if h.is_blank(value) else h.num1(value)


def _rank_pair(row: dict) -> str:
    old = "—" if h.is_blank(row["previous_rank"]) else str(int(row["previous_rank"]))
    new = "—" if h.is_blank(row["rank"]) else str(int(row["rank"]))
    return f"{old} → {new}"


def comparison_section(comparison: pd.DataFrame, trend: pd.DataFrame, params: Params) -> str:
    """The section, or "" when params name no previous run."""
    if params.previous_run is None:
        return ""
    prev, year = params.previous_run, str(params.year)
    units = comparison[comparison["link"] != GONE_UNIT].copy()
    compared = units["score_change"].notna()
    up, down = int((units["score_change"] > 0).sum()), int((units["score_change"] < 0).sum())
    intro = (
        f"So sánh với lần đánh giá {prev}, theo kết quả lần đó đã công bố (outputs/{prev}/scores.csv và "
        f"province_kpis.csv, có mã băm trong manifest.json của lần này). Đơn vị được ghép theo mã, hoặc theo bảng "
        f"đối chiếu mã data/raw/{year}/crosswalk.csv khi có sắp xếp lại. Đơn vị hợp nhất được so với trung bình cộng "
        "điểm các đơn vị tiền thân có điểm, không so thứ hạng; mỗi đơn vị chia tách được so với đơn vị tiền thân. "
        "Thay đổi thứ hạng tính trong khối thi đua của đơn vị."
    )
    summary = (
        f"{h.integer(compared.sum())} đơn vị có điểm cả hai năm: {up} đơn vị tăng điểm, {down} đơn vị giảm điểm, "
        f"{h.integer(compared.sum() - up - down)} đơn vị giữ nguyên."
    )
    groups = params.structure.groups
    units["group_vi"] = units["unit_group"].map(lambda g: groups.get(g, g))
    units["link_vi"] = units["link"].map(UNIT_LINKS_VI)
    units["previous_text"] = [_score_text(r["previous_score"], r["link"] != NEW_UNIT) for r in units.to_dict("records")]
    units["score_text"] = [_score_text(v, True) for v in units["score"]]
    units["ranks"] = [_rank_pair(r) for r in units.to_dict("records")]
    units["rank_vi"] = [rank_words(r) for r in units.to_dict("records")]
    order = {g: i for i, g in enumerate(groups)}
    units = units.assign(_g=units["unit_group"].map(order), _r=units["rank"].astype("Float64").fillna(1e9))
    units = units.sort_values(["_g", "_r", "unit_code"], kind="stable")
    return "".join(
        [
            h.heading(2, ANCHOR, TITLE),
            h.paragraph(intro),
            h.paragraph(summary),
            h.heading(3, "so-sanh-kpi", f"10.1. Chỉ tiêu của tỉnh: {prev}, {year} và mục tiêu kế hoạch"),
            _kpi_table(trend, prev, year),
            h.heading(3, "so-sanh-don-vi", f"10.2. Điểm và thứ hạng từng đơn vị: {prev} → {year}"),
            h.paragraph(f"Điểm 0-100, một chữ số thập phân; thứ hạng trong khối thi đua, {prev} → {year}."),
            h.table(
                units,
                [
                    ("group_vi", "Khối thi đua", None),
                    ("unit_name", "Đơn vị", None),
                    ("previous_text", f"Điểm {prev}", None),
                    ("score_text", f"Điểm {year}", None),
                    ("score_change", "Thay đổi điểm", _change),
                    ("ranks", f"Hạng {prev} → {year}", None),
                    ("rank_vi", "Thay đổi hạng", None),
                    ("link_vi", "Đối chiếu", None),
                ],
                css="comparison",
                limit=params.report.max_table_rows,
                full_list=f"outputs/{year}/comparison.csv",
                cards=True,
            ),
            h.heading(3, "so-sanh-moi-cu", "10.3. Đơn vị mới, không còn, hợp nhất và chia tách"),
            _changes(comparison, prev, year),
        ]
    )


def _kpi_table(trend: pd.DataFrame, prev: str, year: str) -> str:
    frame = trend.copy()
    frame["verdict"] = [
        ("đạt" if met else "chưa đạt") + f" ({prev}: " + ("đạt" if was else "chưa đạt") + ")"
        for met, was in zip(frame["met"], frame["previous_met"], strict=True)
    ]
    return h.table(
        frame,
        [
            ("label_vi", "Chỉ tiêu", None),
            ("previous_value", prev, h.pct),
            ("value", year, h.pct),
            ("change", "Thay đổi (điểm %)", lambda v: _change(None if h.is_blank(v) else 100 * float(v))),
            ("target", "Mục tiêu", h.pct),
            ("verdict", f"So với mục tiêu ({year})", None),
        ],
        css="kpi-trend",
        cards=True,
    )


def _changes(comparison: pd.DataFrame, prev: str, year: str) -> str:
    """Units new this year, units gone, and the crosswalk's merges and splits, each named."""

    def named(rows: pd.DataFrame, text) -> list[str]:
        return [text(r) for r in rows.to_dict("records")]

    new = named(comparison[comparison["link"] == NEW_UNIT], lambda r: f"{r['unit_name']} ({r['unit_code']})")
    gone = named(comparison[comparison["link"] == GONE_UNIT], lambda r: f"{r['unit_name']} ({r['previous_codes']})")
    merged = named(
        comparison[comparison["link"] == MERGED],
        lambda r: f"{r['unit_name']} ({r['unit_code']}) hợp nhất từ {r['previous_names']} ({r['previous_codes']})",
    )
    split = comparison[comparison["link"] == SPLIT]
    splits = [
        f"{', '.join(f'{n} ({c})' for n, c in zip(part['unit_name'], part['unit_code'], strict=True))} "
        f"chia tách từ {names} ({codes})"
        for (codes, names), part in split.groupby(["previous_codes", "previous_names"], sort=True)
    ]
    parts = []
    for label, items in (
        (f"Đơn vị mới năm {year} (không có đơn vị tương ứng năm {prev})", new),
        (f"Đơn vị năm {prev} không còn trong danh mục năm {year}", gone),
        ("Hợp nhất", merged),
        ("Chia tách", splits),
    ):
        parts.append(f"<p><strong>{h.esc(label)}:</strong> {'không có.' if not items else ''}</p>")
        if items:
            parts.append(h.bullet_list(items))
    return "".join(parts)
