"""The whole pipeline, as `make report` runs it, on the committed 2023 sample."""

from __future__ import annotations

import csv
import io
import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from lib.contract.params import load_params
from lib.contract.quality_rules import RULES
from lib.contract.tables import AWARD_LIST, ROW_ACCOUNTING, SCORES
from lib.run import messages as msg
from tests.support.pipeline import ROOT, copy_repo, run_cli, tree_hashes

pytestmark = pytest.mark.slow
EXPECTED_OUTPUTS = {
    "report.html",
    "report.pdf",
    "award_list.csv",
    "award_list.xlsx",
    "scores.csv",
    "data_quality.xlsx",
    "row_accounting.csv",
    "manifest.json",
    "notebooks/01_cleaning.ipynb",
    "notebooks/02_scoring.ipynb",
    "notebooks/03_report.ipynb",
}


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def test_run_publishes_every_output(published: Path) -> None:
    out = published / "outputs" / "2023"
    assert set(tree_hashes(out)) >= EXPECTED_OUTPUTS
    assert not (published / "outputs" / ".staging-2023").exists()


def test_every_stage_reports_its_progress_in_vietnamese(published_run) -> None:
    """Files read n/N, units scored, each notebook with its cells, what was written and where."""
    published, done = published_run
    lines = [line for line in done.stderr.splitlines() if line.startswith("[báo cáo]")]
    found = len(list((ROOT / "data" / "raw" / "2023" / "submissions").iterdir()))
    assert lines[0] == msg.REPORT_PARAMS_OK.format(params="params/2023.yaml")
    assert any(
        line.startswith(f"[báo cáo]   Đã đọc {found}/{found} tệp nộp trong data/raw/2023/submissions") for line in lines
    )
    units = len(_csv(published / "outputs" / "2023" / "scores.csv"))
    assert any(line.startswith(f"[báo cáo]   Đã chấm điểm {units} đơn vị") for line in lines)
    for i, notebook in enumerate(("01_cleaning.ipynb", "02_scoring.ipynb", "03_report.ipynb"), start=1):
        assert f"[báo cáo] ({i}/3) {notebook}: đã chạy " in done.stderr
    written = len(tree_hashes(published / "outputs" / "2023"))
    assert lines[-1].startswith(f"[báo cáo] Đã ghi {written} tệp vào outputs/2023/ sau ")
    assert "\r" not in done.stderr, "cell counter only on a terminal"


def test_raw_data_is_never_modified(published: Path) -> None:
    assert tree_hashes(published / "data" / "raw" / "2023") == tree_hashes(ROOT / "data" / "raw" / "2023")


def test_row_accounting_balances_for_every_file(published: Path) -> None:
    rows = _csv(published / "outputs" / "2023" / "row_accounting.csv")
    assert list(rows.columns) == ROW_ACCOUNTING.names()
    read, accepted, rejected = (rows[c].astype(int) for c in ("rows_read", "rows_accepted", "rows_rejected"))
    assert (read == accepted + rejected).all()
    submitted = sorted(
        p.relative_to(ROOT / "data" / "raw" / "2023").as_posix()
        for p in (ROOT / "data" / "raw" / "2023" / "submissions").iterdir()
    )
    assert sorted(rows["file"]) == submitted


def test_data_quality_workbook_is_filterable_and_names_every_place(published: Path) -> None:
    book = load_workbook(published / "outputs" / "2023" / "data_quality.xlsx")
    assert {"TongHop", "ChiTiet", "TepDaNhan", "ChuaNop", "DaThayThe"} <= set(book.sheetnames)
    detail = book["ChiTiet"]
    assert detail.auto_filter.ref and detail.auto_filter.ref.startswith("A1:")
    header = [c.value for c in detail[1]]
    for column in (
        "Mã đơn vị",
        "Tệp",
        "Trang tính",
        "Dòng",
        "Cột",
        "Giá trị",
        "Nội dung",
        "Message (English)",
    ):
        assert column in header
    assert "Mã quy tắc" not in header  # a rule reads as its message, in words
    rules = {row[header.index("Message (English)")] for row in detail.iter_rows(min_row=2, values_only=True)}
    assert {
        RULES[code].en
        for code in (
            "numerator_above_denominator",
            "negative_count",
            "subtotal_row",
            "file_unreadable",
            "unit_unknown",
            "superseded",
            "text_repaired",
            "unit_resolved_by_name",
        )
    } <= rules
    superseded = [r for r in book["DaThayThe"].iter_rows(min_row=2, values_only=True)]
    assert [r[0] for r in superseded] == ["submissions/S-YT_lan1.xlsx"]


def test_scores_cover_every_registry_unit(published: Path) -> None:
    scores = _csv(published / "outputs" / "2023" / "scores.csv")
    registry = _csv(ROOT / "data" / "raw" / "2023" / "registry.csv")
    assert sorted(scores["unit_code"]) == sorted(registry["unit_code"])
    params = load_params(ROOT / "params" / "2023.yaml")
    assert list(scores.columns) == SCORES.names(params.criterion_columns())
    assert {"TC04_rate", "TC04_attainment", "TC10_count", "TC10_attainment"} <= set(scores.columns)
    values = scores["score"].astype(float)
    assert values.between(0, 100).all()


def test_award_list_respects_caps_and_ranks(published: Path) -> None:
    params = load_params(ROOT / "params" / "2023.yaml")
    awards = _csv(published / "outputs" / "2023" / "award_list.csv")
    recommended = awards[awards["status"] == "de_nghi"]
    assert (recommended["kind"] == "tap_the").sum() <= params.caps.collectives
    assert (recommended["kind"] == "ca_nhan").sum() <= params.caps.individuals
    for kind in ("tap_the", "ca_nhan"):
        ranked = awards[(awards["kind"] == kind) & (awards["rank"] != "")]
        ranks = ranked["rank"].astype(int).tolist()
        assert sorted(ranks) == list(range(1, len(ranks) + 1))
        by_rank = ranked.assign(r=ranked["rank"].astype(int)).sort_values("r")["score"].astype(float)
        assert by_rank.is_monotonic_decreasing
    excluded = awards[awards["status"] == "khong_du_dieu_kien"]
    assert (excluded["reasons"].str.len() > 0).all()
    late = awards[awards["nominee_code"] == "S-GTVT"]
    assert late["status"].tolist() == ["khong_du_dieu_kien"] and "15/12/2023" in late["reasons"].iloc[0]


def test_award_xlsx_has_annex_sheets(published: Path) -> None:
    book = load_workbook(published / "outputs" / "2023" / "award_list.xlsx")
    assert book.sheetnames[:2] == ["DeNghi", "DuBi"] and "KhongDuDieuKien" in book.sheetnames
    cells = [c for row in book["DeNghi"].iter_rows(values_only=True) for c in row if c is not None]
    for head in ("STT", "Tên tập thể, họ và tên cá nhân", "Chức vụ, đơn vị / khối thi đua", "Thành tích", "Điểm"):
        assert head in cells


def test_no_personal_data_in_public_outputs(published: Path) -> None:
    """ID numbers, phones and e-mails typed into the workbooks never reach the report or award list."""
    from python_calamine import CalamineWorkbook

    secrets: set[str] = set()
    for path in sorted((ROOT / "data" / "raw" / "2023" / "submissions").glob("*.xlsx")):
        try:
            book = CalamineWorkbook.from_path(str(path))
        except Exception:
            continue
        rows = book.get_sheet_by_name("KhenCaNhan").to_python()
        header = rows[2]
        for row in rows[3:]:
            for col in ("Số CCCD", "Điện thoại", "Thư điện tử"):
                value = row[header.index(col)]
                if value not in ("", None):
                    secrets.add(str(value))
    assert len(secrets) > 10
    out = published / "outputs" / "2023"
    texts = [(out / n).read_text(encoding="utf-8-sig") for n in ("report.html", "award_list.csv")]
    book = load_workbook(out / "award_list.xlsx")
    texts.append(" ".join(str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c))
    for secret in secrets:
        assert all(secret not in text for text in texts), secret


def test_bad_params_stop_before_any_notebook(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    params = repo / "params" / "2023.yaml"
    params.write_text(params.read_text(encoding="utf-8").replace("weight: 14", "weight: -1"), encoding="utf-8")
    done = run_cli(repo, "report", "--run", "2023")
    assert done.returncode == 2
    assert "criteria[3] (TC04).weight" in done.stderr
    assert done.stderr.splitlines()[-1].startswith("Lỗi: tệp tham số params/2023.yaml không hợp lệ (")
    assert not (repo / "outputs" / ".staging-2023").exists() and not (repo / "outputs" / "2023").exists()


def test_make_report_is_a_no_op_when_nothing_changed(tmp_path: Path) -> None:
    """Real file prerequisites: an up-to-date run does nothing; a new raw file triggers a run.

    The raw files count through an inventory (name, size, mtime), so names with spaces are safe.
    """
    published = copy_repo(tmp_path / "repo")
    os.symlink(ROOT / ".venv", published / ".venv")
    os.utime(published / "requirements.lock", (0, 0))
    manifest = published / "outputs" / "2023" / "manifest.json"

    def make_report() -> str:
        done = subprocess.run(["make", "report", "RUN=2023"], cwd=published, capture_output=True, text=True, check=True)
        return done.stdout

    up_to_date = msg.REPORT_UP_TO_DATE.format(folder="outputs/2023")
    first = make_report()
    assert "lib report" in first and up_to_date not in first
    before = manifest.stat().st_mtime_ns
    again = make_report()
    assert "lib report" not in again and up_to_date in again.splitlines()
    assert manifest.stat().st_mtime_ns == before
    spaced = published / "data" / "raw" / "2023" / "submissions" / "Báo cáo (bản cuối).txt"
    spaced.write_text("không phải tệp Excel", encoding="utf-8")
    assert "lib report" in make_report()
    spaced.unlink()


def test_award_csv_is_plain_utf8_csv(published: Path) -> None:
    text = (published / "outputs" / "2023" / "award_list.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == AWARD_LIST.names()
    assert "\r\n" not in text
