"""The committed sample in data/raw/2023: every planted defect is caught, and the sample regenerates exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from lib.contract.params import Params
from lib.ingest.inputs import IngestResult, ingest
from lib.ingest.text_repair import clean_text, looks_like_tcvn3
from lib.run.sample_data import PLANTED, generate

# Where each planted case must be reported: (file, sheet, rule); sheet "" for a whole-file finding.
EXPECTED: dict[str, list[tuple[str, str, str]]] = {
    "NFD text": [("submissions/22786.xlsx", "DonVi", "text_repaired")],
    "tone placement Hoà/Uỷ": [("submissions/22786.xlsx", "DonVi", "text_repaired")],
    "TCVN3 text": [("submissions/22903.xlsx", "KhenCaNhan", "text_repaired")],
    "number as text with separators": [("submissions/587.xlsx", "ChiTieu", "text_number")],
    "percent as 75.5": [("submissions/22744.xlsx", "ChiTieu", "percent_scale")],
    "percent as text '75,5%'": [("submissions/S-TP.xlsx", "ChiTieu", "text_percent")],
    "fraction in one cell": [("submissions/22750.xlsx", "ChiTieu", "fraction_in_cell")],
    "text dates": [("submissions/22747.xlsx", "DonVi", "text_date"), ("submissions/22753.xlsx", "DonVi", "text_date")],
    "resubmission": [("submissions/S-YT_lan1.xlsx", "", "superseded")],
    "unknown unit code": [("submissions/99999.xlsx", "DonVi", "unit_unknown")],
    "numerator above denominator": [("submissions/22813.xlsx", "ChiTieu", "numerator_above_denominator")],
    "negative count": [("submissions/22816.xlsx", "ChiTieu", "negative_count")],
    "subtotal row": [("submissions/585.xlsx", "ChiTieu", "subtotal_row")],
    "corrupt file": [("submissions/22819.xlsx", "", "file_unreadable")],
    "unit identified by name and district": [("submissions/22774.xlsx", "DonVi", "unit_resolved_by_name")],
    # Self-reported against verified: rows of the csv files (header on row 1).
    "commune over-reports online dossiers": [("systems/portal_hoso.csv", "", "system_gap_used")],
    "signed-document rate confirmed": [("systems/vbdh_kyso.csv", "", "system_confirmed")],
    "document-system gap settled by the appraisal": [("appraisal/tham_dinh.csv", "", "appraisal_confirmed")],
    "document-system gap not yet appraised": [("systems/vbdh_kyso.csv", "", "system_gap_needs_appraisal")],
    "discipline corrected by the appraisal": [("appraisal/tham_dinh.csv", "", "appraisal_adjusted")],
}
# Rules reported for a whole file, with no row to point at.
FILE_RULES = {"superseded", "file_unreadable", "unit_unknown"}


@pytest.fixture(scope="module")
def sample(root: Path, params_2023: Params) -> IngestResult:
    return ingest(root / "data" / "raw" / "2023", params_2023)


def test_every_planted_case_with_a_rule_has_an_expectation() -> None:
    """A case added to PLANTED must be added here too, or this test fails."""
    planted = {p["case"]: p["rule"] for p in PLANTED if p["rule"]}
    assert set(planted) == set(EXPECTED)
    for case, rule in planted.items():
        assert {r for _, _, r in EXPECTED[case]} == {rule}, case


@pytest.mark.parametrize("planted", [p for p in PLANTED if p["rule"]], ids=lambda p: p["case"])
def test_planted_defect_is_reported_where_it_was_planted(sample: IngestResult, planted: dict[str, str]) -> None:
    issues = sample.issues
    assert planted["rule"] in set(issues["rule"]), planted["where"]
    for file, sheet, rule in EXPECTED[planted["case"]]:
        found = issues[(issues["file"] == file) & (issues["rule"] == rule)]
        assert len(found), f"{rule} not reported for {file} ({planted['where']})"
        if sheet:
            assert set(found["sheet"]) == {sheet}
        if rule not in FILE_RULES:
            first_row = 4 if file.startswith("submissions/") else 2  # a workbook's data, or a csv's
            assert found["row"].notna().all() and (found["row"] >= first_row).all()
        if rule not in FILE_RULES | {"subtotal_row", "numerator_above_denominator"}:  # whole-row findings
            assert found["column"].ne("").all()


def test_every_issue_says_where_and_what(sample: IngestResult) -> None:
    issues = sample.issues
    assert issues["file"].ne("").all()
    assert issues["message_vi"].ne("").all() and issues["message_en"].ne("").all()
    # A criterion with no row at all is a finding about the sheet, not about a row.
    sheet_level = {
        "missing_sheet",
        "same_date_resubmission",
        "criterion_row_missing",
        "verification_file_read",
        "history_file_read",
    }
    row_level = issues[~issues["rule"].isin(FILE_RULES | sheet_level)]
    assert row_level["row"].notna().all()


def test_row_accounting_balances(sample: IngestResult) -> None:
    subs = sample.submissions
    assert (subs["rows_read"] == subs["rows_accepted"] + subs["rows_rejected"]).all()
    accepted = subs[subs["status"] == "accepted"]
    for _, sub in accepted.iterrows():
        in_tables = sum(int((t["file"] == sub["file"]).sum()) for t in sample.tables.values())
        assert sub["rows_accepted"] == in_tables + 1, sub["file"]
    assert set(subs.loc[subs["status"] != "accepted", "file"]) == {
        "submissions/22819.xlsx",
        "submissions/99999.xlsx",
        "submissions/S-YT_lan1.xlsx",
    }


def test_planted_cases_decided_later_arrive_intact(sample: IngestResult) -> None:
    """Cases with no ingest rule: the values the later stages judge must come through unchanged."""
    ind = sample.tables["indicators"].set_index(["unit_code", "criterion_code"])
    row = ind.loc[("22741", "TC04")]
    assert row["reported_rate"] == pytest.approx(row["numerator"] / row["denominator"], abs=0.001)
    s_ct = sample.submissions.set_index("file").loc["submissions/S-CT.xlsx"]
    assert s_ct["status"] == "accepted" and s_ct["rows_rejected"] == 0
    assert len(ind.loc["S-CT"]) == 11
    assert sample.register.set_index("unit_code").loc["S-GTVT", "received_on"] == dt.date(2023, 12, 15)
    people = sample.tables["individual_nominations"]
    assert people.loc[people["unit_code"] == "582", "disciplined"].any()
    assert not any(looks_like_tcvn3(name) for name in people["full_name"])
    tcvn3 = sample.issues.query("file == 'submissions/22903.xlsx' and sheet == 'KhenCaNhan'")["value"].iloc[0]
    assert looks_like_tcvn3(tcvn3)
    assert clean_text(tcvn3) in set(people.loc[people["unit_code"] == "22903", "full_name"])


def test_regenerating_the_sample_gives_identical_files(tmp_path: Path, root: Path, params_2023: Params) -> None:
    committed = root / "data" / "raw" / "2023"
    fresh = tmp_path / "2023"
    generate(fresh, params_2023, root / "data" / "external" / "ninh_thuan_2023_units.csv", seed=2023)

    def listing(base: Path) -> list[str]:
        return sorted(p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file())

    assert listing(fresh) == listing(committed)
    different = [name for name in listing(committed) if (fresh / name).read_bytes() != (committed / name).read_bytes()]
    assert different == []
    assert len(pd.read_csv(fresh / "registry.csv")) > 100
