"""The notebooks as committed, and notebook 1 executed by papermill on a small fixture."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from lib.contract import schemas as sc
from lib.contract.params import Params
from lib.publish.template import build_workbook
from lib.publish.workbooks import save_workbook
from lib.run.pipeline import KERNEL_NAME, NOTEBOOKS
from tests.support.pipeline import ROOT

NOTEBOOK_PATHS = [ROOT / "notebooks" / name for name in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_notebook_has_a_parameters_cell_and_no_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and "params_file" in tagged[0].source and "output_dir" in tagged[0].source
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert nb.metadata["kernelspec"]["name"] == KERNEL_NAME


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_notebooks_are_thin(path: Path) -> None:
    """Logic lives in lib/: no function or class definitions, no loops in notebooks."""
    nb = nbformat.read(path, as_version=4)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for forbidden in ("def ", "class ", "for ", "while ", "lambda"):
        assert forbidden not in source, forbidden


def _fixture_raw(raw: Path, params: Params) -> None:
    (raw / "submissions").mkdir(parents=True)
    pd.DataFrame(
        [
            {
                "unit_code": "586",
                "unit_name": "Ủy ban nhân dân huyện Ninh Hải",
                "unit_group": "ubnd_huyen",
                "admin_level": "huyen",
                "parent_code": "58",
            },
            {
                "unit_code": "22868",
                "unit_name": "Ủy ban nhân dân xã Thanh Hải",
                "unit_group": "ubnd_xa",
                "admin_level": "xa",
                "parent_code": "586",
            },
            {
                "unit_code": "DN-01",
                "unit_name": "Công ty mẫu",
                "unit_group": "doanh_nghiep",
                "admin_level": "",
                "parent_code": "",
            },
        ]
    ).to_csv(raw / "registry.csv", index=False)
    rows = {
        sc.UnitInfoModel: [{"unit_code": "22868", "unit_name": "UBND xã Thanh Hải", "submitted_on": "05/12/2023"}],
        sc.IndicatorModel: [
            {"criterion_code": "TC04", "numerator": "1.245", "denominator": 2000},
            {"criterion_code": "TC05", "numerator": 30, "denominator": 20},
            {"criterion_code": "Tổng cộng", "numerator": 5},
        ],
        sc.ProductModel: [{"product_name": "Số hóa hộ tịch", "in_use_on": dt.date(2023, 5, 2)}],
    }
    save_workbook(build_workbook(params, rows), raw / "submissions" / "22868.xlsx")
    (raw / "submissions" / "586.xlsx").write_bytes(b"not a workbook")


@pytest.mark.slow
def test_notebook_1_executes_with_papermill_on_a_fixture(tmp_path: Path, params_2023: Params) -> None:
    import papermill as pm

    raw, processed, out = tmp_path / "raw", tmp_path / "processed", tmp_path / "out"
    _fixture_raw(raw, params_2023)
    executed = tmp_path / "01.ipynb"
    pm.execute_notebook(
        str(ROOT / "notebooks" / "01_cleaning.ipynb"),
        str(executed),
        kernel_name=KERNEL_NAME,
        cwd=str(ROOT),
        progress_bar=False,
        parameters={
            "params_file": str(ROOT / "params" / "2023.yaml"),
            "raw_dir": str(raw),
            "processed_dir": str(processed),
            "output_dir": str(out),
        },
    )
    injected = [
        c for c in nbformat.read(executed, as_version=4).cells if "injected-parameters" in c.metadata.get("tags", [])
    ]
    assert injected and str(raw) in injected[0].source
    accounting = pd.read_csv(out / "row_accounting.csv", encoding="utf-8-sig")
    assert (accounting["rows_read"] == accounting["rows_accepted"] + accounting["rows_rejected"]).all()
    good = accounting.set_index("file").loc["submissions/22868.xlsx"]
    assert (good["rows_read"], good["rows_rejected"]) == (5, 2)
    issues = pd.read_csv(processed / "issues.csv")
    assert {"file_unreadable", "numerator_above_denominator", "subtotal_row", "text_number", "text_date"} <= set(
        issues["rule"]
    )
    indicators = pd.read_csv(processed / "indicators.csv", dtype={"unit_code": str})
    tc04 = indicators[indicators["criterion_code"] == "TC04"].iloc[0]
    assert (tc04["numerator"], tc04["denominator"]) == (1245.0, 2000.0)
    assert json.loads((processed / "indicators.types.json").read_text())["numerator"] == "float"
    assert (out / "data_quality.xlsx").exists()
