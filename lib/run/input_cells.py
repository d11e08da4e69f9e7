"""What every input held, cell by cell, recorded at publication so that the audit can say what changed.

The auditor holds ``outputs/<run>/`` and the raw files as they are now; the raw
file of the publication may be gone. ``outputs/<run>/audit_inputs.json`` is
therefore published with the run (and hashed in its manifest, so tampering with
it fails the audit too). It holds the text of the params file and, for each raw
workbook and csv, its cells by address (``ChiTieu!C4``; ``C5`` in a csv, row 1
being the header), read with the run's own reader:

- ``values``: the plain value, only where nothing personal can be: the numbers
  typed in a count or rate column of a figure sheet (a sheet whose contract has
  no personal field, i.e. ChiTieu), at most the largest count the contract
  accepts (a longer number may be an ID or a phone typed in the wrong cell), and
  every cell of the registry and the register (the province's own lists);
- ``fingerprints``: for any other cell, 4 hex digits of an HMAC-SHA-256 of the
  address and the value, keyed with the file's SHA-256 at publication (recorded
  in the manifest). Enough to locate a changed cell (a change is missed once in
  65,536 cells, and the file's own hash still fails the audit), too short to
  recover a value by trying candidates: 65,536 candidates share each fingerprint;
- nothing at all for the cells of a personal column (reporter, date of birth,
  ID number, phone, e-mail, person codes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import math
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandera.pandas as pa
import yaml

from lib.contract import schemas as sc
from lib.contract.formats import fmt_date
from lib.contract.params import Limits, load_params
from lib.contract.quality_rules import RULES
from lib.ingest.award_history import HISTORY_FILE
from lib.ingest.crosswalk import CROSSWALK_FILE
from lib.ingest.csv_files import CsvFormatError, read_text_csv
from lib.ingest.inputs import REGISTER_FILE, REGISTRY_FILE
from lib.ingest.sheet_parsing import find_header
from lib.ingest.workbook_reader import read_workbook
from lib.run.provenance import sha256

INPUT_CELLS_FILE = "audit_inputs.json"
FINGERPRINT_DIGITS = 4
# Column kinds whose numbers are figures, not words about a person.
FIGURE_KINDS = frozenset({"count", "rate"})
CSV_MODELS: dict[str, type[pa.DataFrameModel]] = {
    REGISTRY_FILE: sc.RegistryModel,
    REGISTER_FILE: sc.RegisterModel,
    HISTORY_FILE: sc.AwardHistoryModel,
    CROSSWALK_FILE: sc.CrosswalkModel,
}
TEXT_CHANGED = "giá trị đã đổi (nội dung không được lưu, có thể là thông tin cá nhân)"
BLANK = "(trống)"
SUBMISSIONS = "submissions"
_ABSENT = object()  # a key or entry on one side of a params comparison only


@dataclass(frozen=True)
class Reading:
    """How the run read its workbooks (params ``ingest``), recorded so the audit reads the same way."""

    limits: Limits
    header_search_rows: int


@dataclass(frozen=True)
class Change:
    """One difference inside an input: where (cell address or params key path), the value before and after."""

    file: str
    item: str
    old: str
    new: str


def _personal(column: pa.Column | None) -> bool:
    meta = (column.metadata or {}) if column is not None else {}
    return bool(meta.get("personal") or meta.get("person_identifier"))


def _figure_sheet(model: type[pa.DataFrameModel]) -> bool:
    """A sheet of figures: it has count or rate columns and no personal one (ChiTieu)."""
    columns = sc.fields(model).values()
    figures = any((c.metadata or {}).get("kind") in FIGURE_KINDS for c in columns)
    return figures and not any(_personal(c) for c in columns)


def column_letters(index: int) -> str:
    """0 -> 'A', 27 -> 'AB': the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _canonical(value: Any) -> str:
    """One text per value, whatever type the reader gave it (623 and 623.0 are the same number)."""
    if isinstance(value, bool):
        return f"b:{value}"
    if isinstance(value, int | float):
        return f"n:{float(value)!r}"
    if isinstance(value, dt.date | dt.time):
        return f"d:{value.isoformat()}"
    return f"s:{value}"


def fingerprint(key: str, address: str, value: Any) -> str:
    """4 hex digits keyed with the file's SHA-256 at publication: locates a change, reveals no value."""
    digest = hmac.new(bytes.fromhex(key), f"{address}\x1f{_canonical(value)}".encode(), hashlib.sha256)
    return digest.hexdigest()[:FINGERPRINT_DIGITS]


def _plain_number(value: Any) -> int | float | None:
    """A number fit to publish as typed (a figure), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    if abs(value) > sc.MAX_COUNT:
        return None
    return int(value) if float(value).is_integer() else float(value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value == "")


def _record(cells: dict[str, dict[str, Any]], key: str, address: str, value: Any, plain: Any) -> None:
    if plain is not None:
        cells["values"][address] = plain
    else:
        cells["fingerprints"][address] = fingerprint(key, address, value)


def workbook_cells(path: Path, key: str, reading: Reading) -> dict[str, Any]:
    """The cells of the template's sheets of one workbook (values, fingerprints), or why it was not read."""
    grid = read_workbook(path, reading.limits, [sc.sheet_name(m) for m in sc.SUBMISSION_SHEETS])
    if grid.problem:
        return {"problem": grid.problem}
    cells: dict[str, dict[str, Any]] = {"values": {}, "fingerprints": {}}
    for model in sc.SUBMISSION_SHEETS:
        name = grid.matched.get(sc.sheet_name(model))
        if name is None:
            continue
        rows = grid.sheets[name]
        header_row, colmap = find_header(rows, model, reading.header_search_rows) or (len(rows), {})
        columns, figures = sc.fields(model), _figure_sheet(model)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if _blank(value):
                    continue
                column = columns.get(colmap.get(j, "")) if i > header_row else None
                if _personal(column):
                    continue
                kind = (column.metadata or {}).get("kind") if column is not None else None
                plain = _plain_number(value) if figures and kind in FIGURE_KINDS else None
                _record(cells, key, f"{name}!{column_letters(j)}{i + 1}", value, plain)
    return cells


def csv_cells(path: Path, key: str, model: type[pa.DataFrameModel]) -> dict[str, Any]:
    """The cells of the registry or the register, row 1 being the header; plain unless a column is personal."""
    try:
        frame = read_text_csv(path).frame
    except CsvFormatError:
        return {"problem": "file_unreadable"}
    rows = [list(frame.columns), *frame.astype(object).values.tolist()]
    _, colmap = find_header(rows, model, 1) or (0, {})
    columns = sc.fields(model)
    cells: dict[str, dict[str, Any]] = {"values": {}, "fingerprints": {}}
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            column = columns.get(colmap.get(j, ""))
            if _blank(value) or _personal(column):
                continue
            redact = bool((column.metadata or {}).get("redact")) if column is not None else False
            _record(cells, key, f"{column_letters(j)}{i + 1}", value, None if redact else value)
    return cells


def file_cells(raw: Path, path: Path, key: str, reading: Reading) -> dict[str, Any] | None:
    """The cell record of one raw file, or None for a file the run does not read as a table."""
    relative = path.relative_to(raw).parts
    if relative[0] == SUBMISSIONS:
        return workbook_cells(path, key, reading) if len(relative) > 1 else None
    return csv_cells(path, key, CSV_MODELS[path.name]) if len(relative) == 1 and path.name in CSV_MODELS else None


def reading_of(params_path: Path) -> Reading:
    """How the run reads its workbooks, from its params."""
    params = load_params(params_path)
    return Reading(limits=params.ingest.limits, header_search_rows=params.ingest.header_search_rows)


def _file_records(root: Path, run: str, reading: Reading) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each raw table's cells, one file at a time (the record of 13,000 workbooks never sits in memory whole)."""
    raw = root / "data" / "raw" / run
    for path in sorted(p for p in raw.rglob("*") if p.is_file()):
        cells = file_cells(raw, path, sha256(path), reading)
        if cells is not None:
            yield path.relative_to(root).as_posix(), cells


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_input_cells(root: Path, run: str, path: Path) -> Path:
    """``audit_inputs.json``: how workbooks were read, the params text, every raw table's cells.

    One line per file, so that the published file stays readable and diffable; written as the
    files are read, so memory stays that of one file at any scale.
    """
    params_path = root / "params" / f"{run}.yaml"
    reading = reading_of(params_path)
    header = {
        "run": run,
        "reading": {"limits": asdict(reading.limits), "header_search_rows": reading.header_search_rows},
        "params": {params_path.relative_to(root).as_posix(): params_path.read_text(encoding="utf-8")},
    }
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "{\n"
            f'"run": {json.dumps(header["run"])},\n'
            f'"reading": {json.dumps(header["reading"], sort_keys=True)},\n'
            f'"params": {json.dumps(header["params"], ensure_ascii=False)},\n'
            '"files": {\n'
        )
        separator = ""
        for name, cells in _file_records(root, run, reading):
            out.write(f"{separator}{_json(name)}: {_json(cells)}")
            separator = ",\n"
        out.write("\n}}\n")
    return path


def load_input_cells(path: Path) -> dict[str, Any] | None:
    """The record published with a run; None when the run has none (published before it existed)."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def recorded_reading(record: dict[str, Any]) -> Reading:
    reading = record["reading"]
    return Reading(limits=Limits(**reading["limits"]), header_search_rows=reading["header_search_rows"])


def _show(value: Any) -> str:
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return str(value)


def _address_order(address: str) -> tuple[str, int, int]:
    """Sheet, then row, then column: the order a person reads a workbook in."""
    sheet, _, cell = address.rpartition("!")
    letters = "".join(ch for ch in cell if ch.isalpha())
    number = int(cell[len(letters) :] or 0)
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return sheet, number, col


def _readable(cells: dict[str, Any]) -> str:
    """Whether the run could read the file, and if not why, in words (the rule's own sentence)."""
    if "problem" not in cells:
        return "đọc được"
    rule = RULES.get(cells["problem"])
    return f"không đọc được: {rule.vi if rule else cells['problem']}"


def cell_changes(file: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every recorded cell whose value differs, appeared or vanished, in reading order."""
    if "problem" in old or "problem" in new:
        return [Change(file, "(tệp)", _readable(old), _readable(new))]
    changes = []
    addresses = {*old["values"], *old["fingerprints"], *new["values"], *new["fingerprints"]}
    for address in sorted(addresses, key=_address_order):
        was = ("v", old["values"][address]) if address in old["values"] else ("h", old["fingerprints"].get(address))
        now = ("v", new["values"][address]) if address in new["values"] else ("h", new["fingerprints"].get(address))
        if was == now:
            continue
        if was[0] == now[0] == "v":
            changes.append(Change(file, address, _show(was[1]), _show(now[1])))
        elif was == ("h", None):
            changes.append(Change(file, address, BLANK, _show(now[1]) if now[0] == "v" else TEXT_CHANGED))
        elif now == ("h", None):
            changes.append(Change(file, address, _show(was[1]) if was[0] == "v" else TEXT_CHANGED, BLANK))
        else:
            changes.append(Change(file, address, TEXT_CHANGED, TEXT_CHANGED))
    return changes


def _show_param(value: Any) -> str:
    if isinstance(value, dt.date):
        return fmt_date(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    if value is None:
        return "(không có)"
    return str(value).lower() if isinstance(value, bool) else str(value)


def _keyed(items: list[Any]) -> dict[str, Any] | None:
    """A list of entries with unique codes (criteria, KPIs, bands) keyed by code; None for any other list."""
    codes = [item.get("code") for item in items if isinstance(item, dict)]
    if len(codes) != len(items) or None in codes or len(set(codes)) != len(codes):
        return None
    return {str(c): item for c, item in zip(codes, items, strict=True)}


def _walk(old: Any, new: Any, path: str, out: list[tuple[str, Any, Any]]) -> None:
    """Descend both params trees together, noting every leaf (or whole subtree) that differs."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            step = f"{path}.{key}" if path else str(key)
            _walk(old.get(key, _ABSENT), new.get(key, _ABSENT), step, out)
        return
    if isinstance(old, list) and isinstance(new, list):
        keyed_old, keyed_new = _keyed(old), _keyed(new)
        if keyed_old is not None and keyed_new is not None:
            for code in [*keyed_old, *(c for c in keyed_new if c not in keyed_old)]:
                _walk(keyed_old.get(code, _ABSENT), keyed_new.get(code, _ABSENT), f"{path}[{code}]", out)
            return
        if len(old) == len(new):
            for i, (a, b) in enumerate(zip(old, new, strict=True)):
                _walk(a, b, f"{path}[{i}]", out)
            return
    if old is _ABSENT or new is _ABSENT or old != new:
        out.append((path, None if old is _ABSENT else old, None if new is _ABSENT else new))


def params_changes(file: str, old_text: str, new_text: str) -> list[Change]:
    """The params as nested data: each key path that differs (``criteria[TC04].weight``) with both values."""
    found: list[tuple[str, Any, Any]] = []
    _walk(yaml.safe_load(old_text), yaml.safe_load(new_text), "", found)
    return [Change(file, path, _show_param(old), _show_param(new)) for path, old, new in found]
