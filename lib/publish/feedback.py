"""Feedback workbooks for the units: what was wrong in their submission, and their scorecard.

One ``<unit_code>.xlsx`` per unit with a file attributed to it (accepted,
superseded by its own later file, or refused: a corrupt, encrypted or unknown
file named after the unit's code), ready to send back so that the unit can
correct and resubmit; a unit none of whose files could be used is told it is
"đã nộp nhưng không đọc được" and what to do. Three sheets, in Vietnamese:

``TomTat``  the unit, the files received and what became of them, the score,
            band, rank in its group, whether its data is complete, how many
            problems of each severity;
``VanDe``   every problem found in its files: where (file, sheet, row,
            column), the value, what is wrong and how to fix it;
``KetQua``  the scorecard: per criterion the numerator, denominator, value,
            target, attainment and status.

The rows come from the same issue records as the data-quality workbook, so
the unit reads the same words as the analyst. Bytes are deterministic
(:mod:`lib.publish.workbooks`); text is NFC and stored as inert strings.
A national run writes 13,000 of these workbooks, on every core.
"""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd

from lib.contract.formats import fmt_share
from lib.contract.labels import (
    ACCEPTED,
    CRITERION_STATUS_VI,
    FILE_STATUS_VI,
    FINDING_ACTION_VI,
    PARTICIPATION_VI,
    REJECTED,
    SEVERITY_VI,
    SUPERSEDED,
    UNREADABLE,
    UNREADABLE_ADVICE_VI,
)
from lib.contract.params import Params
from lib.contract.tables import FEEDBACK_FINDINGS, FEEDBACK_SCORECARD
from lib.ingest.attribution import participation
from lib.publish.workbooks import BOLD, PERCENT, WRAP_TOP, Book, Sheet, Styled, save_workbooks, table_sheet

FEEDBACK_STATUSES = (ACCEPTED, SUPERSEDED, REJECTED)
# From this many units the workbooks are written on every core. Measured on 2 cores: a workbook takes
# 4-7 ms, starting the workers 3-4 s; even at ~1,000 units (7.4 s either way), 81 s -> 51 s at 13,350.
PARALLEL_FROM = 1000
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_-]")
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
# Column widths of the two table sheets (the columns and headings are those of lib.contract.tables).
_WIDTHS = {
    "file": 28,
    "sheet": 14,
    "row": 7,
    "column": 22,
    "value": 30,
    "message_vi": 48,
    "fix_vi": 48,
    "severity_vi": 16,
    "action_vi": 18,
    "detail": 30,
}
_SCORE_WIDTHS = {"criterion_code": 11, "label_vi": 48, "status_vi": 18, "weight": 9, "self_reported": 22}
_FINDINGS_LAYOUT = [(c.name, c.heading_vi, _WIDTHS[c.name]) for c in FEEDBACK_FINDINGS.columns]
_SCORES_LAYOUT = [(c.name, c.heading_vi, _SCORE_WIDTHS.get(c.name, 10)) for c in FEEDBACK_SCORECARD.columns]


def feedback_file_name(unit_code: str) -> str:
    """``<unit_code>.xlsx``; a code with characters unsafe in a file name gets a hashed, unique name."""
    safe = _SAFE_NAME.sub("_", unit_code).strip("_") or "_"
    if safe != unit_code or safe.upper() in _WINDOWS_RESERVED:
        safe = f"{safe}-{hashlib.sha256(unit_code.encode('utf-8')).hexdigest()[:8]}"
    return f"{safe}.xlsx"


def write_feedback(
    directory: Path,
    issues: pd.DataFrame,
    submissions: pd.DataFrame,
    scores: pd.DataFrame,
    table: pd.DataFrame,
    params: Params,
) -> list[Path]:
    """One feedback workbook per unit with an attributed file; returns the paths written, sorted.

    The frames are split by unit once (not filtered once per unit), so the
    cost grows with the number of units, not with its square.
    """
    attributed = submissions[submissions["status"].isin(FEEDBACK_STATUSES) & submissions["unit_code"].notna()]
    units = sorted({str(u) for u in attributed["unit_code"] if str(u)})
    directory.mkdir(parents=True, exist_ok=True)
    context = _Context(params, scores, participation(scores[["unit_code"]], submissions))
    issues_of = _split(_issue_records(issues))
    files_of = _split(submissions.sort_values(["submitted_on", "file"], kind="stable", na_position="first"))
    rows_of = _split(_score_records(table, params))
    paths = [directory / feedback_file_name(unit) for unit in units]
    books = (
        (path, _book(unit, files_of.get(unit, []), issues_of.get(unit, []), rows_of.get(unit, []), context))
        for unit, path in zip(units, paths, strict=True)
    )
    save_workbooks(books, workers=1 if len(units) < PARALLEL_FROM else None)
    return paths


Record = dict[str, Any]


class _Context:
    """What every unit's summary needs from the whole run: scores, group sizes, labels."""

    def __init__(self, params: Params, scores: pd.DataFrame, states: pd.Series) -> None:
        self.params = params
        self.states = {str(code): str(state) for code, state in states.items()}
        self.bands = {b.code: b.label_vi for b in params.bands}
        self.scores = {str(r["unit_code"]): r for r in scores.to_dict("records")}
        ranked = scores[scores["rank_in_group"].notna()]
        self.group_size = {str(g): int(n) for g, n in ranked.groupby("unit_group", observed=True).size().items()}


def _book(unit: str, files: list[Record], issues: list[Record], scores: list[Record], context: _Context) -> Book:
    """The three sheets of one unit's workbook."""
    return {
        "TomTat": _summary(unit, files, issues, context),
        "VanDe": _issues_sheet(issues),
        "KetQua": _scorecard(scores),
    }


def _split(frame: pd.DataFrame) -> dict[str, list[Record]]:
    """Records by unit code, in the frame's order."""
    out: dict[str, list[Record]] = {}
    for record in frame.to_dict("records"):
        out.setdefault(str(record["unit_code"]), []).append(record)
    return out


def _issue_records(issues: pd.DataFrame) -> pd.DataFrame:
    """Issues in the order a unit reads them: errors first, then by place."""
    return issues.assign(
        severity_vi=issues["severity"].map(SEVERITY_VI),
        action_vi=issues["action"].map(FINDING_ACTION_VI),
        _order=issues["severity"].map(_SEVERITY_ORDER),
    ).sort_values(["unit_code", "_order", "file", "sheet", "row", "column", "rule"], kind="stable", na_position="first")


def _score_records(table: pd.DataFrame, params: Params) -> pd.DataFrame:
    labels = {c.code: c.label_vi for c in params.criteria}
    frame = table[
        ["unit_code", "criterion_code", "order", "measure", *[k for k, _, _ in _SCORES_LAYOUT[2:8]], "status"]
        + [c for c in ("self_reported",) if c in table.columns]  # issue 19: both values where they differ
    ]
    frame = frame.astype({"unit_code": str, "criterion_code": str, "measure": str, "status": str})
    return frame.assign(
        label_vi=frame["criterion_code"].map(labels), status_vi=frame["status"].map(CRITERION_STATUS_VI)
    ).sort_values(["unit_code", "order"], kind="stable")


def _blank(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _summary(unit: str, files: list[Record], issues: list[Record], context: _Context) -> Sheet:
    """The summary sheet: the unit, its score, its files, what to do."""
    params = context.params
    header = [f"PHẢN HỒI KẾT QUẢ KIỂM TRA SỐ LIỆU - {params.movement.upper()}", params.issuing_body]
    score = context.scores.get(unit)
    name = score["unit_name"] if score is not None else ""
    group = params.structure.groups.get(score["unit_group"], "") if score is not None else ""
    state = context.states.get(unit, UNREADABLE)
    lines: list[tuple[str, Any]] = [
        ("Đơn vị", f"{name} (mã {unit})"),
        ("Khối thi đua", group),
        ("Tình trạng nộp", PARTICIPATION_VI[state]),
    ]
    lines += _score_lines(score, context)
    severities = [i["severity"] for i in issues]
    lines += [
        ("Lỗi (giá trị hoặc dòng bị loại)", severities.count("error")),
        ("Cảnh báo (đã sửa, giữ lại)", severities.count("warning")),
        ("Thông tin", severities.count("info")),
    ]
    rows: list[list[Any]] = [[Styled(label, BOLD), value] for label, value in lines]
    rows += [[], [Styled("Tệp đã nhận", BOLD)]]
    rows.append(
        [Styled(h, BOLD) for h in ("Tệp", "Ngày gửi", "Trạng thái", "Số dòng đọc", "Số dòng nhận", "Số dòng loại")]
    )
    for rec in files:
        sent = rec["submitted_on"]
        rows.append(
            [
                rec["file"],
                sent.strftime("%d/%m/%Y") if hasattr(sent, "strftime") else "",
                FILE_STATUS_VI.get(rec["status"], rec["status"]),
                int(rec["rows_read"]),
                int(rec["rows_accepted"]),
                int(rec["rows_rejected"]),
            ]
        )
    rows.append([])
    if state == UNREADABLE:
        rows.append([Styled(UNREADABLE_ADVICE_VI, BOLD)])
    rows += [
        ["Trang VanDe: từng vấn đề trong tệp (tệp, trang tính, dòng, cột), nội dung và cách khắc phục."],
        ["Trang KetQua: số liệu, mức đạt và trạng thái của từng tiêu chí."],
        ["Sửa các lỗi rồi gửi lại tệp với ngày gửi mới: tệp gửi sau thay thế tệp gửi trước."],
        [f"Hạn gửi hồ sơ khen thưởng: {params.award.deadline_label}."],
    ]
    return _table(header, rows, [34, 44, 16, 16, 16, 16])


def _score_lines(score: Record | None, context: _Context) -> list[tuple[str, Any]]:
    if score is None or _blank(score["score"]):
        return [("Điểm", "chưa có (không có tệp được dùng để đánh giá)")]
    rank = score["rank_in_group"]
    missing = int(score["n_missing"]) if not _blank(score.get("n_missing")) else 0
    complete = bool(score["data_complete"]) if not _blank(score["data_complete"]) else False
    size = context.group_size.get(str(score["unit_group"]), 0)
    return [
        ("Điểm (0-100)", f"{float(score['score']):.1f}".replace(".", ",")),
        ("Xếp loại", context.bands.get(score["band"], "")),
        ("Xếp hạng trong khối", f"{int(rank)}/{size}" if not _blank(rank) else "không xếp hạng"),
        (
            "Số liệu đầy đủ",
            "Có" if complete else f"Không: thiếu số liệu {missing} tiêu chí (tính 0 điểm, chưa đủ điều kiện khen)",
        ),
        ("Tỷ trọng có số liệu đo", _coverage_line(score.get("measured_share"), context)),
    ]


def _coverage_line(share: Any, context: _Context) -> str:
    """The measured share against the minimum, in the gate's own words and rounding (so the two agree)."""
    minimum = context.params.eligibility.min_measured_share
    shown = f"{fmt_share(share, minimum)} tổng trọng số các tiêu chí áp dụng (tối thiểu {fmt_share(minimum, minimum)})"
    if _blank(share) or float(share) < minimum:
        return shown + ": không đủ dữ liệu đo lường, chưa đủ điều kiện khen"
    return shown


def _table(header: list[Any], rows: list[list[Any]], widths: list[float]) -> Sheet:
    """A feedback sheet: bold header row, cells wrapped and aligned to the top (long messages stay readable)."""
    return table_sheet(header, rows, widths, header_style=BOLD, body_style=WRAP_TOP)


def _issues_sheet(issues: list[Record]) -> Sheet:
    """VanDe: every problem of the unit's files, or one line saying there is none (never an empty sheet)."""
    rows = _table_rows(issues, _FINDINGS_LAYOUT) or [["Không phát hiện vấn đề."]]
    return _table([head for _, head, _ in _FINDINGS_LAYOUT], rows, [width for _, _, width in _FINDINGS_LAYOUT])


def _scorecard(rows: list[Record]) -> Sheet:
    """KetQua: a row per criterion; rates, targets and attainment as percentages, counts as numbers."""
    shown = []
    for rec in rows:
        rate = rec["measure"] == "rate"
        shown.append(
            {
                **rec,
                "value": _percent(rec["value"]) if rate else rec["value"],
                "target": _percent(rec["target"]) if rate else rec["target"],
                "attainment": _percent(rec["attainment"]),
            }
        )
    return _table(
        [head for _, head, _ in _SCORES_LAYOUT], _table_rows(shown, _SCORES_LAYOUT), [w for _, _, w in _SCORES_LAYOUT]
    )


def _percent(value: Any) -> Any:
    """A proportion shown as a percentage with one decimal (0.755 -> 75.5%), the value itself kept."""
    return None if _blank(value) else Styled(float(value), PERCENT)


def _table_rows(records: list[Record], columns: list[tuple[str, str, int]]) -> list[list[Any]]:
    """The records as rows of the columns' values: blanks empty, numpy scalars as Python numbers."""
    out = []
    for record in records:
        row = []
        for key, _, _ in columns:
            value = record.get(key)
            row.append(None if _blank(value) or value == "" else (value.item() if hasattr(value, "item") else value))
        out.append(row)
    return out
