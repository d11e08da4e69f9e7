"""The output contract declares each table once, and what the run writes is what it declares."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from lib.contract import schemas as sc
from lib.contract.params import Params
from lib.contract.tables import SCORES, TABLES, Column, ContractError, table

ROOT = Path(__file__).resolve().parents[3]


def test_every_table_has_distinct_described_columns() -> None:
    for t in TABLES.values():
        names = t.names([("TC01", "rate"), ("TC10", "count")])
        assert len(names) == len(set(names)), t.name
        assert all(c.meaning for c in t.expanded([("TC01", "rate")])), t.name


def test_personal_fields_of_the_input_schemas_are_never_declared() -> None:
    declared = {c.name for t in TABLES.values() for c in t.columns}
    assert not declared & set(sc.PERSONAL_FIELDS)


def test_per_criterion_columns_follow_the_criteria_of_params(params: Params) -> None:
    names = SCORES.names(params.criterion_columns())
    assert names[: len(SCORES.columns)] == [c.name for c in SCORES.columns]
    assert names[len(SCORES.columns) :][:3] == ["TC01_rate", "TC01_attainment", "TC01_status"]
    assert "TC10_count" in names and "TC10_rate" not in names
    assert SCORES.kind_of("TC07_status") == "str" and SCORES.kind_of("TC10_count") == "float"
    with pytest.raises(ContractError, match="not declared"):
        SCORES.kind_of("TC07_colour")


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        Column("x", "decimal", "a number")
    with pytest.raises(KeyError, match="known:"):
        table("scoress")


@pytest.mark.slow
def test_the_published_run_writes_exactly_the_declared_tables(published: Path, params: Params) -> None:
    """Every processed csv is a declared table with the declared columns and types; the published csv too."""
    processed = published / "data" / "processed" / "2023"
    for csv in sorted(processed.glob("*.csv")):
        declared = table(csv.stem)
        assert declared.processed, csv.name
        header = list(pd.read_csv(csv, nrows=0).columns)
        assert header == declared.names(params.criterion_columns() if declared.per_criterion else ()), csv.name
        types = json.loads(csv.with_suffix(".types.json").read_text(encoding="utf-8"))
        assert types == {c: declared.kind_of(c) for c in header}, csv.name
    written = {p.stem for p in processed.glob("*.csv")}
    assert written == {name for name, t in TABLES.items() if t.processed}
    out = published / "outputs" / "2023"
    for t in TABLES.values():
        for name in t.published:
            if name.endswith(".csv"):
                header = list(pd.read_csv(out / name, nrows=0, encoding="utf-8-sig").columns)
                assert header == t.names(params.criterion_columns()), name
