"""Write and read the intermediate tables of ``data/processed/<run>/``.

Plain UTF-8 csv, so an auditor can open every intermediate table. The columns
and their types are those of the output contract (:mod:`lib.contract.tables`):
the writer refuses a frame that differs from its declaration, the reader
restores the declared types (dates, booleans, nullable integers, codes kept
as text). A ``.types.json`` beside each csv spells the types out for people
and other tools.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pandas as pd

from lib.contract.tables import TABLES, ContractError, Table, check_columns, table


def _kind(series: pd.Series) -> str | None:
    """The kind the values of a column have; None when the column holds no value at all."""
    if not series.notna().any():
        return None
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if isinstance(series.dtype, pd.Int64Dtype):
        return "Int64"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        return "float"
    # As plain objects: a Categorical maps to a Categorical (one group, one category) with no .all().
    present = series.dropna().astype(object)
    if present.map(lambda v: isinstance(v, bool)).all():
        return "bool"
    if present.map(lambda v: isinstance(v, dt.date)).all():
        return "date"
    return "str"


# Kinds a declared kind may be held as in memory (an all-missing int column is float, and so on).
_COMPATIBLE = {
    "str": {"str"},
    "int": {"int"},
    "Int64": {"Int64", "int", "float"},
    "float": {"float", "int"},
    "bool": {"bool"},
    "date": {"date"},
}


def _check_kinds(frame: pd.DataFrame, declared: Table) -> dict[str, str]:
    """{column: declared kind}, refusing a column whose values are of another kind."""
    kinds = {}
    for col in frame.columns:
        kind = declared.kind_of(col)
        held = _kind(frame[col])
        if held is not None and held not in _COMPATIBLE[kind]:
            raise ContractError(f"table {declared.name}: column {col} holds {held} values, declared {kind}")
        kinds[col] = kind
    return kinds


def write_table(
    frame: pd.DataFrame, directory: Path, name: str, criteria: Iterable[tuple[str, str]] | None = None
) -> Path:
    """One declared table as ``<name>.csv`` plus its column types; returns the csv path.

    ``criteria`` ((code, measure) per criterion) is needed for a table with
    per-criterion columns, whose exact order then is checked too.
    """
    declared = table(name)
    if criteria is not None or not declared.per_criterion:
        check_columns(declared, list(frame.columns), criteria or ())
    kinds = _check_kinds(frame, declared)
    path = directory / f"{name}.csv"
    directory.mkdir(parents=True, exist_ok=True)
    # Each file is written under a temporary name and renamed; the types first, so a csv is never
    # there without its .types.json, whatever interrupts the run.
    types = path.with_suffix(".types.json")
    _replace(types, lambda tmp: tmp.write_text(json.dumps(kinds, indent=1) + "\n", encoding="utf-8"))
    _replace(
        path,
        lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n", date_format="%Y-%m-%d"),
    )
    return path


def _replace(path: Path, write: Callable[[Path], object]) -> None:
    """Write a file beside ``path`` and rename it into place (atomic on one file system)."""
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    os.replace(tmp, path)


def read_table(directory: Path, name: str) -> pd.DataFrame:
    """A table written by :func:`write_table`, with its declared types restored."""
    declared = table(name)
    frame = pd.read_csv(directory / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    frame = frame.replace({"": None})
    for col in frame.columns:
        kind, values = declared.kind_of(col), frame[col]
        if kind == "bool":
            frame[col] = values.map({"True": True, "False": False}).astype(object if values.isna().any() else bool)
        elif kind in {"float", "int", "Int64"}:
            numbers = pd.to_numeric(values)
            frame[col] = (
                numbers.astype("Int64")
                if kind == "Int64"
                else numbers.astype("int64" if kind == "int" and values.notna().all() else "float64")
            )
        elif kind == "date":
            frame[col] = values.map(lambda v: dt.date.fromisoformat(v) if isinstance(v, str) else None).astype(object)
    return frame


def write_processed(tables: Mapping[str, pd.DataFrame], directory: Path) -> list[Path]:
    """Write the declared tables (name -> frame) as the whole new content of ``directory``; the csv paths.

    They are written into a staging folder beside it, which replaces the folder
    only when every table is written and checked: a run that fails half-way
    leaves the previous tables as they were, and the next run starts clean.
    """
    staging = directory.with_name(f".staging-{directory.name}")
    if staging.exists():
        shutil.rmtree(staging)  # what a killed run left behind
    names = [write_table(frame, staging, name).name for name, frame in tables.items()]
    replace_folder(staging, directory)
    return [directory / name for name in names]


def replace_folder(staging: Path, final: Path) -> None:
    """Swap a finished staging folder into place; the old folder goes only after."""
    previous = final.with_name(f".previous-{final.name}")
    if previous.exists():
        shutil.rmtree(previous)
    if final.exists():
        final.rename(previous)
    staging.rename(final)
    if previous.exists():
        shutil.rmtree(previous)


def read_processed(directory: Path, names: Iterable[str] | None = None) -> dict[str, pd.DataFrame]:
    """The named tables of the folder (default: every declared table it holds).

    A named table that is missing is a clear error, not a KeyError three cells later.
    """
    if names is None:
        names = [name for name, t in TABLES.items() if t.processed and (directory / f"{name}.csv").exists()]
    out = {}
    for name in names:
        if not (directory / f"{name}.csv").exists():
            raise FileNotFoundError(f"{directory / name}.csv is missing: run the notebook that writes it first")
        out[name] = read_table(directory, name)
    return out
