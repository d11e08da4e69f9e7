"""Every nominee is accounted for: the nomination cases of the issue, one unit each, judged once.

One raw folder holds a workbook per case (each case its own registry unit, so
that the cases cannot interfere), a handful of ordinary units and the
receiving department's register. It is ingested, scored and judged once; each
test then checks one case. Every expected outcome is worked out by hand from
SPEC §3-4 and params/2023.yaml (the arithmetic is in the comments), never with
the project's own scoring, gate or selection functions.

Statuses: de_nghi (recommended), du_bi (reserve), ngoai_danh_sach (eligible
beyond the caps), khong_du_dieu_kien (excluded).

Who is eligible, worked out once (the caps of params: 5 collectives, 7
individuals, at most 2 individuals per unit):

- collectives: only D (22795, score 100), O1 (22903, 100), O2 (S-TP, 94.13)
  and O3 (MT-TD, 88.0) pass every gate; 4 <= 5, so all four are de_nghi.
- individuals: only the "01" of 22801 and of 22804, the first "02" of 22807,
  the first nominations of the two doubly nominated persons (22810, 22816),
  the unit head of 22822 (score 100) and CN-7B of 22846 pass; 7 <= 7 and no
  unit has more than one of them, so all seven are de_nghi.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from lib.contract.params import Params
from lib.ingest.inputs import IngestResult, ingest
from lib.publish.feedback import feedback_file_name, write_feedback
from lib.publish.quality_files import write_quality_outputs
from lib.scoring.award_list import build_award_list, register_dates
from lib.scoring.scores import score_units
from tests.support.hostile_corpus import COLLECTIVE, SAMPLE_RAW, indicator, info, person, product, save, workbook

RECOMMENDED, RESERVE, BEYOND, EXCLUDED = "de_nghi", "du_bi", "ngoai_danh_sach", "khong_du_dieu_kien"
COLLECTIVE_KIND, INDIVIDUAL_KIND = "tap_the", "ca_nhan"
HEADER_ROW, FIRST_DATA_ROW = 3, 4  # the template's layout
NOMINATION_SHEETS = ("KhenTapThe", "KhenCaNhan")
DATA_SHEETS = ("DonVi", "ChiTieu", "SanPham", *NOMINATION_SHEETS)
# The rate criteria of params, in order (TC10 is the product count, read from SanPham).
RATE_CRITERIA = ("TC01", "TC02", "TC03", "TC04", "TC05", "TC06", "TC07", "TC08", "TC09", "TC11", "TC12")
# The rate criteria that apply to a commune (params applies_to contains ubnd_xa), with their weights.
COMMUNE_RATE_WEIGHTS = {
    "TC01": 12,
    "TC02": 10,
    "TC03": 10,
    "TC04": 14,
    "TC05": 10,
    "TC06": 8,
    "TC09": 8,
    "TC11": 4,
    "TC12": 4,
}

# The units of the cases (codes of data/raw/2023/registry.csv).
ZERO_DISTRICT = "584"  # case 1
RATE_ONLY = "22783"  # case 2
LATE_BY_REGISTER, REGISTER_WITH_TIME, REGISTER_UNREADABLE = "22786", "22789", "22792"  # case 3: A, B, C
ON_TIME_DECLARED, LATE_DECLARED = "22795", "22798"  # case 3: D, E
CODE_01_A, CODE_01_B, CODE_02_TWICE = "22801", "22804", "22807"  # case 4
SAME_PERSON_LOW, SAME_PERSON_HIGH = "22810", "22813"  # case 4: same name and birth date
SAME_ID_LOW, SAME_ID_HIGH = "22816", "22819"  # case 4: same ID number
LONG_TEXT = "22885"  # case 5
LEADER_BLANK_PRODUCTS, RATING_OFF_LIST, LATE_PERSON, DISCIPLINE_UNKNOWN = "22822", "22825", "22828", "22831"  # case 6
CLAIMS_UNLISTED, CLAIMS_LISTED = "22834", "22846"  # case 7
FINDINGS_UNIT = "22897"  # case 8
ORDINARY_COMMUNE, ORDINARY_DEPARTMENT, ORDINARY_ORGANISATION, ORDINARY_INCOMPLETE = "22903", "S-TP", "MT-TD", "22906"

BIRTH_DATE = dt.date(1985, 3, 12)
BIRTH_DATE_SHOWN = ("12/03/1985", "1985-03-12", "12-03-1985", "12/3/1985")
ID_NUMBER = "079185001122"
ID_SHOWN = (ID_NUMBER, "079.185.001.122", "079 185 001 122", "79185001122")
LONG_EVIDENCE = "Báo cáo số 125/BC-UBND, " + "đ" * (2560 - 24)  # 2,560 characters
LONG_SUMMARY = "Tỷ lệ hồ sơ trực tuyến 68%. " * 75  # 2,100 characters
# The register as the office keeps it: the Vietnamese titles of RegisterModel as the header row.
REGISTER_HEADER = ("Số vào sổ", "Mã đơn vị", "Ngày nhận")
REGISTER_ROWS = (
    ("TN-2023-001", ORDINARY_COMMUNE, "06/12/2023"),
    ("TN-2023-002", LATE_BY_REGISTER, "03/01/2024"),
    ("TN-2023-003", REGISTER_WITH_TIME, "16/12/2023 10:15"),
    ("TN-2023-004", REGISTER_UNREADABLE, "không rõ"),
    ("TN-2023-005", ORDINARY_DEPARTMENT, "07/12/2023"),
)
UNREADABLE_REGISTER_LINE = 1 + 1 + [r[1] for r in REGISTER_ROWS].index(REGISTER_UNREADABLE)  # header is line 1


# --------------------------------------------------------------------------- builders


def full_rates(codes: tuple[str, ...] = RATE_CRITERIA, **changes: tuple[Any, Any]) -> list[dict[str, Any]]:
    """Every listed rate criterion at 50/50 (attainment 1), unless ``changes`` gives other counts."""
    return [indicator(code, *changes.get(code, (50, 50))) for code in codes]


def staff(code: str, name: str, **changes: Any) -> dict[str, Any]:
    """An ordinary staff nomination worth 50 points and eligible on its own merits.

    Rubric: 0 products led (declares none, so the SanPham check has nothing to
    cut) + initiative "Cấp tỉnh" 35 + 2 courses x 5 = 10 + rating "tốt" 5 = 50 >= 40.
    """
    defaults = {
        "full_name": name,
        "products_led": 0,
        "initiative_name": "Số hóa hồ sơ một cửa",
        "initiative_level": "Cấp tỉnh",
        "training_courses": 2,
        "annual_rating": "Hoàn thành tốt nhiệm vụ",
    }
    return person(code, **{**defaults, **changes})


def set_column(book: Workbook, sheet: str, title: str, values: dict[int, Any]) -> None:
    """Fill a column found by its title on the header row, appending it when the template lacks it.

    ``values`` maps an Excel row to the value typed there. Used for "Ngày sinh",
    a column the template may not have yet.
    """
    cells = book[sheet]
    header = [cells.cell(row=HEADER_ROW, column=c).value for c in range(1, cells.max_column + 1)]
    if title in header:
        column = header.index(title) + 1
    else:
        column = max((c for c, v in enumerate(header, start=1) if v is not None), default=0) + 1
        cells.cell(row=HEADER_ROW, column=column, value=title)
    for row, value in values.items():
        cells.cell(row=row, column=column, value=value)


def non_blank_rows(path: Path, sheet: str) -> int:
    """Rows below the header holding at least one non-blank cell, counted with openpyxl."""
    cells = load_workbook(path, read_only=True)[sheet]
    return sum(
        any(v is not None and str(v).strip() for v in row)
        for row in cells.iter_rows(min_row=FIRST_DATA_ROW, values_only=True)
    )


def registry_names() -> dict[str, str]:
    with (SAMPLE_RAW / "registry.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {row["unit_code"]: row["unit_name"] for row in csv.DictReader(handle)}


def build_folder(raw: Path, params: Params) -> dict[str, Path]:
    """registry.csv, register.csv and one workbook per case and ordinary unit; {unit code: file}."""
    sub = raw / "submissions"
    sub.mkdir(parents=True)
    shutil.copyfile(SAMPLE_RAW / "registry.csv", raw / "registry.csv")
    with (raw / "register.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REGISTER_HEADER)
        writer.writerows(REGISTER_ROWS)
    names = registry_names()
    books: dict[str, Workbook] = {}

    def unit(code: str, submitted: Any = "05/12/2023", **rows: Any) -> Workbook:
        books[code] = workbook(params, info(code, names[code], submitted=submitted), **rows)
        return books[code]

    # 1. A district typing 0/0 everywhere, one product, a complete on-time dossier.
    unit(ZERO_DISTRICT, indicators=[indicator(c, 0, 0) for c in RATE_CRITERIA], collective=[COLLECTIVE])
    # 2. A commune typing only "100%", no counts.
    unit(RATE_ONLY, indicators=[indicator(c, None, None, "100%") for c in RATE_CRITERIA])
    # 3. The register is the date of record; strong units, so that only the date can decide.
    strong = {"indicators": full_rates(), "products": [product("Phần mềm một cửa điện tử")]}
    unit(LATE_BY_REGISTER, **strong, collective=[{**COLLECTIVE, "dossier_sent_on": "05/12/2023"}])
    unit(REGISTER_WITH_TIME, **strong, collective=[COLLECTIVE])
    unit(REGISTER_UNREADABLE, **strong, collective=[COLLECTIVE])
    unit(ON_TIME_DECLARED, **strong, collective=[{**COLLECTIVE, "dossier_sent_on": "08/12/2023"}])
    unit(LATE_DECLARED, "20/12/2023", **strong, collective=[{**COLLECTIVE, "dossier_sent_on": "20/12/2023"}])
    # 4. Person identity.
    unit(CODE_01_A, individuals=[staff("01", "Trần Văn An")])
    unit(CODE_01_B, individuals=[staff("01", "Lê Thị Bích")])
    unit(CODE_02_TWICE, individuals=[staff("02", "Võ Minh Châu"), staff("02", "Phạm Thị Lan")])
    # The same person (same name, same "Ngày sinh") under two codes in two units: one an Excel date, one typed.
    low = unit(SAME_PERSON_LOW, individuals=[staff("CN-D1", "Hoàng Văn Dũng")])
    set_column(low, "KhenCaNhan", "Ngày sinh", {FIRST_DATA_ROW: BIRTH_DATE})
    high = unit(SAME_PERSON_HIGH, individuals=[staff("CN-E1", "Hoàng Văn Dũng")])
    set_column(high, "KhenCaNhan", "Ngày sinh", {FIRST_DATA_ROW: "12/03/1985"})
    # The same ID number (12 digits, typed as text) under two spellings of the name.
    unit(SAME_ID_LOW, individuals=[staff("CN-F1", "Nguyễn Thị Hòa", id_number=ID_NUMBER)])
    unit(SAME_ID_HIGH, individuals=[staff("CN-G1", "Nguyễn Thị Hoà", id_number=ID_NUMBER)])
    # 5. Long free text.
    unit(
        LONG_TEXT,
        indicators=[{**indicator("TC04", 45, 60), "evidence_ref": LONG_EVIDENCE}],
        collective=[{**COLLECTIVE, "achievement_summary": LONG_SUMMARY}],
    )
    # 6. Slips in one nomination row. The unit head's unit is strong and does not nominate itself. The late
    # dossier date is an Excel date (shown 05/01/2024), so that no "date typed as text" warning names its column.
    head = person(
        "CN-LD",
        full_name="Nguyễn Văn Lãnh",
        position="Chủ tịch UBND xã",
        is_leader="Có",
        products_led=None,
        initiative_name=None,
        initiative_level="Không có",
        training_courses=0,
    )
    unit(LEADER_BLANK_PRODUCTS, **strong, individuals=[head])
    unit(RATING_OFF_LIST, individuals=[staff("CN-R1", "Đặng Thị Ngọc", annual_rating="Hoàn thành tốt")])
    unit(LATE_PERSON, individuals=[staff("CN-T1", "Bùi Văn Phúc", dossier_sent_on=dt.date(2024, 1, 5))])
    unit(DISCIPLINE_UNKNOWN, individuals=[staff("CN-K1", "Mai Thị Quyên", disciplined="?")])
    # 7. Products led, checked against SanPham.
    unit(
        CLAIMS_UNLISTED,
        products=[product("Bản đồ số du lịch")],  # no lead code
        individuals=[staff("CN-7A", "Lý Văn Sang", products_led=3, initiative_level="Cấp cơ sở", training_courses=0)],
    )
    unit(
        CLAIMS_LISTED,
        products=[
            {**product("Hệ thống quản lý văn bản"), "lead_person_code": "CN-7B"},
            {**product("Ứng dụng phản ánh hiện trường"), "lead_person_code": "CN-7B"},
        ],
        individuals=[
            staff(
                "CN-7B",
                "Trịnh Thị Tâm",
                products_led=2,
                initiative_name=None,
                initiative_level="Không có",
                training_courses=1,
            )
        ],
    )
    # 8. Findings that must reach the unit: TC05 with a denominator only, TC06 absent, TC09 a bare code.
    unit(
        FINDINGS_UNIT,
        indicators=[
            indicator("TC01", 90, 100),
            indicator("TC02", 10, 10),
            indicator("TC03", 8, 10),
            indicator("TC04", 30, 60),
            indicator("TC05", None, 12),
            indicator("TC09"),
            indicator("TC11", 20, 25),
            indicator("TC12", 2, 2),
        ],
    )
    # Ordinary units.
    unit(ORDINARY_COMMUNE, **strong, collective=[COLLECTIVE])
    unit(
        ORDINARY_DEPARTMENT,
        indicators=full_rates(TC01=(90, 100), TC04=(30, 60)),
        products=[product("Họp không giấy"), product("Trợ lý ảo pháp luật")],
        collective=[COLLECTIVE],
    )
    unit(
        ORDINARY_ORGANISATION,
        indicators=full_rates(("TC06", "TC09", "TC11", "TC12"), TC06=(8, 10), TC09=(5, 5), TC11=(40, 50), TC12=(1, 2)),
        products=[product("Sổ tay đoàn viên điện tử")],
        collective=[COLLECTIVE],
    )
    unit(  # TC01 90/100 and TC04 30/60 only
        ORDINARY_INCOMPLETE, indicators=[indicator("TC01", 90, 100), indicator("TC04", 30, 60)], collective=[COLLECTIVE]
    )
    return {code: save(book, sub / f"{code}.xlsx") for code, book in books.items()}


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class Run:
    raw: Path
    files: dict[str, Path]
    result: IngestResult
    table: pd.DataFrame
    scores: pd.DataFrame
    awards: pd.DataFrame
    names: dict[str, str]

    def issues(self, unit: str | None = None, rule: str | None = None) -> pd.DataFrame:
        found = self.result.issues
        if unit is not None:
            found = found[found["unit_code"] == unit]
        if rule is not None:
            found = found[found["rule"] == rule]
        return found

    def nominees(self, unit: str, kind: str) -> pd.DataFrame:
        return self.awards[(self.awards["unit_code"] == unit) & (self.awards["kind"] == kind)]

    def collective(self, unit: str) -> pd.Series:
        rows = self.nominees(unit, COLLECTIVE_KIND)
        assert len(rows) == 1, f"{unit}: {len(rows)} collective rows in the award list"
        return rows.iloc[0]

    def person(self, unit: str, code: str, name: str | None = None) -> pd.Series:
        rows = self.nominees(unit, INDIVIDUAL_KIND)
        rows = rows[rows["person_code"] == code]  # the code the unit typed (the public one is derived)
        if name is not None:
            rows = rows[rows["nominee_name"] == name]
        assert len(rows) == 1, f"({unit}, {code}, {name}): {len(rows)} rows in the award list"
        return rows.iloc[0]

    def score_of(self, unit: str) -> pd.Series:
        return self.scores.set_index("unit_code").loc[unit]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, params_2023: Params) -> Run:
    raw = tmp_path_factory.mktemp("nominees") / "raw"
    files = build_folder(raw, params_2023)
    result = ingest(raw, params_2023)
    table, scores = score_units(
        result.registry, result.submissions, result.tables["indicators"], result.tables["products"], params_2023
    )
    awards = build_award_list(result.tables, scores, register_dates(result.register), params_2023)
    return Run(raw, files, result, table, scores, awards, registry_names())


def _says(text: str, phrase: str) -> bool:
    """The phrase is in the text, whatever the case (a reason may start with it)."""
    return phrase.lower() in str(text).lower()


def _shown(issues: pd.DataFrame) -> str:
    return issues[["unit_code", "sheet", "row", "column", "value", "rule", "severity", "detail"]].to_string()


def _text(frame: pd.DataFrame) -> str:
    return frame.astype(str).to_csv(index=False)


def test_every_file_of_the_cases_is_accepted(run: Run) -> None:
    """The cases are about rows and nominees, never about the file: every workbook is read."""
    subs = run.result.submissions.set_index("unit_code")
    assert set(subs.index) == set(run.files)
    assert (subs["status"] == "accepted").all(), subs[subs["status"] != "accepted"].to_string()


def test_ordinary_units_score_as_worked_out(run: Run) -> None:
    """The fixture's own premise, part 1: the scores of the ordinary units' collectives."""
    # O1, a strong commune: every applicable criterion at 100 %, one product: 100.
    assert run.collective(ORDINARY_COMMUNE)["score"] == pytest.approx(100.0)
    # O2, a department (all 12 criteria, weights sum to 100): TC01 90/100 -> 0.9 x 12 = 10.8;
    # TC04 30/60 = 0.5 against the province-level target 0.75 -> 0.6667 x 14 = 9.3333; the other 74 of
    # weight at attainment 1 (TC10: 2 products >= 1): 10.8 + 9.3333 + 74 = 94.1333.
    assert run.collective(ORDINARY_DEPARTMENT)["score"] == pytest.approx(10.8 + 14 * 0.5 / 0.75 + 74)
    # O3, an organisation (TC06 8, TC09 8, TC10 6, TC11 4, TC12 4 = 30): TC06 0.8 x 8 = 6.4, TC09 8,
    # TC10 6, TC11 40/50 = 0.8 = target -> 4, TC12 0.5 x 4 = 2: 26.4 / 30 = 88.0.
    assert run.collective(ORDINARY_ORGANISATION)["score"] == pytest.approx(88.0)
    # O4 listed TC01 90/100 and TC04 30/60 only (a commune, weights 86): 12 x 0.9 + 14 x min(0.5 / 0.5, 1)
    # + TC10 6 = 30.8; 100 x 30.8 / 86 = 35.81.
    assert run.collective(ORDINARY_INCOMPLETE)["score"] == pytest.approx(100 * 30.8 / 86)


def test_ordinary_units_are_judged_as_worked_out(run: Run) -> None:
    """The fixture's own premise, part 2: exactly 4 collectives are eligible (D, O1-O3), so all are recommended."""
    eligible = run.awards[(run.awards["kind"] == COLLECTIVE_KIND) & (run.awards["status"] != EXCLUDED)]
    assert set(eligible["unit_code"]) == {
        ON_TIME_DECLARED,
        ORDINARY_COMMUNE,
        ORDINARY_DEPARTMENT,
        ORDINARY_ORGANISATION,
    }
    assert set(eligible["status"]) == {RECOMMENDED}  # 4 <= cap 5
    assert run.collective(ORDINARY_INCOMPLETE)["status"] == EXCLUDED  # data incomplete


# --------------------------------------------------------------------------- 1. zero denominators


def test_a_district_typing_zero_over_zero_everywhere_is_excluded(run: Run) -> None:
    row = run.collective(ZERO_DISTRICT)
    assert row["status"] == EXCLUDED
    assert _says(row["reasons"], "Không đủ dữ liệu đo lường"), row["reasons"]
    # A district: all 12 criteria apply (weights sum to 100). 0/0 on TC01, TC05, TC09 (zero_not_plausible
    # for ubnd_huyen) counts as missing (attainment 0); the other 0/0 do not arise; TC10: 1 product -> 1.
    # Score 100 x 6 / (12 + 10 + 8 + 6) = 16.67; measured 6 of 100 < 60 %.
    assert row["score"] == pytest.approx(100 * 6 / 36)
    found = run.issues(ZERO_DISTRICT, "zero_denominator_implausible")
    rows = {FIRST_DATA_ROW + RATE_CRITERIA.index(c) for c in ("TC01", "TC05", "TC09")}
    assert set(found["row"].dropna().astype(int)) == rows, _shown(found)


# --------------------------------------------------------------------------- 2. a rate without counts


def test_a_rate_typed_alone_is_missing_data(run: Run) -> None:
    scores = run.score_of(RATE_ONLY)
    assert not scores["data_complete"]
    found = run.issues(RATE_ONLY, "rate_only")
    rows = {FIRST_DATA_ROW + RATE_CRITERIA.index(c) for c in COMMUNE_RATE_WEIGHTS}
    assert rows <= set(found["row"].dropna().astype(int)), _shown(found)
    # A commune: the applicable weights sum to 86 (9 rate criteria 80 + TC10 6); only TC10 (1 product) is
    # measured: 100 x 6 / 86 = 6.98.
    assert sum(COMMUNE_RATE_WEIGHTS.values()) + 6 == 86
    assert scores["score"] == pytest.approx(100 * 6 / 86)


# --------------------------------------------------------------------------- 3. the register


def test_a_register_date_after_the_deadline_excludes_despite_the_declared_date(run: Run) -> None:
    row = run.collective(LATE_BY_REGISTER)  # declared 05/12/2023, registered 03/01/2024
    assert row["status"] == EXCLUDED
    assert "03/01/2024" in row["reasons"] and _says(row["reasons"], "sổ tiếp nhận"), row["reasons"]


def test_a_register_date_with_a_time_is_read_as_its_date(run: Run) -> None:
    row = run.collective(REGISTER_WITH_TIME)  # "16/12/2023 10:15", after 14/12/2023
    assert row["status"] == EXCLUDED
    assert "16/12/2023" in row["reasons"], row["reasons"]


def test_an_unreadable_register_date_excludes_and_is_a_finding(run: Run) -> None:
    row = run.collective(REGISTER_UNREADABLE)
    assert row["status"] == EXCLUDED
    assert _says(row["reasons"], "sổ tiếp nhận"), row["reasons"]
    issues = run.result.issues
    found = issues[issues["file"].str.endswith("register.csv") & (issues["severity"] == "error")]
    assert UNREADABLE_REGISTER_LINE in set(found["row"].dropna().astype(int)), _shown(issues)


def test_without_a_register_row_an_on_time_declared_date_stands(run: Run) -> None:
    row = run.collective(ON_TIME_DECLARED)
    assert not _says(row["reasons"], "sau hạn"), row["reasons"]
    assert row["status"] == RECOMMENDED  # strong (100), and one of only 4 eligible collectives (cap 5)


def test_without_a_register_row_a_late_declared_date_excludes(run: Run) -> None:
    row = run.collective(LATE_DECLARED)
    assert row["status"] == EXCLUDED
    assert "20/12/2023" in row["reasons"] and _says(row["reasons"], "theo ngày gửi đơn vị khai"), row["reasons"]


# --------------------------------------------------------------------------- 4. person identity


def test_the_same_person_code_in_two_units_is_two_people(run: Run) -> None:
    for unit in (CODE_01_A, CODE_01_B):
        assert run.person(unit, "01")["status"] == RECOMMENDED, unit  # 50 points, 7 eligible <= cap 7
    assert run.issues(rule="person_code_reused").empty, _shown(run.issues(rule="person_code_reused"))


def test_a_person_code_used_twice_in_one_unit_keeps_both_rows(run: Run) -> None:
    first = run.person(CODE_02_TWICE, "02", "Võ Minh Châu")
    second = run.person(CODE_02_TWICE, "02", "Phạm Thị Lan")
    assert second["status"] == EXCLUDED
    assert first["status"] == RECOMMENDED  # 50 points, 7 eligible <= cap 7
    found = run.issues(CODE_02_TWICE, "person_code_reused_in_unit")
    assert not found.empty, _shown(run.issues(CODE_02_TWICE))
    assert set(found["sheet"]) == {"KhenCaNhan"} and FIRST_DATA_ROW + 1 in set(found["row"].dropna().astype(int))


def _names_unit(text: str, code: str, name: str) -> bool:
    return code in text or name in text or name.replace("Ủy ban nhân dân", "UBND") in text


def test_the_same_person_by_name_and_birth_date_is_nominated_once(run: Run) -> None:
    for unit in (SAME_PERSON_LOW, SAME_PERSON_HIGH):
        assert not run.issues(unit, "person_nominated_twice").empty, unit
    kept, second = run.person(SAME_PERSON_LOW, "CN-D1"), run.person(SAME_PERSON_HIGH, "CN-E1")
    assert kept["status"] == RECOMMENDED  # 50 points, 7 eligible <= cap 7
    assert second["status"] == EXCLUDED  # the higher unit code: 22813 > 22810
    assert _names_unit(second["reasons"], SAME_PERSON_LOW, run.names[SAME_PERSON_LOW]), second["reasons"]
    assert "birth_date" not in run.awards.columns
    published = _text(run.awards)
    for shown in BIRTH_DATE_SHOWN:
        assert shown not in published, shown


def test_the_same_id_number_is_one_person_whatever_the_spelling(run: Run) -> None:
    for unit in (SAME_ID_LOW, SAME_ID_HIGH):
        assert not run.issues(unit, "person_nominated_twice").empty, unit
    kept, second = run.person(SAME_ID_LOW, "CN-F1"), run.person(SAME_ID_HIGH, "CN-G1")
    assert kept["status"] == RECOMMENDED  # 50 points, 7 eligible <= cap 7
    assert second["status"] == EXCLUDED  # the higher unit code: 22819 > 22816
    assert _names_unit(second["reasons"], SAME_ID_LOW, run.names[SAME_ID_LOW]), second["reasons"]
    assert "id_number" not in run.awards.columns
    # Nor in the findings, which every unit's feedback workbook publishes.
    published = _text(run.awards) + _text(run.result.issues)
    for shown in ID_SHOWN:
        assert shown not in published, shown


# --------------------------------------------------------------------------- 5. long text


def test_long_free_text_costs_neither_the_counts_nor_the_nomination(run: Run) -> None:
    indicators = run.result.tables["indicators"]
    tc04 = indicators[(indicators["unit_code"] == LONG_TEXT) & (indicators["criterion_code"] == "TC04")]
    assert len(tc04) == 1 and (tc04["numerator"].iloc[0], tc04["denominator"].iloc[0]) == (45, 60)
    found = run.issues(LONG_TEXT, "text_truncated")
    assert {"ChiTieu", "KhenTapThe"} <= set(found["sheet"]), _shown(found)
    run.collective(LONG_TEXT)  # exactly one row in the award list


# --------------------------------------------------------------------------- 6. slips in a nomination row


def _finding_on(run: Run, unit: str, title: str) -> None:
    """An error or warning on the nomination row (KhenCaNhan, row 4) naming the cell's column."""
    found = run.issues(unit)
    hits = found[
        (found["sheet"] == "KhenCaNhan")
        & (found["row"] == FIRST_DATA_ROW)
        & found["severity"].isin(["error", "warning"])
        & found["column"].str.contains(title, regex=False)
    ]
    assert len(hits), f"{unit}: no finding naming «{title}»:\n{_shown(found)}"


def test_a_unit_head_with_blank_products_led_is_still_judged(run: Run) -> None:
    _finding_on(run, LEADER_BLANK_PRODUCTS, "Số sản phẩm CĐS chủ trì")
    row = run.person(LEADER_BLANK_PRODUCTS, "CN-LD")
    # A unit head is judged on the collective he leads: every applicable criterion at 100 % and one
    # product give the unit 100, data complete, measured 100 % >= 60 %, score 100 >= 70, one product. On the
    # individual scale (params individual_rubric): the unit's 1 product 20 + the collective's 100 (>= 90) 40
    # + no course 0 + "tốt" 5 = 65 >= 40; the blank own count plays no part. The unit does not nominate
    # itself, so no "same achievement" clash: among 7 eligible individuals (cap 7, none from the same unit),
    # recommended.
    assert row["status"] == RECOMMENDED, row["reasons"]
    assert row["score"] == pytest.approx(65.0)


def test_a_rating_off_the_list_excludes_and_keeps_the_nominee(run: Run) -> None:
    _finding_on(run, RATING_OFF_LIST, "Xếp loại năm 2023")
    row = run.person(RATING_OFF_LIST, "CN-R1")
    assert row["status"] == EXCLUDED
    assert _says(row["reasons"], "Xếp loại"), row["reasons"]


def test_a_late_personal_dossier_excludes_and_keeps_the_nominee(run: Run) -> None:
    _finding_on(run, LATE_PERSON, "Ngày gửi hồ sơ")
    row = run.person(LATE_PERSON, "CN-T1")
    assert row["status"] == EXCLUDED
    assert "05/01/2024" in row["reasons"], row["reasons"]


def test_an_unreadable_discipline_cell_excludes_and_keeps_the_nominee(run: Run) -> None:
    _finding_on(run, DISCIPLINE_UNKNOWN, "Bị kỷ luật trong năm")
    row = run.person(DISCIPLINE_UNKNOWN, "CN-K1")
    assert row["status"] == EXCLUDED
    assert _says(row["reasons"], "kỷ luật"), row["reasons"]


# --------------------------------------------------------------------------- 7. products led


def test_products_led_are_credited_only_as_listed(run: Run) -> None:
    row = run.person(CLAIMS_UNLISTED, "CN-7A")
    # Declares 3, SanPham lists none led by CN-7A: min(3, 0) = 0 products -> 0; initiative "Cấp cơ sở" 20;
    # 0 courses -> 0; rating "tốt" 5: 25 < 40, excluded (as declared it would have been 40 + 20 + 5 = 65).
    assert row["score"] == pytest.approx(0 + 20 + 0 + 5)
    assert row["status"] == EXCLUDED
    found = run.issues(CLAIMS_UNLISTED, "products_led_not_listed")
    assert FIRST_DATA_ROW in set(found["row"].dropna().astype(int)), _shown(run.issues(CLAIMS_UNLISTED))
    assert set(found["sheet"]) == {"KhenCaNhan"}


def test_products_led_that_are_listed_are_credited(run: Run) -> None:
    row = run.person(CLAIMS_LISTED, "CN-7B")
    # Declares 2, SanPham lists 2 with lead code CN-7B: 2 x 20 = 40; no initiative 0; 1 course 5; "tốt" 5: 50.
    assert row["score"] == pytest.approx(40 + 0 + 5 + 5)
    assert row["status"] == RECOMMENDED  # 7 eligible <= cap 7
    assert run.issues(CLAIMS_LISTED, "products_led_not_listed").empty


# --------------------------------------------------------------------------- 8. findings reach the unit

FINDING_RULES = ("count_pair_incomplete", "criterion_row_missing", "counts_missing")


def test_incomplete_criterion_rows_are_findings(run: Run) -> None:
    found = run.issues(FINDINGS_UNIT)
    pair = found[found["rule"] == "count_pair_incomplete"]
    assert set(pair["row"].dropna().astype(int)) == {FIRST_DATA_ROW + 4}, _shown(found)  # TC05, 5th row
    bare = found[found["rule"] == "counts_missing"]
    assert set(bare["row"].dropna().astype(int)) == {FIRST_DATA_ROW + 5}, _shown(found)  # TC09, 6th row
    absent = found[found["rule"] == "criterion_row_missing"]
    named = {
        c for text in _text(absent[["column", "value", "detail"]]).splitlines() for c in re.findall(r"TC\d\d", text)
    }
    # TC06 applies to a commune and has no row; TC07/TC08 do not apply; TC10 is counted from SanPham.
    assert named == {"TC06"}, _shown(found)


def test_the_findings_reach_the_feedback_and_the_quality_workbook(
    run: Run, tmp_path: Path, params_2023: Params
) -> None:
    found = run.issues(FINDINGS_UNIT)
    found = found[found["rule"].isin(FINDING_RULES)]
    assert set(found["rule"]) == set(FINDING_RULES), _shown(run.issues(FINDINGS_UNIT))
    result = run.result
    write_feedback(tmp_path / "feedback", result.issues, result.submissions, run.scores, run.table, params_2023)
    book = load_workbook(tmp_path / "feedback" / feedback_file_name(FINDINGS_UNIT), read_only=True)
    cells = {name: [list(r) for r in book[name].iter_rows(values_only=True)] for name in ("TomTat", "VanDe")}
    for issue in found.itertuples():
        listed = [r for r in cells["VanDe"] if issue.message_vi in r and (pd.isna(issue.row) or issue.row in r)]
        assert listed, f"{issue.rule} missing from VanDe"
    assert any("TC06" in str(v) for r in cells["VanDe"] for v in r)
    for sheet, rows in cells.items():
        assert not any("Không phát hiện vấn đề" in str(v) for r in rows for v in r), sheet
    write_quality_outputs(
        tmp_path / "quality", result.issues, result.submissions, result.registry, params_2023.structure
    )
    quality = load_workbook(tmp_path / "quality" / "data_quality.xlsx", read_only=True)
    rows = [list(r) for r in quality["ChiTiet"].iter_rows(values_only=True)]
    for issue in found.itertuples():  # a finding's rule reads as its message, in words
        assert any(FINDINGS_UNIT in r and issue.message_vi in r for r in rows), issue.rule


# --------------------------------------------------------------------------- 9. nothing vanishes


def test_every_nomination_row_reaches_the_award_list(run: Run) -> None:
    """For every accepted file: its non-blank KhenTapThe + KhenCaNhan rows = its rows in the award list."""
    subs = run.result.submissions
    expected, got = {}, {}
    for unit in subs.loc[subs["status"] == "accepted", "unit_code"]:
        expected[unit] = sum(non_blank_rows(run.files[unit], sheet) for sheet in NOMINATION_SHEETS)
        got[unit] = int((run.awards["unit_code"] == unit).sum())
    assert sum(expected.values()) == 25  # the nominations written above: 11 collectives and 14 individuals
    assert got == expected


def test_row_accounting_balances_against_the_clean_tables(run: Run) -> None:
    """rows_read = rows in the clean tables + the unit row + rows_rejected, and rows_read = the rows written."""
    subs = run.result.submissions
    for sub in subs[subs["status"] == "accepted"].itertuples():
        in_tables = sum(int((t["file"] == sub.file).sum()) for t in run.result.tables.values())
        accepted = in_tables + 1  # the DonVi row, which no clean table holds
        assert sub.rows_read == accepted + sub.rows_rejected, (sub.file, sub.rows_read, accepted, sub.rows_rejected)
        written = sum(non_blank_rows(run.files[sub.unit_code], sheet) for sheet in DATA_SHEETS)
        assert sub.rows_read == written, sub.file
