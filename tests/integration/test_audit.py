"""Reproducibility: a re-execution matches byte for byte, tampering is named, failures publish nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from lib.run import messages as msg
from tests.support.pipeline import copy_repo, run_cli, tree_hashes

pytestmark = pytest.mark.slow


def _copy_with_outputs(published: Path, dest: Path) -> Path:
    repo = copy_repo(dest, source=published)
    shutil.copytree(published / "outputs", repo / "outputs", dirs_exist_ok=True)
    return repo


def test_manifest_records_inputs_code_outputs_and_versions(published: Path) -> None:
    manifest = json.loads((published / "outputs" / "2023" / "manifest.json").read_text(encoding="utf-8"))
    inputs = manifest["inputs"]
    assert "params/2023.yaml" in inputs and "requirements.lock" in inputs
    assert any(p.startswith("data/raw/2023/submissions/") for p in inputs)
    assert "lib/scoring/scores.py" in inputs and "notebooks/01_cleaning.ipynb" in inputs
    assert {
        "report.html",
        "award_list.csv",
        "award_list.xlsx",
        "scores.csv",
        "data_quality.xlsx",
        "row_accounting.csv",
    } <= set(manifest["outputs"])
    assert manifest["packages"]["pandas"] and manifest["packages"]["python"]
    assert manifest["code_revision"]["commit"] and "dirty" in manifest["code_revision"]
    assert manifest["command"] == "python -m lib report --run 2023"


def test_audit_of_an_untouched_run_passes(published: Path, tmp_path: Path) -> None:
    """The audit re-executes everything in a temporary copy: passing it proves byte-identical outputs."""
    repo = _copy_with_outputs(published, tmp_path / "repo")
    done = run_cli(repo, "audit", "--run", "2023")
    assert done.returncode == 0, done.stdout[-4000:]
    first, second = done.stdout.splitlines()[:2]
    assert first.startswith("KIỂM TOÁN ĐẠT: ") and second.startswith("audit passed: ")
    table = pd.read_csv(repo / "outputs" / "audit-2023.csv", encoding="utf-8-sig")
    published_files = set(table.loc[table["kind"] == "published", "file"])
    assert {"report.html", "award_list.xlsx", "data_quality.xlsx"} <= published_files
    assert "manifest.json" not in published_files and table["match"].all()


def test_audit_names_a_tampered_cell_params_value_and_code_line(published: Path, tmp_path: Path) -> None:
    repo = _copy_with_outputs(published, tmp_path / "repo")
    workbook_path = repo / "data" / "raw" / "2023" / "submissions" / "22741.xlsx"
    book = load_workbook(workbook_path)
    book["ChiTieu"]["C4"] = 1
    book.save(workbook_path)
    params = repo / "params" / "2023.yaml"
    params.write_text(params.read_text(encoding="utf-8").replace("weight: 14", "weight: 15"), encoding="utf-8")
    kpis = repo / "lib" / "scoring" / "kpis.py"
    kpis.write_text(kpis.read_text(encoding="utf-8") + "\nTAMPERED = True\n", encoding="utf-8")
    kept = tmp_path / "lan_chay_lai"
    done = run_cli(repo, "audit", "--run", "2023", "--keep", str(kept))
    assert done.returncode == 1
    for changed in (
        "changed input: data/raw/2023/submissions/22741.xlsx",
        "changed params: params/2023.yaml",
        "changed code: lib/scoring/kpis.py",
        "changed output: scores.csv",
    ):
        assert changed in done.stdout, done.stdout[-3000:]
    # Inside each: the cell with both values (22741's TC01 numerator was 592), the params key path.
    assert "      ChiTieu!C4: 592 → 1\n" in done.stdout and "      criteria[TC04].weight: 14 → 15\n" in done.stdout
    # --keep: the re-run's own publication, made from the tampered params, is kept whole.
    manifest = json.loads((kept / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["params/2023.yaml"] == tree_hashes(repo / "params")["2023.yaml"]
    assert set(tree_hashes(kept)) == set(tree_hashes(repo / "outputs" / "2023"))
    assert (kept / "scores.csv").read_bytes() != (repo / "outputs" / "2023" / "scores.csv").read_bytes()
    assert f"kept in {kept}" in done.stdout


def _reference_score(workbook_path: Path, params: dict, unit: dict, numerators: dict[str, int] | None = None) -> float:
    """SPEC §3 by hand, from the workbook's figures and the params (nothing from lib.scoring):
    100 × Σ weight·min(rate / target for the unit's level, 1) / Σ weight over the criteria of the unit's group;
    TC10 counts the products listed in SanPham (target 1)."""
    book = load_workbook(workbook_path)
    counts = {row[0]: row[2:4] for row in book["ChiTieu"].iter_rows(min_row=4, values_only=True) if row[0]}
    for code, numerator in (numerators or {}).items():
        counts[code] = (numerator, counts[code][1])
    products = sum(1 for row in book["SanPham"].iter_rows(min_row=4, values_only=True) if row[0])
    earned = total = 0.0
    for criterion in params["criteria"]:
        if unit["unit_group"] not in criterion["applies_to"]:
            continue
        target = criterion["target"].get(unit["admin_level"], criterion["target"]["default"])
        value = (
            products if criterion["measure"] == "count" else counts[criterion["code"]][0] / counts[criterion["code"]][1]
        )
        earned += criterion["weight"] * min(value / target, 1)
        total += criterion["weight"]
    return 100 * earned / total


def _vi(score: float) -> str:
    return f"{score:.1f}".replace(".", ",")


def test_one_changed_raw_cell_is_named_with_both_values_and_who_moved_on_the_award_list(
    published: Path, tmp_path: Path
) -> None:
    """The issue's case, on a criterion no system of record checks (a changed TC01 or TC04 would also be
    compared with the document system or the portal, see the verification tests): commune An Hải (22888)
    typed 25 online services usable on mobile and web of 32 (TC02, ChiTieu!C5); 25 becomes 21. TC02 weighs
    10 of the 86 points of a commune's criteria and its target is 100 %, so the score falls by
    100 × 10 × (4/32) / 86 ≈ 1.45 points, from 86.2 to 84.8: below Mỹ Hải (22780, 85.9), still above the
    Tỉnh Đoàn (MT-TD, 84.1). An Hải goes from 3rd to 4th, Mỹ Hải from 4th to 3rd; both stay recommended,
    no other score changes."""
    repo = _copy_with_outputs(published, tmp_path / "repo")
    raw = repo / "data" / "raw" / "2023"
    params = yaml.safe_load((repo / "params" / "2023.yaml").read_text(encoding="utf-8"))
    registry = pd.read_csv(raw / "registry.csv", dtype=str).set_index("unit_code")
    scores = pd.read_csv(repo / "outputs" / "2023" / "scores.csv", dtype={"unit_code": str}).set_index("unit_code")
    path = raw / "submissions" / "22888.xlsx"
    unit = registry.loc["22888"].to_dict()
    old, new = _reference_score(path, params, unit), _reference_score(path, params, unit, {"TC02": 21})
    assert old == pytest.approx(scores.loc["22888", "score"], abs=1e-9)  # the reference is the published score
    # The recommended collectives' order once An Hải's score is the reference's new one.
    awards = pd.read_csv(repo / "outputs" / "2023" / "award_list.csv", dtype={"unit_code": str})
    listed = awards[(awards["kind"] == "tap_the") & awards["rank"].notna()].set_index("unit_code")["score"]
    old_rank = listed.rank(ascending=False).astype(int)
    new_rank = listed.where(listed.index != "22888", new).rank(ascending=False).astype(int)
    assert (old_rank["22888"], new_rank["22888"], old_rank["22780"], new_rank["22780"]) == (3, 4, 4, 3)

    book = load_workbook(path)
    assert book["ChiTieu"]["A5"].value == "TC02" and book["ChiTieu"]["C5"].value == 25
    book["ChiTieu"]["C5"] = 21
    book.save(path)
    done = run_cli(repo, "audit", "--run", "2023")
    assert done.returncode == 1, done.stdout[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("KIỂM TOÁN KHÔNG ĐẠT: ") and lines[1].startswith("audit FAILED: ")
    at = lines.index("  changed input: data/raw/2023/submissions/22888.xlsx  (dữ liệu đầu vào đã thay đổi)")
    assert lines[at + 1] == "      ChiTieu!C5: 25 → 21"
    effect = lines.index(msg.AUDIT_EFFECT)
    assert effect > at and lines[effect + 1] == "  " + msg.AUDIT_EFFECT_SCORES.format(n=1)
    assert lines[effect + 2] == (
        f"    Ủy ban nhân dân xã An Hải: {_vi(old)} → {_vi(new)} điểm / score {old:.1f} → {new:.1f}"
    )
    assert lines[effect + 3] == "  " + msg.AUDIT_EFFECT_AWARDS.format(n=2)
    moved = lines[effect + 4 : effect + 6]
    assert moved == [
        f"    Tập thể Ủy ban nhân dân phường Mỹ Hải: Đề nghị khen thưởng, hạng {old_rank['22780']} → "
        f"Đề nghị khen thưởng, hạng {new_rank['22780']} / collective: recommended, rank 4 → recommended, rank 3",
        f"    Tập thể Ủy ban nhân dân xã An Hải: Đề nghị khen thưởng, hạng {old_rank['22888']} → "
        f"Đề nghị khen thưởng, hạng {new_rank['22888']} / collective: recommended, rank 3 → recommended, rank 4",
    ]
    table = pd.read_csv(repo / "outputs" / "audit-2023.csv", encoding="utf-8-sig", dtype=str)
    cell = table[table["kind"] == "cell"]
    assert cell[["file", "item", "expected", "got"]].values.tolist() == [
        ["data/raw/2023/submissions/22888.xlsx", "ChiTieu!C5", "25", "21"]
    ]
    assert set(table.loc[table["kind"] == "award", "item"]) == {
        "Tập thể Ủy ban nhân dân xã An Hải",
        "Tập thể Ủy ban nhân dân phường Mỹ Hải",
    }


def _replace_first_recommended_name(workbook_path: Path) -> str:
    """What an attacker does to the annex: one recommended name replaced by another; returns the old name."""
    book = load_workbook(workbook_path)
    sheet = book["DeNghi"]
    cell = sheet["B8"]  # the first recommended collective: under 5 title rows, the heading and «I. TẬP THỂ»
    old = cell.value
    assert old and cell.offset(column=-1).value == 1
    cell.value = "Ủy ban nhân dân xã Giả Mạo"
    book.save(workbook_path)
    return old


def test_audit_fails_naming_each_tampered_missing_or_extra_published_file(published: Path, tmp_path: Path) -> None:
    """Inputs and code are untouched, so the re-run matches: the published files alone must fail the audit."""
    repo = _copy_with_outputs(published, tmp_path / "repo")
    out = repo / "outputs" / "2023"
    _replace_first_recommended_name(out / "award_list.xlsx")
    csv = out / "award_list.csv"
    csv.write_bytes(csv.read_bytes().replace(b"de_nghi", b"du_bi", 1))
    (out / "row_accounting.csv").unlink()
    (out / "ghi_chu.txt").write_text("thêm vào sau khi công bố\n", encoding="utf-8")
    done = run_cli(repo, "audit", "--run", "2023")
    assert done.returncode == 1, done.stdout[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("KIỂM TOÁN KHÔNG ĐẠT: 4/") and lines[1].startswith("audit FAILED: 4 of ")
    differences = [ln.split("  (")[0].strip() for ln in lines[2:] if ln.startswith("  ")]
    assert differences == [
        "changed published: award_list.csv",
        "changed published: award_list.xlsx",
        "extra published: ghi_chu.txt",
        "missing published: row_accounting.csv",
    ]
    table = pd.read_csv(repo / "outputs" / "audit-2023.csv", encoding="utf-8-sig")
    assert list(table["step"].drop_duplicates()) == [1, 2, 3]
    assert table["match"].sum() == len(table) - 4  # the re-run and every source matched
    assert "bảng đầy đủ / full table: outputs/audit-2023.csv" in done.stdout


def test_audit_fails_on_a_tampered_award_list_alone(published: Path, tmp_path: Path) -> None:
    repo = _copy_with_outputs(published, tmp_path / "repo")
    _replace_first_recommended_name(repo / "outputs" / "2023" / "award_list.xlsx")
    done = run_cli(repo, "audit", "--run", "2023")
    assert done.returncode == 1
    assert "changed published: award_list.xlsx  (tệp đã công bố đã thay đổi)" in done.stdout
    assert "changed output" not in done.stdout


def test_failing_notebook_leaves_previous_outputs_untouched(published: Path, tmp_path: Path) -> None:
    repo = _copy_with_outputs(published, tmp_path / "repo")
    before = tree_hashes(repo / "outputs" / "2023")
    path = repo / "notebooks" / "02_scoring.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("raise RuntimeError('deliberate failure')"))
    nbformat.write(nb, path)
    done = run_cli(repo, "report", "--run", "2023")
    assert done.returncode == 2
    sentence = done.stderr.splitlines()[-1]
    assert sentence.startswith("Lỗi: notebook 02_scoring.ipynb dừng ở ô ") and "deliberate failure" in sentence
    assert "Traceback" not in done.stderr, "the traceback goes to the log, not the console"
    (log,) = (repo / "outputs" / ".logs").glob("report-2023-*.log")
    assert log.relative_to(repo).as_posix() in sentence
    assert "RuntimeError" in log.read_text(encoding="utf-8") and "\x1b[" not in log.read_text(encoding="utf-8")
    assert tree_hashes(repo / "outputs" / "2023") == before
    staging = repo / "outputs" / ".staging-2023"
    assert not (staging / "manifest.json").exists() and not (staging / "report.html").exists()


def test_a_notebook_executed_alone_gives_the_published_bytes(published: Path, tmp_path: Path) -> None:
    """The pipeline runs the notebooks in one kernel (namespace reset between them); an auditor who
    executes the report notebook alone, in a fresh kernel, must get the same page."""
    from lib.contract.params import load_params
    from lib.run.pipeline import REPORT_NOTEBOOK, execute, render_html, run_parameters

    executed = tmp_path / REPORT_NOTEBOOK
    execute(published, REPORT_NOTEBOOK, executed, run_parameters("2023", "outputs/.staging-2023"))
    title = load_params(published / "params" / "2023.yaml").title
    render_html(published, executed, tmp_path / "report.html", title)
    published_out = published / "outputs" / "2023"
    assert (tmp_path / "report.html").read_bytes() == (published_out / "report.html").read_bytes()
    assert executed.read_bytes() == (published_out / "notebooks" / REPORT_NOTEBOOK).read_bytes()
