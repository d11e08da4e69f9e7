"""Write and read the intermediate tables of ``data/processed/<run>/``.

Plain UTF-8 csv, so an auditor can open every intermediate table, with a
small ``.types.json`` beside each one so the next notebook gets the same
types back (dates, booleans, nullable integers, codes kept as text).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from lib.ingest.inputs import IngestResult


def _kind(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if isinstance(series.dtype, pd.Int64Dtype):
        return "Int64"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        return "float"
    present = series.dropna()
    if len(present) and present.map(lambda v: isinstance(v, bool)).all():
        return "bool"
    if len(present) and present.map(lambda v: isinstance(v, dt.date)).all():
        return "date"
    return "str"


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """One table as csv plus its column types."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n", date_format="%Y-%m-%d")
    types = {col: _kind(frame[col]) for col in frame.columns}
    path.with_suffix(".types.json").write_text(json.dumps(types, indent=1) + "\n", encoding="utf-8")


def read_table(path: Path) -> pd.DataFrame:
    """A table written by :func:`write_table`, with its types restored."""
    types = json.loads(path.with_suffix(".types.json").read_text(encoding="utf-8"))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8").replace({"": None})
    for col, kind in types.items():
        values = frame[col]
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


def write_processed(result: IngestResult, directory: Path) -> list[Path]:
    """Write every clean table of the ingest stage; return the csv paths."""
    frames = {
        "registry": result.registry,
        "register": result.register,
        "submissions": result.submissions,
        "issues": result.issues,
        **result.tables,
    }
    paths = []
    for name, frame in frames.items():
        write_table(frame, directory / f"{name}.csv")
        paths.append(directory / f"{name}.csv")
    return paths


def read_processed(directory: Path) -> dict[str, pd.DataFrame]:
    """Every table of the folder, by file stem."""
    return {path.stem: read_table(path) for path in sorted(directory.glob("*.csv"))}
