"""Optional free text never costs a row; a rate typed without its counts is not data of record.

Real workbooks built with the submission template, read by the whole ingest
stage and, for the rates, scored. Expected values follow from the rules
(params ``ingest.max_text_kept`` = 2000, SPEC §3), written by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from lib.contract.labels import MISSING
from lib.contract.params import Params
from lib.ingest.inputs import IngestResult, ingest
from lib.publish.feedback import write_feedback
from lib.publish.quality_files import write_data_quality
from lib.scoring.scores import score_units
from tests.unit.ingest.test_inputs import COLLECTIVE, indicator, info, raw_dir, write_submission

KEPT = 2000  # params/2023.yaml ingest.max_text_kept


def _issues(result: IngestResult, rule: str) -> pd.DataFrame:
    return result.issues[result.issues["rule"] == rule]


def test_the_limit_of_the_params_file_is_the_one_used(params: Params) -> None:
    assert params.ingest.max_text_kept == KEPT


def test_a_long_evidence_reference_is_cut_and_the_counts_are_kept(tmp_path: Path, params: Params) -> None:
    raw = raw_dir(tmp_path)
    evidence = "Báo cáo số 125/BC-UBND, " + "đ" * (2560 - 24)
    assert len(evidence) == 2560
    row = {**indicator("TC04", 45, 60), "evidence_ref": evidence}
    write_submission(raw / "submissions" / "S-TP.xlsx", params, info("S-TP", "Sở Tư pháp"), indicators=[row])
    result = ingest(raw, params)
    ind = result.tables["indicators"].set_index("criterion_code")
    assert (ind.loc["TC04", "numerator"], ind.loc["TC04", "denominator"]) == (45, 60)
    kept = ind.loc["TC04", "evidence_ref"]
    assert len(kept) == 2000
    assert kept == "Báo cáo số 125/BC-UBND, " + "đ" * 1975 + "…"
    (issue,) = _issues(result, "text_truncated").itertuples()
    assert (issue.sheet, issue.row, issue.severity, issue.action) == ("ChiTieu", 4, "warning", "repaired")
    assert issue.column == "F (Tài liệu kiểm chứng)"
    assert issue.detail == "2.560 ký tự, giữ 2.000"
    assert result.submissions.loc[0, "rows_rejected"] == 0


def test_a_long_achievement_summary_keeps_the_collective_nomination(tmp_path: Path, params: Params) -> None:
    raw = raw_dir(tmp_path)
    summary = "Tỷ lệ hồ sơ trực tuyến 68%. " * 75  # 28 characters × 75 = 2,100
    assert len(summary) == 2100
    write_submission(
        raw / "submissions" / "S-TP.xlsx",
        params,
        info("S-TP", "Sở Tư pháp"),
        collective=[{**COLLECTIVE, "achievement_summary": summary}],
    )
    result = ingest(raw, params)
    nominations = result.tables["collective_nominations"]
    assert list(nominations["unit_code"]) == ["S-TP"]
    assert nominations["achievement_summary"].iloc[0] == summary[:1999] + "…"
    (issue,) = _issues(result, "text_truncated").itertuples()
    assert (issue.sheet, issue.row) == ("KhenTapThe", 4)
    assert "Tóm tắt thành tích" in issue.column
    assert _issues(result, "text_too_long").empty


def test_text_at_the_limit_is_kept_whole(tmp_path: Path, params: Params) -> None:
    raw = raw_dir(tmp_path)
    row = {**indicator("TC04", 45, 60), "evidence_ref": "x" * 2000}
    write_submission(raw / "submissions" / "S-TP.xlsx", params, info("S-TP", "Sở Tư pháp"), indicators=[row])
    result = ingest(raw, params)
    assert result.tables["indicators"]["evidence_ref"].iloc[0] == "x" * 2000
    assert _issues(result, "text_truncated").empty


def _scored(raw: Path, params: Params) -> tuple[IngestResult, pd.DataFrame, pd.DataFrame]:
    result = ingest(raw, params)
    table, scores = score_units(
        result.registry, result.submissions, result.tables["indicators"], result.tables["products"], params
    )
    return result, table, scores


def test_a_rate_without_counts_counts_as_missing(tmp_path: Path, params: Params) -> None:
    """A commune that typed only "100%" for TC04: not 100 points of attainment but missing, and told why."""
    raw = raw_dir(tmp_path)
    write_submission(
        raw / "submissions" / "22774.xlsx",
        params,
        info("22774", "Ủy ban nhân dân xã Thành Hải"),
        indicators=[indicator("TC01", 90, 100), indicator("TC04", None, None, "100%")],
    )
    result, table, scores = _scored(raw, params)
    ind = result.tables["indicators"].set_index("criterion_code")
    assert ind.loc["TC04", "reported_rate"] == 1.0  # the row is kept, the rate only as a cross-check
    assert pd.isna(ind.loc["TC04", "rate"])
    cell = table[(table["unit_code"] == "22774") & (table["criterion_code"] == "TC04")].iloc[0]
    assert cell["status"] == MISSING
    assert cell["attainment"] == 0.0
    unit = scores.set_index("unit_code").loc["22774"]
    assert not unit["data_complete"]
    assert unit["TC04_status"] == MISSING
    (issue,) = _issues(result, "rate_only").itertuples()
    assert (issue.unit_code, issue.row, issue.column, issue.value) == ("22774", 5, "Tỷ lệ (%)", "100.0%")
    assert (issue.severity, issue.action) == ("error", "rejected_value")


def test_one_count_alone_is_a_finding(tmp_path: Path, params: Params) -> None:
    raw = raw_dir(tmp_path)
    write_submission(
        raw / "submissions" / "22774.xlsx",
        params,
        info("22774", "Ủy ban nhân dân xã Thành Hải"),
        indicators=[
            indicator("TC01", 90, 100),
            indicator("TC04", None, 60),  # denominator only
            indicator("TC05", 12, None),  # numerator only
            indicator("TC06", None, 0),  # does not arise: no gap, no finding
        ],
    )
    result, table, scores = _scored(raw, params)
    found = _issues(result, "count_pair_incomplete")
    assert sorted(zip(found["row"], found["column"], found["detail"], found["severity"], strict=True)) == [
        (5, "Tử số (số đạt)", "Mẫu số (tổng số): 60", "error"),
        (6, "Mẫu số (tổng số)", "Tử số (số đạt): 12", "error"),
    ]
    status = table[table["unit_code"] == "22774"].set_index("criterion_code")["status"]
    assert (status["TC04"], status["TC05"]) == (MISSING, MISSING)
    assert status["TC06"] != MISSING
    assert not scores.set_index("unit_code").loc["22774", "data_complete"]


def test_a_rejected_count_is_reported_once_on_its_cell(tmp_path: Path, params: Params) -> None:
    """A negative numerator is dropped with its own finding; the row is not reported again for lacking it."""
    raw = raw_dir(tmp_path)
    write_submission(
        raw / "submissions" / "22774.xlsx",
        params,
        info("22774", "Ủy ban nhân dân xã Thành Hải"),
        indicators=[indicator("TC01", 90, 100), indicator("TC11", -5, 20)],
    )
    result, table, _ = _scored(raw, params)
    errors = result.issues.query("severity == 'error' and rule != 'criterion_row_missing'")
    assert list(errors["rule"]) == ["negative_count"]
    tc11 = table[(table["unit_code"] == "22774") & (table["criterion_code"] == "TC11")].iloc[0]
    assert tc11["status"] == MISSING


def test_the_findings_reach_data_quality_and_the_units_feedback(tmp_path: Path, params: Params) -> None:
    """The unit barred for missing data reads why, in both workbooks, never "Không phát hiện vấn đề"."""
    raw = raw_dir(tmp_path)
    write_submission(
        raw / "submissions" / "22774.xlsx",
        params,
        info("22774", "Ủy ban nhân dân xã Thành Hải"),
        indicators=[indicator("TC01", 90, 100), indicator("TC04", None, None, "100%"), indicator("TC05", None, 12)],
    )
    result, table, scores = _scored(raw, params)
    quality = tmp_path / "data_quality.xlsx"
    write_data_quality(quality, result.issues, result.submissions, result.registry, params.structure)
    (feedback,) = write_feedback(tmp_path / "fb", result.issues, result.submissions, scores, table, params)
    rate_only = (
        "Chỉ có tỷ lệ, không có tử số và mẫu số: tỷ lệ không được dùng để chấm điểm; tiêu chí tính là thiếu số liệu"
    )
    one_count = "Thiếu tử số hoặc mẫu số (ô trống hoặc giá trị bị loại); tiêu chí tính là thiếu số liệu"
    for path, sheet in ((quality, "ChiTiet"), (feedback, "VanDe")):
        cells = {str(c) for row in load_workbook(path)[sheet].iter_rows(values_only=True) for c in row if c}
        assert {rate_only, one_count} <= cells, (path.name, sheet)
        assert not any("dùng tỷ lệ khai báo" in c for c in cells)


def test_a_required_name_keeps_its_own_length_rule(tmp_path: Path, params: Params) -> None:
    """A product name is what TC10 counts: beyond its 300 characters the row goes, and the text is not cut first."""
    raw = raw_dir(tmp_path)
    product = {"product_name": "Sổ tay số " + "x" * 2490, "in_use_on": dt.date(2023, 6, 15), "evidence_ref": None}
    write_submission(raw / "submissions" / "S-TP.xlsx", params, info("S-TP", "Sở Tư pháp"), products=[product])
    result = ingest(raw, params)
    assert result.tables["products"].empty
    assert list(result.issues.query("sheet == 'SanPham'")["rule"]) == ["text_too_long"]
