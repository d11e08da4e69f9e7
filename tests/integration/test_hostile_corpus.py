"""Broken and hostile submissions (tests/hostile_corpus.py): nothing is lost, nothing executes, nothing leaks.

The whole corpus and three valid units are ingested once; each case then
checks that its rule is reported where it should be. The end-to-end test at
the bottom runs the real pipeline on the corpus (slow).
"""

from __future__ import annotations

import csv
import io
import shutil
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from lib.contract import schemas as sc
from lib.contract.params import Params
from lib.ingest.inputs import IngestResult, ingest
from lib.ingest.text_repair import clean_text, looks_like_tcvn3
from lib.ingest.workbook_reader import read_workbook
from lib.publish.quality_files import write_quality_outputs
from lib.publish.workbooks import write_csv
from lib.scoring.scores import score_units
from tests.support.hostile_corpus import (
    CASES,
    PLANTED_FORMULAS,
    PLANTED_MARKUP,
    PLANTED_PERSONAL,
    SAMPLE_RAW,
    VALID_FILES,
    Case,
    Expect,
    build_corpus,
    write_valid_units,
)

Corpus = tuple[Path, dict[str, Case], IngestResult]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, params_2023: Params) -> Corpus:
    """Every case plus the valid units in one raw folder, ingested once."""
    raw = tmp_path_factory.mktemp("corpus") / "raw"
    cases = build_corpus(raw, params_2023)
    started = time.perf_counter()
    result = ingest(raw, params_2023)
    print(f"\ningest of {len(result.submissions)} corpus files: {time.perf_counter() - started:.1f} s")
    return raw, cases, result


@pytest.fixture(scope="module")
def valid_only(tmp_path_factory: pytest.TempPathFactory, params_2023: Params) -> IngestResult:
    raw = tmp_path_factory.mktemp("valid") / "raw"
    (raw / "submissions").mkdir(parents=True)
    shutil.copyfile(SAMPLE_RAW / "registry.csv", raw / "registry.csv")
    write_valid_units(raw / "submissions", params_2023)
    return ingest(raw, params_2023)


def _matches(found: pd.DataFrame, expect: Expect) -> pd.DataFrame:
    hits = found[found["rule"] == expect.rule]
    if expect.sheet is not None:
        hits = hits[hits["sheet"] == expect.sheet]
    if expect.row is not None:
        hits = hits[hits["row"] == expect.row]
    if expect.column is not None:
        hits = hits[hits["column"].map(lambda c: expect.column in (c, c.split(" (")[0]))]
    if expect.severity is not None:
        hits = hits[hits["severity"] == expect.severity]
    return hits


def test_the_corpus_has_at_least_thirty_distinct_cases(corpus: Corpus) -> None:
    _, cases, _ = corpus
    assert len(cases) == len(CASES) >= 30
    files = [f for c in cases.values() for f in c.files]
    assert len(files) == len(set(files))


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_case_gets_its_behaviour(corpus: Corpus, name: str) -> None:
    """The rule is reported for the file, at the sheet/row/column given, and the file has the expected fate."""
    _, cases, result = corpus
    subs = result.submissions.set_index("file")
    for expect in cases[name].expect:
        file = f"submissions/{expect.file}"
        assert subs.loc[file, "status"] == expect.status, (name, file)
        found = result.issues[result.issues["file"] == file]
        if expect.rule is None:
            assert not (found["severity"] == "error").any(), found.to_string()
            continue
        hits = _matches(found, expect)
        shown = found[["sheet", "row", "column", "value", "rule", "severity"]].to_string()
        assert len(hits), f"{name}: expected {expect}, found:\n{shown}"
        assert (hits["message_vi"].str.len() > 0).all() and (hits["message_en"].str.len() > 0).all()
        if expect.severity != "info" and expect.rule != "superseded":
            assert (hits["fix_vi"].str.len() > 0).all(), "a unit must be told how to fix it"
        if expect.status == "rejected":
            assert subs.loc[file, "problem"], name


def test_row_accounting_balances_for_every_file(corpus: Corpus) -> None:
    _, _, result = corpus
    subs = result.submissions
    assert (subs["rows_read"] == subs["rows_accepted"] + subs["rows_rejected"]).all()
    assert (subs["rows_accepted"] >= 0).all()
    assert (subs.loc[subs["status"] != "accepted", "rows_accepted"] == 0).all()
    for _, sub in subs[subs["status"] == "accepted"].iterrows():
        in_tables = sum(int((t["file"] == sub["file"]).sum()) for t in result.tables.values())
        assert sub["rows_accepted"] == in_tables + 1, sub["file"]  # + the one unit row


def test_valid_units_come_out_exactly_as_when_alone(corpus: Corpus, valid_only: IngestResult) -> None:
    _, _, result = corpus
    good = {f"submissions/{name}" for name in VALID_FILES}
    assert set(valid_only.submissions["file"]) == good
    for name, table in valid_only.tables.items():
        mine = result.tables[name][result.tables[name]["file"].isin(good)].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, table.reset_index(drop=True), check_dtype=False, obj=name)
    # The run's own findings about files beside the submissions (a system export absent) are not the units'.
    alone = valid_only.issues[valid_only.issues["file"].str.startswith("submissions/")]
    theirs = alone.drop(columns="unit_code").reset_index(drop=True)
    mine = result.issues[result.issues["file"].isin(good)].drop(columns="unit_code").reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, theirs, check_dtype=False)


def test_every_file_of_the_folder_is_accounted_for(corpus: Corpus) -> None:
    _, cases, result = corpus
    written = {f"submissions/{e.file}" for c in cases.values() for e in c.expect}
    assert written <= set(result.submissions["file"])
    assert len(result.submissions) == len({f for c in cases.values() for f in c.files}) + len(VALID_FILES)


def test_long_free_text_is_cut_and_never_costs_the_row(corpus: Corpus) -> None:
    _, _, result = corpus
    ind = result.tables["indicators"].query("unit_code == '22885'").set_index("criterion_code")
    assert (ind.loc["TC04", "numerator"], ind.loc["TC04", "denominator"]) == (45, 60)
    assert len(ind.loc["TC04", "evidence_ref"]) == 2000 and ind.loc["TC04", "evidence_ref"].endswith("…")
    collective = result.tables["collective_nominations"].query("unit_code == '22885'")
    assert len(collective) == 1 and len(collective["achievement_summary"].iloc[0]) == 2000


def test_a_rate_without_counts_is_missing_not_measured(corpus: Corpus, params_2023: Params) -> None:
    _, _, result = corpus
    table, scores = score_units(
        result.registry, result.submissions, result.tables["indicators"], result.tables["products"], params_2023
    )
    status = table[table["unit_code"] == "22897"].set_index("criterion_code")["status"].astype(str)
    assert (status["TC01"], status["TC04"], status["TC05"]) == ("co_so_lieu", "thieu_so_lieu", "thieu_so_lieu")
    assert not scores.set_index("unit_code").loc["22897", "data_complete"]


def test_a_cached_formula_value_is_used(corpus: Corpus) -> None:
    _, _, result = corpus
    ind = result.tables["indicators"].query("unit_code == '22789'").set_index("criterion_code")
    assert ind.loc["TC01", "numerator"] == 90
    issue = result.issues.query("rule == 'formula_cached_value'").iloc[0]
    assert (issue["value"], issue["detail"]) == ("=45+45", "giá trị đã lưu: 90.0")


def test_a_fraction_formula_counts_as_its_two_whole_numbers(corpus: Corpus) -> None:
    _, _, result = corpus
    ind = result.tables["indicators"].query("unit_code == '22909'").set_index("criterion_code")
    assert (ind.loc["TC04", "numerator"], ind.loc["TC04", "denominator"]) == (43, 44)
    found = result.issues.query("file == 'submissions/22909.xlsx' and sheet == 'ChiTieu' and row == 4")
    assert list(found[["rule", "value", "detail"]].itertuples(index=False, name=None)) == [
        ("formula_fraction", "=43/44", "đọc như 43/44")
    ]


def test_error_cells_and_uncached_formulas_leave_the_value_empty(corpus: Corpus) -> None:
    _, _, result = corpus
    ind = result.tables["indicators"].set_index(["unit_code", "criterion_code"])
    assert pd.isna(ind.loc[("22792", "TC01"), "numerator"])
    assert pd.isna(ind.loc[("22795", "TC01"), "denominator"])
    values = set(result.issues.query("rule == 'excel_error_value'")["value"])
    assert values == {"#DIV/0!", "#REF!"}


def test_text_is_repaired_and_decoded(corpus: Corpus) -> None:
    _, _, result = corpus
    people = result.tables["individual_nominations"].set_index("person_code")
    assert people.loc["CN-22861-01", "full_name"] == "Phạm Thị Thủy"
    subs = result.submissions.set_index("unit_code")
    assert subs.loc["22858", "unit_name_submitted"] == "Ủy ban nhân dân xã Xuân Hải"
    assert subs.loc["22864", "unit_name_submitted"] == "UBND xã Tri Hải"
    products = result.tables["products"].set_index("unit_code")
    assert products.loc["22864", "product_name"] == "Bản đồ số"
    assert products.loc["22864", "evidence_ref"] == "Ninh Sơn"


def test_latin1_text_is_not_mistaken_for_tcvn3(corpus: Corpus) -> None:
    _, _, result = corpus
    assert "Cổng dịch vụ của Công ty TNHH ABC®" in set(result.tables["products"]["product_name"])
    assert "Müller Hoàng" in set(result.tables["individual_nominations"]["full_name"])
    assert result.issues.query("file == 'submissions/22900.xlsx' and rule == 'text_repaired'").empty


@pytest.mark.parametrize(
    ("text", "tcvn3"),
    [
        ("Công ty TNHH ABC®", False),
        ("Müller", False),
        ("Café Hòa ©2023", False),
        ("Giá 5 ¥", False),
        ("Ph¹m ThÞ Thñy", True),
        ("Ninh ThuËn", True),
        ("®Êt", True),
        ("§Æng V¨n ¦íc", True),
        ("UBND x· Ph­íc Dinh", True),
    ],
)
def test_tcvn3_is_recognised_by_whole_syllables(text: str, tcvn3: bool) -> None:
    assert looks_like_tcvn3(text) is tcvn3
    if not tcvn3:
        assert clean_text(text) == text


def test_hostile_strings_are_kept_verbatim_as_text(corpus: Corpus) -> None:
    """Markup and formula-like text is data: kept exactly, flagged, never interpreted."""
    _, _, result = corpus
    names = set(result.tables["products"]["product_name"]) | set(result.tables["individual_nominations"]["full_name"])
    assert {PLANTED_MARKUP[0], PLANTED_MARKUP[1], PLANTED_FORMULAS[0], "=1+2"} <= names
    people = result.tables["individual_nominations"].set_index("person_code")
    assert people.loc["CN-22879-01", "position"] == PLANTED_FORMULAS[2]


def test_personal_data_never_reaches_tables_or_issues(corpus: Corpus) -> None:
    _, _, result = corpus
    people = result.tables["individual_nominations"].set_index("person_code")
    assert people.loc["CN-22894-01", "achievement_summary"] == "Liên hệ [đã ẩn] hoặc [đã ẩn]"
    assert people.loc["CN-22894-01", "initiative_name"] == "Số hóa hồ sơ (CCCD [đã ẩn])"
    assert people.loc["CN-22894-01", "position"] == "Chuyên viên, ĐT [đã ẩn]"
    frames = [result.issues, result.submissions, *result.tables.values()]
    text = "\n".join(frame.astype(str).to_csv(index=False) for frame in frames)
    for secret in PLANTED_PERSONAL:
        assert secret not in text, secret
    redacted = result.issues.query("rule == 'personal_data_redacted'")
    assert (redacted["value"] == "").all() and set(redacted["detail"]) >= {"thư điện tử, số điện thoại"}


def test_a_malformed_id_costs_the_value_not_the_nomination(corpus: Corpus) -> None:
    _, _, result = corpus
    people = result.tables["individual_nominations"]
    assert "CN-22912-01" in set(people["person_code"])
    assert not {"id_number", "phone", "email"} & set(people.columns)


def test_both_units_of_a_conflict_are_named(corpus: Corpus) -> None:
    _, _, result = corpus
    (issue,) = result.issues.query("rule == 'unit_conflict'").itertuples()
    assert "Phương Hải" in issue.detail and "Phước Hải" in issue.detail and "22894" in issue.detail


def test_nothing_from_outside_the_folder_is_read(corpus: Corpus) -> None:
    """Symlinks and external entities: the target's content never shows up anywhere."""
    _, _, result = corpus
    text = "\n".join(f.astype(str).to_csv(index=False) for f in (result.issues, result.submissions))
    assert "root:" not in text and "/bin/" not in text
    assert "22840" not in set(result.submissions["unit_code"])  # behind the symlinked folder


def test_hundred_thousand_blank_rows_are_cut_before_parsing(corpus: Corpus, params_2023: Params) -> None:
    """Bounded by the row scan, not by a stopwatch: the grid handed to the parser has only the real rows."""
    raw, _, result = corpus
    path = raw / "submissions" / "22868.xlsx"
    started = time.perf_counter()
    grid = read_workbook(path, params_2023.ingest.limits, [sc.sheet_name(m) for m in sc.SUBMISSION_SHEETS])
    print(f"\nread of the 100,000-blank-row workbook: {time.perf_counter() - started:.2f} s")
    assert grid.problem is None
    assert len(grid.sheets["SanPham"]) == 4  # title, note, header, one product
    assert grid.notes["SanPham"].trailing_blank_rows == 100_000
    sub = result.submissions.set_index("file").loc["submissions/22868.xlsx"]
    # 1 unit row, 11 rate-criterion rows (the builder fills every one), 1 product.
    assert (sub["status"], sub["rows_read"], sub["rows_rejected"]) == ("accepted", 13, 0)
    (issue,) = result.issues.query("file == 'submissions/22868.xlsx' and rule == 'blank_rows_ignored'").itertuples()
    assert issue.detail == "100.000 dòng"


def test_quality_outputs_hold_hostile_strings_as_inert_text(
    corpus: Corpus, tmp_path: Path, params_2023: Params
) -> None:
    """data_quality.xlsx: explicit string cells, no formula part; csv: the OWASP apostrophe."""
    _, _, result = corpus
    write_quality_outputs(tmp_path, result.issues, result.submissions, result.registry, params_2023.structure)
    book = load_workbook(tmp_path / "data_quality.xlsx")
    cells = {c.value: c for row in book["ChiTiet"].iter_rows() for c in row if isinstance(c.value, str)}
    for text in (*PLANTED_FORMULAS, "=1+2", "=45+45", *PLANTED_MARKUP):
        assert text in cells, text
        assert cells[text].data_type == "s", text
    with zipfile.ZipFile(tmp_path / "data_quality.xlsx") as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml and b"<f " not in xml
    write_csv(result.issues, tmp_path / "issues.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "issues.csv").read_text(encoding="utf-8-sig"))))
    values = [v for row in rows for v in row]
    for text in (*PLANTED_FORMULAS, "=1+2"):
        assert "'" + text in values and text not in values, text


@pytest.mark.slow
def test_the_whole_pipeline_on_the_corpus(tmp_path: Path, params_2023: Params) -> None:
    """Exit 0; the page escapes every submitted string; no planted personal data is published; outputs inert."""
    from tests.support.pipeline import copy_repo, run_cli

    repo = copy_repo(tmp_path / "repo")
    raw = repo / "data" / "raw" / "2023"
    shutil.rmtree(raw)
    build_corpus(raw, params_2023)
    shutil.copyfile(SAMPLE_RAW / "register.csv", raw / "register.csv")
    # The page must list every finding (not the first 200) for the planted strings to be looked for in it.
    params_file = repo / "params" / "2023.yaml"
    params_text = params_file.read_text(encoding="utf-8")
    assert "max_table_rows: 200" in params_text
    params_file.write_text(params_text.replace("max_table_rows: 200", "max_table_rows: 5000"), encoding="utf-8")
    started = time.perf_counter()
    done = run_cli(repo, "report", "--run", "2023")
    print(f"\npipeline on the corpus: {time.perf_counter() - started:.1f} s")
    assert done.returncode == 0, done.stderr[-3000:]
    out = repo / "outputs" / "2023"

    page = (out / "report.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert not [s for s in soup.find_all("script") if "alert(" in s.get_text()]
    assert not soup.find_all("img", attrs={"onerror": True})
    assert not soup.find_all("img", attrs={"src": "x"})
    assert not soup.find_all("b", string="Đạt")
    text = soup.get_text()
    for planted in (*PLANTED_MARKUP, PLANTED_FORMULAS[0]):
        assert planted in text, planted  # shown, as text
    assert "<script>alert" not in page and "&lt;script&gt;alert(" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page

    award_csv = (out / "award_list.csv").read_text(encoding="utf-8-sig")
    book = load_workbook(out / "award_list.xlsx")
    award_cells = [c for ws in book for row in ws.iter_rows() for c in row if c.value is not None]
    published = [page, award_csv, " ".join(str(c.value) for c in award_cells)]
    for secret in PLANTED_PERSONAL:
        assert all(secret not in text for text in published), secret

    rows = list(csv.reader(io.StringIO(award_csv)))
    values = [v for row in rows for v in row]
    for text in ("=1+2", PLANTED_FORMULAS[2]):
        assert "'" + text in values and text not in values, text
    assert all(c.data_type == "s" for c in award_cells if isinstance(c.value, str))

    quality = load_workbook(out / "data_quality.xlsx")
    strings = {c.value: c for ws in quality for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for text in (*PLANTED_FORMULAS, "=1+2"):
        assert strings[text].data_type == "s", text
    accounting = pd.read_csv(out / "row_accounting.csv", dtype=str, keep_default_na=False)
    read, accepted, rejected = (accounting[c].astype(int) for c in ("rows_read", "rows_accepted", "rows_rejected"))
    assert (read == accepted + rejected).all()


def test_every_nominee_of_the_corpus_reaches_the_award_list(corpus: Corpus, params_2023: Params) -> None:
    """Nominees read from every accepted file (counted by ingest, before any rule) = rows of the award list."""
    from lib.scoring.award_list import build_award_list, check_nominees_listed, register_dates

    _, _, result = corpus
    _, scores = score_units(
        result.registry, result.submissions, result.tables["indicators"], result.tables["products"], params_2023
    )
    tables = {**result.tables, "submissions": result.submissions}
    awards = build_award_list(tables, scores, register_dates(result.register), params_2023)
    read = int(result.submissions["nominees_read"].sum())
    assert read >= 10 and len(awards) == read
    check_nominees_listed(awards, result.submissions)
