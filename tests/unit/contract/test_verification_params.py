"""params ``verification`` (issue 19): each system checks one rate criterion, with a tolerance and an action."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from lib.contract.params import ParamsError, parse_params
from lib.ingest.verification import verify
from lib.publish.verification_template import write_appraisal_template


def test_the_2023_systems_are_read_as_the_file_says(params_data: dict[str, Any]) -> None:
    systems = parse_params(params_data).verification.systems
    assert [(s.file, s.criterion, s.tolerance, s.action) for s in systems] == [
        ("portal_hoso.csv", "TC04", 0.05, "use_system"),
        ("vbdh_kyso.csv", "TC01", 0.05, "needs_appraisal"),
    ]


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        ("criterion", "TC10", "is not a rate criterion"),  # a count, counted from sheet SanPham
        ("criterion", "TC99", "is not a rate criterion"),
        ("tolerance", 1.5, r"expected a number in \[0, 1\)"),
        ("action", "ignore", "expected one of"),
        ("file", "../registry.csv", "distinct .csv name"),
    ],
)
def test_a_bad_system_entry_is_refused_naming_the_key(
    params_data: dict[str, Any], key: str, value: Any, named: str
) -> None:
    params_data["verification"]["systems"][0][key] = value
    with pytest.raises(ParamsError, match=rf"verification\.systems\[0\]\.{key}: .*{named}"):
        parse_params(params_data)


def test_a_year_without_the_block_compares_nothing(params_data: dict[str, Any]) -> None:
    del params_data["verification"]
    assert parse_params(params_data).verification.systems == ()


def test_the_blank_appraisal_template_reads_back_as_an_empty_appraisal(params, tmp_path: Path) -> None:
    write_appraisal_template(tmp_path / "appraisal" / "tham_dinh.csv")
    empty = {
        "indicators": pd.DataFrame(columns=["unit_code", "criterion_code", "numerator", "denominator"]),
        "collective_nominations": pd.DataFrame(columns=["unit_code"]),
        "individual_nominations": pd.DataFrame(columns=["unit_code", "person_code"]),
    }
    registry = pd.DataFrame({"unit_code": ["22906"]})
    result = verify(tmp_path, registry, empty, params)
    read = [i.detail for i in result.issues if i.rule == "verification_file_read"]
    assert read == ["0 dòng đọc: 0 nhận, 0 loại"]
    assert not [i for i in result.issues if i.severity == "error"]
