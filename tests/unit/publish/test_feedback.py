"""Feedback workbooks for the units (lib.publish.feedback), on the committed sample data/raw/2023."""

from __future__ import annotations

import hashlib
import shutil
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook

from lib.contract import schemas as sc
from lib.contract.labels import CRITERION_STATUS_VI, FILE_STATUS_VI, PARTICIPATION_VI, UNREADABLE, UNREADABLE_ADVICE_VI
from lib.contract.params import Params
from lib.contract.quality_rules import RULES, rule
from lib.ingest.inputs import IngestResult, ingest
from lib.publish.feedback import feedback_file_name, write_feedback
from lib.publish.quality_files import write_data_quality
from lib.publish.template import build_workbook
from lib.publish.workbooks import save_workbook
from lib.scoring.scores import score_units
from tests.support.hostile_corpus import SAMPLE_RAW, build_corpus

Run = tuple[IngestResult, pd.DataFrame, pd.DataFrame, Path, list[Path]]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, params_2023: Params) -> Run:
    result = ingest(SAMPLE_RAW, params_2023)
    table, scores = score_units(
        result.registry, result.submissions, result.tables["indicators"], result.tables["products"], params_2023
    )
    out = tmp_path_factory.mktemp("feedback") / "feedback"
    paths = write_feedback(out, result.issues, result.submissions, scores, table, params_2023)
    return result, table, scores, out, paths


def _rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    return list(load_workbook(path)[sheet].iter_rows(values_only=True))


def test_one_workbook_per_unit_with_an_attributed_file(sample: Run) -> None:
    result, _, _, out, paths = sample
    subs = result.submissions
    expected = set(subs.loc[subs["status"].isin(["accepted", "superseded"]), "unit_code"]) | {"22819"}
    assert {p.name for p in paths} == {f"{code}.xlsx" for code in expected}
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)
    rejected_only = set(subs.loc[subs["status"] == "rejected", "file"])
    # 99999 is no registry code: a file named after no unit is attributed to none (nothing is guessed).
    assert "submissions/99999.xlsx" in rejected_only and not (out / "99999.xlsx").exists()


def test_a_corrupt_file_named_after_its_unit_gets_feedback_saying_what_to_do(sample: Run) -> None:
    """22819.xlsx in the sample is a text file saved as .xlsx: unit 22819 submitted, but nothing could be read."""
    result, *_, out, _ = sample
    assert result.submissions.set_index("file").loc["submissions/22819.xlsx", "unit_code"] == "22819"
    summary = {r[0]: r[1] for r in _rows(out / "22819.xlsx", "TomTat") if r[0]}
    assert summary["Tình trạng nộp"] == PARTICIPATION_VI[UNREADABLE] == "đã nộp nhưng không đọc được"
    assert UNREADABLE_ADVICE_VI in summary
    problems = _rows(out / "22819.xlsx", "VanDe")
    assert [(r[0], r[5]) for r in problems[1:]] == [("submissions/22819.xlsx", rule("file_unreadable").vi)]
    assert problems[1][6] == rule("file_unreadable").fix_vi


def test_a_used_file_says_submitted(sample: Run) -> None:
    *_, out, _ = sample
    summary = {r[0]: r[1] for r in _rows(out / "22813.xlsx", "TomTat") if r[0]}
    assert summary["Tình trạng nộp"] == "đã nộp"


def test_sheets_are_summary_problems_and_scorecard(sample: Run) -> None:
    *_, out, _ = sample
    book = load_workbook(out / "22813.xlsx")
    assert book.sheetnames == ["TomTat", "VanDe", "KetQua"]


def test_every_issue_of_the_unit_is_listed_with_where_what_and_how(sample: Run) -> None:
    result, *_, out, paths = sample
    for path in paths:
        unit = path.stem
        rows = _rows(path, "VanDe")
        header, body = rows[0], [r for r in rows[1:] if any(v is not None for v in r)]
        assert header == ("Tệp", "Trang tính", "Dòng", "Cột", "Giá trị", "Vấn đề", "Cách khắc phục", "Mức độ", "Xử lý",
                          "Chi tiết")  # fmt: skip
        mine = result.issues[result.issues["unit_code"] == unit]
        assert len(body) == max(len(mine), 1), unit
    rows = _rows(out / "22813.xlsx", "VanDe")
    (line,) = [r for r in rows if r[5] == RULES["numerator_above_denominator"].vi]
    assert line[:3] == ("submissions/22813.xlsx", "ChiTieu", line[2]) and isinstance(line[2], int)
    assert line[6] == RULES["numerator_above_denominator"].fix_vi and line[7] == "Lỗi (đã loại)"


def test_errors_come_first(sample: Run) -> None:
    *_, paths = sample
    for path in paths:
        severities = [r[7] for r in _rows(path, "VanDe")[1:] if r[7]]
        order = {"Lỗi (đã loại)": 0, "Cảnh báo (đã sửa)": 1, "Thông tin": 2}
        assert [order[s] for s in severities] == sorted(order[s] for s in severities), path.name


def test_scorecard_matches_the_criterion_table(sample: Run, params_2023: Params) -> None:
    _, table, _, out, _ = sample
    rows = _rows(out / "22741.xlsx", "KetQua")
    assert rows[0] == ("Mã tiêu chí", "Tiêu chí", "Tử số", "Mẫu số", "Giá trị", "Chỉ tiêu", "Mức đạt", "Trọng số",
                       "Trạng thái", "Đơn vị tự báo cáo (trước kiểm chứng)")  # fmt: skip
    body = rows[1:]
    assert [r[0] for r in body] == [c.code for c in params_2023.criteria]
    mine = table[table["unit_code"] == "22741"].set_index(table.loc[table["unit_code"] == "22741", "criterion_code"])
    for code, label, num, den, value, target, attain, weight, status, self_reported in body:
        assert self_reported is None  # nothing verified replaced this unit's figures
        expected = mine.loc[code]
        assert label == next(c.label_vi for c in params_2023.criteria if c.code == code)
        assert status == CRITERION_STATUS_VI[str(expected["status"])]
        for got, want in ((num, expected["numerator"]), (den, expected["denominator"]), (value, expected["value"])):
            assert (got is None and pd.isna(want)) or got == pytest.approx(want)
        assert target == pytest.approx(expected["target"]) and weight == pytest.approx(expected["weight"])
        assert (attain is None and pd.isna(expected["attainment"])) or attain == pytest.approx(expected["attainment"])


def test_summary_gives_score_band_rank_and_files(sample: Run, params_2023: Params) -> None:
    _, _, scores, out, _ = sample
    summary = {r[0]: r[1] for r in _rows(out / "S-YT.xlsx", "TomTat") if r[0]}
    row = scores.set_index("unit_code").loc["S-YT"]
    assert summary["Đơn vị"] == f"{row['unit_name']} (mã S-YT)"
    assert summary["Điểm (0-100)"] == f"{row['score']:.1f}".replace(".", ",")
    bands = {b.code: b.label_vi for b in params_2023.bands}
    assert summary["Xếp loại"] == bands[row["band"]]
    group_size = int(scores.loc[(scores["unit_group"] == row["unit_group"]), "rank_in_group"].notna().sum())
    assert summary["Xếp hạng trong khối"] == f"{int(row['rank_in_group'])}/{group_size}"
    # S-YT's accepted file gives a valid value for each of the 12 criteria of a department: nothing missing.
    assert (bool(row["data_complete"]), int(row["n_missing"])) == (True, 0)
    assert summary["Số liệu đầy đủ"] == "Có"
    assert summary["Tỷ trọng có số liệu đo"] == "100,0% tổng trọng số các tiêu chí áp dụng (tối thiểu 60,0%)"
    files = [r for r in _rows(out / "S-YT.xlsx", "TomTat") if r[0] and str(r[0]).startswith("submissions/")]
    assert {(f[0], f[2]) for f in files} == {
        ("submissions/S-YT.xlsx", FILE_STATUS_VI["accepted"]),
        ("submissions/S-YT_lan1.xlsx", FILE_STATUS_VI["superseded"]),
    }


@pytest.mark.parametrize(
    ("unit", "complete", "coverage"),
    [
        # SAMPLE_DATA.md: 22813 reports TC05 with the numerator above the denominator (the value is rejected),
        # 22816 a negative TC11 count. One criterion missing each; a commune's criteria weigh 86 (TC01-TC06,
        # TC09-TC12: 12+10+10+14+10+8+8+6+4+4), so 76/86 = 88.37% (TC05 weighs 10) and 82/86 = 95.35% (TC11, 4)
        # are measured, printed rounded down to a tenth (lib.contract.formats.fmt_share: 88,3% and 95,3%),
        # both above the 60% minimum (no "không đủ dữ liệu" clause).
        (
            "22813",
            "Không: thiếu số liệu 1 tiêu chí (tính 0 điểm, chưa đủ điều kiện khen)",
            "88,3% tổng trọng số các tiêu chí áp dụng (tối thiểu 60,0%)",
        ),
        (
            "22816",
            "Không: thiếu số liệu 1 tiêu chí (tính 0 điểm, chưa đủ điều kiện khen)",
            "95,3% tổng trọng số các tiêu chí áp dụng (tối thiểu 60,0%)",
        ),
    ],
    ids=["22813", "22816"],
)
def test_summary_says_which_data_is_missing(sample: Run, unit: str, complete: str, coverage: str) -> None:
    _, _, scores, out, _ = sample
    row = scores.set_index("unit_code").loc[unit]
    assert (bool(row["data_complete"]), int(row["n_missing"])) == (False, 1)
    summary = {r[0]: r[1] for r in _rows(out / f"{unit}.xlsx", "TomTat") if r[0]}
    assert summary["Số liệu đầy đủ"] == complete
    assert summary["Tỷ trọng có số liệu đo"] == coverage


def test_bytes_are_deterministic(sample: Run, tmp_path: Path, params_2023: Params) -> None:
    result, table, scores, _, paths = sample
    again = write_feedback(tmp_path / "again", result.issues, result.submissions, scores, table, params_2023)
    assert [p.name for p in again] == [p.name for p in paths]
    for first, second in zip(paths, again, strict=True):
        assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()


# The personal columns of the submission template (HuongDan: "chỉ dùng để liên hệ, không được công bố").
PERSONAL_COLUMNS = {"DonVi": ("Người lập biểu",), "KhenCaNhan": ("Số CCCD", "Điện thoại", "Thư điện tử")}


def _personal_values(submissions: Path) -> dict[str, set[str]]:
    """Every personal value typed into the workbooks of a folder, read straight from the cells, by column.

    The header row is found by its heading (not assumed); a file that is not a workbook (the sample's
    corrupt 22819.xlsx) holds no cells to read. A reporter ("Ngô Quốc Nga, chuyên viên") counts with and
    without the job title after the comma.
    """
    found: dict[str, set[str]] = {c: set() for cols in PERSONAL_COLUMNS.values() for c in cols}
    for path in sorted(submissions.glob("*.xlsx")):
        try:
            book = load_workbook(path, read_only=True)
        except (zipfile.BadZipFile, OSError):
            continue
        for sheet, columns in PERSONAL_COLUMNS.items():
            rows = list(book[sheet].iter_rows(values_only=True))
            at = next(i for i, r in enumerate(rows) if columns[0] in r)
            for column in columns:
                j = rows[at].index(column)
                for r in rows[at + 1 :]:
                    value = r[j] if j < len(r) else None
                    if value is not None and str(value).strip():
                        found[column].add(str(value).strip())
        book.close()
    found["Người lập biểu"] |= {v.split(",")[0].strip() for v in found["Người lập biểu"]}
    return found


def test_no_personal_data_in_feedback(sample: Run) -> None:
    """No ID number, phone, e-mail or reporter typed into the sample workbooks appears in any feedback workbook."""
    *_, paths = sample
    personal = _personal_values(SAMPLE_RAW / "submissions")
    # the sample holds them (17 individuals with all three, 87 distinct reporters): the check is not empty
    assert min(len(v) for v in personal.values()) >= 17, {c: len(v) for c, v in personal.items()}
    secrets = set().union(*personal.values())
    for path in paths:
        text = "\n".join(str(v) for ws in load_workbook(path) for row in ws.iter_rows(values_only=True) for v in row)
        assert not [s for s in secrets if s in text], path.name


def test_file_names_are_safe(tmp_path: Path) -> None:
    assert feedback_file_name("S-TP") == "S-TP.xlsx"
    assert feedback_file_name("22903") == "22903.xlsx"
    odd = [feedback_file_name(c) for c in ("../x", "..\\x", "a/b", "a_b", "<script>", "", "CON")]
    assert all("/" not in n and "\\" not in n and not n.startswith(".") for n in odd)
    assert feedback_file_name("CON") != "CON.xlsx"
    assert len(set(odd)) == len(odd)


def test_every_rule_tells_the_unit_how_to_fix_it() -> None:
    assert all(r.vi and r.en and r.fix_vi for r in RULES.values())


def test_hostile_strings_in_feedback_are_inert_nfc_text(tmp_path: Path, params_2023: Params) -> None:
    raw = tmp_path / "raw"
    build_corpus(raw, params_2023, ["formula_injection_strings", "markup_in_names", "nfd_text"])
    shutil.copyfile(SAMPLE_RAW / "register.csv", raw / "register.csv")
    result = ingest(raw, params_2023)
    table, scores = score_units(
        result.registry, result.submissions, result.tables["indicators"], result.tables["products"], params_2023
    )
    paths = write_feedback(tmp_path / "fb", result.issues, result.submissions, scores, table, params_2023)
    assert {p.stem for p in paths} >= {"22879", "22876", "22858"}
    cells = [c for ws in load_workbook(tmp_path / "fb" / "22879.xlsx") for row in ws.iter_rows() for c in row]
    formulas = [c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "+", "@", "-"))]
    assert {c.value for c in formulas} >= {"=1+2", '=HYPERLINK("http://example.invalid","Bấm vào")'}
    assert all(c.data_type == "s" for c in formulas)
    cells = [c for ws in load_workbook(tmp_path / "fb" / "22858.xlsx") for row in ws.iter_rows() for c in row]
    assert "Ủy ban nhân dân xã Xuân Hải" in {c.value for c in cells}
    assert all(unicodedata.is_normalized("NFC", c.value) for c in cells if isinstance(c.value, str))


def test_same_bytes_from_the_processed_tables(sample: Run, tmp_path: Path, params_2023: Params) -> None:
    """Notebook 02 reads the tables back from data/processed: the workbooks must not change."""
    from lib.publish.processed import read_processed, write_processed

    result, table, scores, _, paths = sample
    write_processed(result.processed_tables(), tmp_path / "processed")
    tables = read_processed(tmp_path / "processed")
    again = write_feedback(tmp_path / "fb", tables["issues"], tables["submissions"], scores, table, params_2023)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in paths]


def test_a_large_run_writes_on_every_core_the_same_bytes(
    sample: Run, tmp_path: Path, params_2023: Params[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above PARALLEL_FROM units the workbooks are written by worker processes: nothing may change."""
    result, table, scores, _, paths = sample
    monkeypatch.setattr("lib.publish.feedback.PARALLEL_FROM", 1)
    again = write_feedback(tmp_path / "pool", result.issues, result.submissions, scores, table, params_2023)
    assert [p.name for p in again] == [p.name for p in paths]
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in paths]


def test_a_district_typing_0_over_0_reads_the_finding_and_its_coverage_in_feedback_and_data_quality(
    tmp_path: Path, params_2023: Params
) -> None:
    # District 582 (ubnd_huyen) sends 0/0 on every rate criterion and one product: TC01, TC05, TC09 are implausible
    # zeros (params scoring.zero_not_plausible), TC10 alone is measured: 6 of 100 weight points.
    raw = tmp_path / "raw"
    (raw / "submissions").mkdir(parents=True)
    registry = pd.read_csv(SAMPLE_RAW / "registry.csv", dtype=str, keep_default_na=False)
    registry[registry["unit_code"] == "582"].to_csv(raw / "registry.csv", index=False)
    rows = {
        sc.UnitInfoModel: [
            {
                "unit_code": "582",
                "unit_name": "Ủy ban nhân dân thành phố Phan Rang-Tháp Chàm",
                "district_name": None,
                "submitted_on": "05/12/2023",
                "reporter": "Nguyễn Văn A",
            }
        ],
        sc.IndicatorModel: [
            {"criterion_code": c.code, "numerator": 0, "denominator": 0, "reported_rate": None}
            for c in params_2023.criteria
            if c.measure == "rate"
        ],
        sc.ProductModel: [{"product_name": "Họp không giấy", "in_use_on": "15/06/2023", "evidence_ref": "QĐ 45"}],
        sc.CollectiveNominationModel: [],
        sc.IndividualNominationModel: [],
    }
    save_workbook(build_workbook(params_2023, rows), raw / "submissions" / "582.xlsx")
    result = ingest(raw, params_2023)
    table, scores = score_units(
        result.registry, result.submissions, result.tables["indicators"], result.tables["products"], params_2023
    )
    write_feedback(tmp_path / "fb", result.issues, result.submissions, scores, table, params_2023)
    message = RULES["zero_denominator_implausible"].vi
    problems = [r for r in _rows(tmp_path / "fb" / "582.xlsx", "VanDe") if message in r]
    assert len(problems) == 3
    summary = {r[0]: r[1] for r in _rows(tmp_path / "fb" / "582.xlsx", "TomTat") if r[0]}
    assert summary["Tỷ trọng có số liệu đo"] == (
        "6,0% tổng trọng số các tiêu chí áp dụng (tối thiểu 60,0%): không đủ dữ liệu đo lường, chưa đủ điều kiện khen"
    )
    assert summary["Số liệu đầy đủ"] == "Không: thiếu số liệu 3 tiêu chí (tính 0 điểm, chưa đủ điều kiện khen)"
    write_data_quality(
        tmp_path / "data_quality.xlsx", result.issues, result.submissions, result.registry, params_2023.structure
    )
    detail = [r for r in _rows(tmp_path / "data_quality.xlsx", "ChiTiet") if message in r]
    assert len(detail) == 3 and all("582" in r for r in detail)
