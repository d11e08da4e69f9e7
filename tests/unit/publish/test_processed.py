"""data/processed tables are written and read through the output contract (lib.publish.processed)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from lib.contract.tables import REGISTER, SUBMISSIONS, ContractError
from lib.publish.processed import read_processed, read_table, write_processed, write_table


def register() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "register_no": ["TN-001", "TN-002"],
            "unit_code": ["22741", "S-YT"],
            "received_on": [dt.date(2023, 12, 9), None],
        }
    )


def test_a_table_round_trips_with_its_declared_types(tmp_path: Path) -> None:
    write_table(register(), tmp_path, "register")
    back = read_table(tmp_path, "register")
    assert list(back.columns) == REGISTER.names()
    assert back["received_on"].tolist() == [dt.date(2023, 12, 9), None]
    assert back["unit_code"].tolist() == ["22741", "S-YT"]  # codes stay text
    types = json.loads((tmp_path / "register.types.json").read_text(encoding="utf-8"))
    assert types == {"register_no": "str", "unit_code": "str", "received_on": "date"}


def test_nullable_integers_and_booleans_come_back_as_such(tmp_path: Path) -> None:
    frame = pd.DataFrame({c: [] for c in SUBMISSIONS.names()})
    frame = pd.concat(
        [
            frame,
            pd.DataFrame(
                [
                    {
                        "file": "submissions/a.xlsx",
                        "unit_code": None,
                        "unit_name_submitted": "X",
                        "submitted_on": dt.date(2023, 12, 1),
                        "status": "rejected",
                        "problem": "file_unreadable",
                        "rows_read": 0,
                        "rows_accepted": 0,
                        "rows_rejected": 0,
                    }
                ]
            ),
        ]
    )[SUBMISSIONS.names()]
    frame[["rows_read", "rows_accepted", "rows_rejected"]] = frame[
        ["rows_read", "rows_accepted", "rows_rejected"]
    ].astype(int)
    write_table(frame, tmp_path, "submissions")
    back = read_table(tmp_path, "submissions")
    assert back["rows_read"].dtype == "int64" and back["unit_code"].tolist() == [None]


def test_an_undeclared_or_missing_column_is_refused_naming_the_table(tmp_path: Path) -> None:
    with pytest.raises(ContractError, match=r"register.*undeclared \['extra'\]"):
        write_table(register().assign(extra=1), tmp_path, "register")
    with pytest.raises(ContractError, match=r"register.*missing \['received_on'\]"):
        write_table(register().drop(columns="received_on"), tmp_path, "register")
    with pytest.raises(ContractError, match="another order"):
        write_table(register()[["unit_code", "register_no", "received_on"]], tmp_path, "register")
    assert not (tmp_path / "register.csv").exists()


def test_values_of_another_kind_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ContractError, match="received_on holds str values, declared date"):
        write_table(register().assign(received_on=["09/12/2023", None]), tmp_path, "register")


def test_an_empty_column_of_any_dtype_is_accepted(tmp_path: Path) -> None:
    empty = pd.DataFrame({"register_no": [], "unit_code": [], "received_on": pd.Series([], dtype=float)})
    write_table(empty, tmp_path, "register")
    assert read_table(tmp_path, "register").empty


def test_an_unknown_table_and_a_missing_file_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="no table 'registr'"):
        write_table(register(), tmp_path, "registr")
    write_processed({"register": register()}, tmp_path)
    assert list(read_processed(tmp_path)) == ["register"]
    with pytest.raises(FileNotFoundError, match=r"scores\.csv is missing"):
        read_processed(tmp_path, ["register", "scores"])


def test_a_column_of_a_single_category_is_text(tmp_path: Path) -> None:
    """A registry with one unit group gives a Categorical of one category: written as str, not a crash."""
    frame = register().assign(unit_code=pd.Categorical(["22741", "22741"]))
    write_table(frame, tmp_path, "register")
    types = json.loads((tmp_path / "register.types.json").read_text(encoding="utf-8"))
    assert types["unit_code"] == "str"
    assert read_table(tmp_path, "register")["unit_code"].tolist() == ["22741", "22741"]


def test_a_write_that_fails_half_way_leaves_the_previous_tables(tmp_path: Path) -> None:
    directory = tmp_path / "processed" / "2023"
    write_processed({"register": register()}, directory)
    before = {p.name: p.read_bytes() for p in directory.iterdir()}
    newer = register().assign(register_no=["TN-101", "TN-102"])
    broken = register().assign(extra=1)  # undeclared column: refused after "register" was written
    with pytest.raises(ContractError):
        write_processed({"register": newer, "submissions": broken}, directory)
    assert {p.name: p.read_bytes() for p in directory.iterdir()} == before
    write_processed({"register": newer}, directory)  # the next run starts clean and replaces the folder
    assert sorted(p.name for p in directory.iterdir()) == ["register.csv", "register.types.json"]
    assert read_table(directory, "register")["register_no"].tolist() == ["TN-101", "TN-102"]
    assert sorted(p.name for p in directory.parent.iterdir()) == ["2023"]  # no staging or previous folder left
