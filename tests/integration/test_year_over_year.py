"""Year over year on the sample: the 2022 run (published once per session, tests/support/pipeline.py) then 2023.

The oracle is worked out by hand from the two years' raw workbooks of TC-02 (Câu lạc bộ Doanh nhân trẻ số,
group to_chuc_khac: only TC10, TC11, TC12 apply, weights 6, 4, 4, targets 1 product, 80 %, 100 %):
2022: 2 products → 1; 27/36 = 75 % → 0,9375; 0/1 → 0; score 100 × (6 + 3,75) / 14 = 69,64.
2023: 1 product → 1; 27/33 = 81,8 % → 1; 0/1 → 0; score 100 × 10 / 14 = 71,43; change 25/14 = +1,79.
The test re-reads those cells with openpyxl (a small reference here, nothing from lib.scoring), so a change
of the sample is caught rather than copied.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup

from lib.run import pipeline

UNIT = "TC-02"


def _hand_score(repo: Path, year: str) -> float:
    """The unit's score from its workbook and params, by the plan's rule (capped attainment, weighted mean)."""
    params = yaml.safe_load((repo / "params" / f"{year}.yaml").read_text(encoding="utf-8"))
    book = openpyxl.load_workbook(repo / "data" / "raw" / year / "submissions" / f"{UNIT}.xlsx", read_only=True)
    counts = {r[0]: (r[2], r[3]) for r in book["ChiTieu"].iter_rows(min_row=4, values_only=True) if r[2] is not None}
    products = sum(1 for r in book["SanPham"].iter_rows(min_row=4, values_only=True) if r[0])
    total = weights = 0.0
    for crit in params["criteria"]:
        if "to_chuc_khac" not in crit["applies_to"]:
            continue
        value = products if crit["code"] == "TC10" else counts[crit["code"]][0] / counts[crit["code"]][1]
        total += crit["weight"] * min(value / crit["target"]["default"], 1)
        weights += crit["weight"]
    return 100 * total / weights


@pytest.mark.slow
def test_the_2023_report_compares_with_the_2022_run(published: Path) -> None:
    before, after = _hand_score(published, "2022"), _hand_score(published, "2023")
    assert (before, after) == (pytest.approx(100 * 9.75 / 14), pytest.approx(100 * 10 / 14))  # the sample as read
    table = pd.read_csv(published / "outputs" / "2023" / "comparison.csv", dtype={"unit_code": str}).set_index(
        "unit_code"
    )
    row = table.loc[UNIT]
    assert row["previous_score"] == pytest.approx(before) and row["score"] == pytest.approx(after)
    assert row["score_change"] == pytest.approx(25 / 14)
    assert (row["previous_rank"], row["rank"], row["rank_change"], row["link"]) == (1, 2, -1, "cung_ma")
    assert len(table) == 103  # same registry both years: every unit once, none new or gone
    soup = BeautifulSoup((published / "outputs" / "2023" / "report.html").read_text(encoding="utf-8"), "lxml")
    section = soup.find(id="so-sanh")
    assert section is not None and section.get_text() == "10. So sánh với năm trước"
    cells = [
        [td.get_text() for td in tr.find_all("td")]
        for tr in soup.select("table.comparison tr")
        if "Câu lạc bộ Doanh nhân trẻ số" in tr.get_text()
    ]
    assert cells == [["Tổ chức khác", "Câu lạc bộ Doanh nhân trẻ số (hư cấu)", "69,6", "71,4", "+1,8", "1 → 2",
                      "giảm 1 bậc", "cùng mã"]]  # fmt: skip
    manifest = json.loads((published / "outputs" / "2023" / "manifest.json").read_text(encoding="utf-8"))
    assert {"outputs/2022/scores.csv", "outputs/2022/province_kpis.csv"} <= set(manifest["inputs"])
    earlier = (published / "outputs" / "2022" / "report.html").read_text(encoding="utf-8")
    assert "So sánh với năm trước" not in earlier and not (published / "outputs" / "2022" / "comparison.csv").exists()


def test_a_missing_previous_run_is_published_first_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    produced: list[tuple[str, list[str] | None]] = []
    monkeypatch.setattr(pipeline, "run_report", lambda root, run, command=None: produced.append((run, command)))
    (tmp_path / "outputs").mkdir()
    pipeline.publish_previous_first(tmp_path, "2023", "2022", ["python", "-m", "lib", "report", "--run", "2023"])
    assert produced == [("2022", ["python", "-m", "lib", "report", "--run", "2022"])]
    assert "chưa có kết quả outputs/2022/: chạy lần 2022 trước" in capsys.readouterr().err
    produced.clear()
    pipeline.publish_previous_first(tmp_path, "2022", None, None)
    assert produced == []
