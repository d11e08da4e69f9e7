"""Read one sheet of a submission against its schema.

Finds the header row even when title rows push it down, maps columns by
their Vietnamese label (accents optional), parses each cell by the kind the
schema declares, skips blank rows, sets subtotal rows aside, then lets pandera
judge the typed rows. Each non-blank row below the header ends up accepted or
rejected with the rule it broke.

What the cell values alone do not show comes from the reader
(:class:`lib.ingest.sheet_notes.SheetNotes`): a formula (its cached value is used, with a
warning; without one the cell is rejected), an Excel error value, merged
cells, blank rows at the end. Text is checked as it is read: a cell beyond
``max_text_chars`` is refused before any repair, personal data in published
text is hidden, markup and formula-like text is kept as inert text with a
warning, and free text longer than ``max_text_kept`` is cut to it with a
warning: a long evidence reference never costs the counts on its row.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pandera.pandas as pa
from xlsxwriter.utility import xl_col_to_name

from lib.contract.labels import PERSONAL_KINDS_VI
from lib.contract.quality_rules import RULES
from lib.contract.schemas import fields, table_meta
from lib.ingest import value_parsing as vp
from lib.ingest.findings import Issue, show_value
from lib.ingest.text_repair import fold_key, redact_personal, strip_diacritics
from lib.ingest.workbook_reader import SheetNotes

# "Tổng cộng", "Tổng số ...", or a bare "Tổng" / "Cộng" (maybe with ':' or a
# number after it); "Tổng đài 1022" and "Cộng đồng số" are product names.
_SUBTOTAL = re.compile(r"^(?:tổng cộng|tổng số)\b|^(?:tổng|cộng)(?!\s*[^\W\d_])")
_PARSERS = {
    "code": vp.parse_code,
    "text": vp.parse_text,
    "count": vp.parse_count,
    "rate": vp.parse_rate,
    "date": vp.parse_date,
    "bool": vp.parse_bool,
}
# Text a browser would take for markup, and text a spreadsheet would take for a
# formula ("-2+3+cmd|..." is one; "- " starting a bullet point is ordinary text).
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>|javascript\s*:", re.IGNORECASE)
_FORMULA_LEAD = re.compile(r"^(?:[=+@]|-(?=\S))")
_CHECK_RULES = {
    "not_nullable": "required_missing",
    "isin": "not_in_list",
    "str_length": "text_too_long",
    "less_than_or_equal_to": "count_too_large",
    "greater_than_or_equal_to": "negative_count",
    "field_uniqueness": "duplicate_key",
}


@dataclass
class SheetResult:
    """Typed rows (with their Excel row number) and the rows already rejected.

    Rows are kept as records: a run builds one frame per table from all its
    files (:func:`records_frame`), not one per sheet (13,000 files × 5 sheets
    of frames cost more than the parsing itself).
    """

    columns: list[str]
    records: list[dict[str, Any]] = field(default_factory=list)
    rows_read: int = 0
    rejected_rows: set[int] = field(default_factory=set)
    issues: list[Issue] = field(default_factory=list)
    sheet_problem: str | None = None

    @property
    def frame(self) -> pd.DataFrame:
        """The typed rows as a frame."""
        return records_frame(self.records, self.columns)


def records_frame(records: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """One frame from parsed records (of one sheet or of many files)."""
    return pd.DataFrame(records, columns=columns)


def label_key(text: Any) -> str:
    """Header text reduced to letters and digits, accents dropped."""
    return _label_key(str(text)) if text is not None else ""


@functools.lru_cache(maxsize=65_536)
def _label_key(text: str) -> str:
    return "".join(ch for ch in strip_diacritics(text) if ch.isalnum())


def _columns(model: type[pa.DataFrameModel], schema: pa.DataFrameSchema | None) -> dict[str, pa.Column]:
    """The columns to read: the run's titled schema when given (``lib.contract.schemas.titled_schema``)."""
    return dict(schema.columns) if schema is not None else fields(model)


def _header_map(columns: dict[str, pa.Column]) -> dict[str, str]:
    mapping = {}
    for name, column in columns.items():
        mapping[label_key(column.title)] = name
        mapping[label_key(name)] = name
    return mapping


def find_header(
    rows: list[list[Any]],
    model: type[pa.DataFrameModel],
    search_rows: int,
    schema: pa.DataFrameSchema | None = None,
) -> tuple[int, dict[int, str]] | None:
    """(row index, {column index: field}) of the first row that looks like the header.

    Headers are matched against the titles of ``schema`` (the run's titled schema) when given.
    """
    columns = _columns(model, schema)
    mapping = _header_map(columns)
    needed = max(2, len(columns) // 2)
    for i, row in enumerate(rows[:search_rows]):
        found = {j: mapping[label_key(cell)] for j, cell in enumerate(row) if label_key(cell) in mapping}
        if len(set(found.values())) >= min(needed, len(columns)):
            return i, found
    return None


def _is_subtotal(row: list[Any]) -> bool:
    first_text = next((c for c in row if isinstance(c, str) and c.strip()), None)
    # Diacritics matter: "Cộng" (total) is a subtotal, "Cổng" (portal) is not.
    # Only the start of the cell matters (a cell may hold a megabyte).
    return first_text is not None and bool(_SUBTOTAL.match(fold_key(first_text[:64])))


def parse_sheet(
    rows: list[list[Any]],
    model: type[pa.DataFrameModel],
    *,
    file: str,
    sheet: str,
    search_rows: int = 15,
    notes: SheetNotes | None = None,
    max_text_chars: int | None = None,
    max_text_kept: int | None = None,
    schema: pa.DataFrameSchema | None = None,
) -> SheetResult:
    """Parse a sheet grid into typed rows (not yet validated) and cell issues.

    The frame carries ``_file``, ``_sheet``, ``_row`` (the Excel row number)
    and ``_letters`` (field -> column letter) so that :func:`validate_table`
    can point at the cell after concatenation. ``schema``: the run's titled
    schema of the model, whose titles the header must carry.
    """
    columns = _columns(model, schema)
    notes = notes or SheetNotes()
    frame_columns = [*columns, "_row", "_file", "_sheet", "_letters"]
    header = find_header(rows, model, search_rows, schema)
    if header is None:
        result = SheetResult(columns=frame_columns, sheet_problem="header_not_found")
        result.issues.append(
            Issue(file=file, sheet=sheet, rule="header_not_found", severity="error", action="rejected_file")
        )
        return result
    header_index, colmap = header
    result = SheetResult(columns=frame_columns)
    for j, cell in enumerate(rows[header_index]):
        if j not in colmap and not vp.is_blank(cell):
            result.issues.append(
                Issue(
                    file=file,
                    sheet=sheet,
                    row=header_index + 1,
                    column=xl_col_to_name(j),
                    value=show_value(cell),
                    rule="unknown_column",
                    severity="info",
                    action="ignored",
                )
            )
    result.issues.extend(_sheet_notes(notes, header_index, file=file, sheet=sheet))
    present = set(colmap.values())
    keep_rows = bool(table_meta(model).get("keep_rows"))
    missing_required = [n for n, c in columns.items() if not c.nullable and n not in present]
    noted_rows = {r for r, _ in notes.formulas} | {r for r, _ in notes.errors}
    cells = _CellContext(notes=notes, max_text_chars=max_text_chars, max_text_kept=max_text_kept, keep_rows=keep_rows)
    records: list[dict[str, Any]] = []
    for i in range(header_index + 1, len(rows)):
        row = rows[i]
        if i not in noted_rows and all(vp.is_blank(c) for c in row):
            continue
        excel_row = i + 1
        result.rows_read += 1
        if _is_subtotal(row):
            result.rejected_rows.add(excel_row)
            result.issues.append(
                Issue(
                    file=file,
                    sheet=sheet,
                    row=excel_row,
                    value=show_value(row[0] if row else ""),
                    rule="subtotal_row",
                    severity="error",
                    action="rejected_row",
                )
            )
            continue
        if missing_required and not keep_rows:
            result.rejected_rows.add(excel_row)
            continue
        record, row_ok = _parse_row(
            row, colmap, columns, file=file, sheet=sheet, excel_row=excel_row, issues=result.issues, cells=cells
        )
        if row_ok:
            records.append(record)
        else:
            result.rejected_rows.add(excel_row)
    for name in missing_required:
        result.issues.append(
            Issue(
                file=file,
                sheet=sheet,
                row=header_index + 1,
                column=columns[name].title,
                rule="missing_column",
                severity="error",
                action="rejected_value" if keep_rows else "rejected_row",
                detail="" if keep_rows else f"{result.rows_read} dòng bị loại",
            )
        )
    letters = {name: xl_col_to_name(j) for j, name in colmap.items()}
    for record in records:
        record.update(_file=file, _sheet=sheet, _letters=letters)
    result.records = records
    return result


@dataclass
class _CellContext:
    """What the row parser needs besides the row: the reader's notes and the two text limits.

    ``max_text_chars`` refuses a cell unread (a resource limit); ``max_text_kept``
    cuts free text that was read (a length for the data, never a reason to drop a row).
    ``keep_rows``: the sheet holds nominations; a bad or missing required value
    is dropped with its finding and the row is kept (see :mod:`lib.contract.schemas`).
    """

    notes: SheetNotes
    max_text_chars: int | None = None
    max_text_kept: int | None = None
    keep_rows: bool = False


def _sheet_notes(notes: SheetNotes, header_index: int, *, file: str, sheet: str) -> list[Issue]:
    """Merged ranges that reach the header or the data, and blank rows left at the end."""
    issues = []
    for (r1, c1), (r2, c2) in notes.merged:
        if r2 < header_index:
            continue  # a merged title above the header is layout, not data
        first, last = f"{xl_col_to_name(c1)}{r1 + 1}", f"{xl_col_to_name(c2)}{r2 + 1}"
        issues.append(
            Issue(
                file=file,
                sheet=sheet,
                row=r1 + 1,
                column=f"{xl_col_to_name(c1)}:{xl_col_to_name(c2)}",
                value=f"{first}:{last}",
                rule="merged_cells",
                severity="warning",
                action="ignored",
            )
        )
    if notes.merged_total > len(notes.merged):
        issues.append(
            Issue(
                file=file,
                sheet=sheet,
                rule="merged_cells",
                severity="warning",
                action="ignored",
                detail=f"và {notes.merged_total - len(notes.merged)} vùng gộp khác",
            )
        )
    if notes.trailing_blank_rows:
        issues.append(
            Issue(
                file=file,
                sheet=sheet,
                row=notes.last_row + 1,
                rule="blank_rows_ignored",
                severity="info",
                action="ignored",
                detail=f"{notes.trailing_blank_rows:,} dòng".replace(",", "."),
            )
        )
    return issues


def _parse_row(
    row: list[Any],
    colmap: dict[int, str],
    columns: dict[str, pa.Column],
    *,
    file: str,
    sheet: str,
    excel_row: int,
    issues: list[Issue],
    cells: _CellContext | None = None,
) -> tuple[dict[str, Any], bool]:
    cells = cells or _CellContext(notes=SheetNotes())
    record: dict[str, Any] = {name: None for name in columns}
    record["_row"] = excel_row
    ok = True
    fractions: dict[str, tuple[str, vp.Parsed, vp.Parsed, Any, bool]] = {}
    for j, name in colmap.items():
        raw = row[j] if j < len(row) else None
        meta = columns[name].metadata or {}
        kind = meta.get("kind", "text")
        personal = bool(meta.get("personal"))
        where = dict(file=file, sheet=sheet, row=excel_row, column=f"{xl_col_to_name(j)} ({columns[name].title})")
        raw, from_formula = _fraction_formula(raw, (excel_row - 1, j), kind, cells, where, issues)
        parsed, shown = _read_cell(raw, (excel_row - 1, j), kind, meta, cells, where, issues, formula_read=from_formula)
        pair = meta.get("fraction_pair")
        split = vp.parse_fraction(raw) if pair and parsed.problem and shown is None else None
        if split is not None:
            fractions[name] = (pair, *split, where, from_formula)
            continue
        if parsed.problem:
            required = not columns[name].nullable and not cells.keep_rows
            issues.append(
                Issue(
                    **where,
                    value="" if personal else show_value(raw if shown is None else shown),
                    rule=parsed.problem,
                    severity="error",
                    action="rejected_row" if required else "rejected_value",
                )
            )
            ok = ok and not required
            continue
        value = parsed.value
        if isinstance(value, str) and not personal and kind in {"text", "code"}:
            value = _check_text(value, meta, where, issues)
        # Optional free text is cut, never rejected; a required text (a name) keeps the length its schema sets.
        if isinstance(value, str) and kind == "text" and columns[name].nullable and cells.max_text_kept is not None:
            value = _cut_text(value, cells.max_text_kept, where, issues, personal=personal)
        if parsed.repaired and not personal and not from_formula:
            issues.append(
                Issue(**where, value=show_value(raw), rule=parsed.repaired, severity="warning", action="repaired")
            )
        record[name] = value
    # "45/60" typed into the numerator cell: split it, unless the unit also
    # filled the denominator (then the two disagree and the row is rejected).
    for name, (pair, num, den, where, from_formula) in fractions.items():
        if record[pair] is None:
            record[name], record[pair] = num.value, den.value
            if from_formula:
                continue  # its formula_fraction warning already says how it was read
            issues.append(
                Issue(
                    **where,
                    value=f"{num.value:g}/{den.value:g}",
                    rule="fraction_in_cell",
                    severity="warning",
                    action="repaired",
                )
            )
        else:
            issues.append(
                Issue(
                    **where,
                    value=f"{num.value:g}/{den.value:g}",
                    rule="not_a_number",
                    severity="error",
                    action="rejected_row",
                )
            )
            ok = False
    read = set(colmap.values())
    for name, column in columns.items():
        if not column.nullable and record[name] is None and ok and name in read:
            # A value that was there but unreadable already has its finding.
            if cells.keep_rows and not vp.is_blank(_cell(row, colmap, name)):
                continue
            issues.append(
                Issue(
                    file=file,
                    sheet=sheet,
                    row=excel_row,
                    column=column.title,
                    rule="required_missing",
                    severity="error",
                    action="rejected_value" if cells.keep_rows else "rejected_row",
                )
            )
            ok = cells.keep_rows
    return record, ok


def _cell(row: list[Any], colmap: dict[int, str], name: str) -> Any:
    """The raw cell of field ``name`` in a row (None when the row is short)."""
    j = next(j for j, n in colmap.items() if n == name)
    return row[j] if j < len(row) else None


# A formula that is only a fraction of two whole numbers ("=43/44"): the unit typed its counts.
_WHOLE_FRACTION = re.compile(r"\s*\(?\s*(\d{1,9})\s*\)?\s*/\s*\(?\s*(\d{1,9})\s*\)?\s*")


def _fraction_formula(
    raw: Any, at: tuple[int, int], kind: str, cells: _CellContext, where: dict[str, Any], issues: list[Issue]
) -> tuple[Any, bool]:
    """'=43/44' in a count or rate cell is read as the text '43/44' (numerator 43, denominator 44), with a warning.

    A clerk who types "=43/44" means the two counts, which are the data of
    record; the cached 0.977 would be rejected as a fractional count, or keep
    the rate and lose the counts. Any other formula keeps its cached value.
    """
    formula = cells.notes.formulas.get(at)
    match = _WHOLE_FRACTION.fullmatch(formula[0]) if formula is not None and kind in {"count", "rate"} else None
    if match is None:
        return raw, False
    text = f"{int(match.group(1))}/{int(match.group(2))}"
    issues.append(
        Issue(
            **where,
            value=show_value("=" + formula[0]),
            rule="formula_fraction",
            severity="warning",
            action="repaired",
            detail=f"đọc như {text}",
        )
    )
    return text, True


def _read_cell(
    raw: Any,
    at: tuple[int, int],
    kind: str,
    meta: dict[str, Any],
    cells: _CellContext,
    where: dict[str, Any],
    issues: list[Issue],
    *,
    formula_read: bool = False,
) -> tuple[vp.Parsed, str | None]:
    """Parse one cell after what the reader noted about it: (parsed, what to show instead of the raw value).

    ``formula_read``: the cell's formula was already read as a fraction (:func:`_fraction_formula`).
    """
    if at in cells.notes.errors:
        return vp.Parsed(problem="excel_error_value"), cells.notes.errors[at]
    formula = None if formula_read else cells.notes.formulas.get(at)
    if formula is not None:
        text, has_value = formula
        shown = "=" + text if text else "(công thức dùng chung)"
        if not has_value:
            return vp.Parsed(problem="formula_no_value"), shown
        issues.append(
            Issue(
                **where,
                value=show_value(shown),
                rule="formula_cached_value",
                severity="warning",
                action="repaired",
                detail=f"giá trị đã lưu: {show_value(raw)}",
            )
        )
    if cells.max_text_chars is not None and isinstance(raw, str) and len(raw) > cells.max_text_chars:
        return vp.Parsed(problem="cell_too_large"), f"{len(raw):,} ký tự: {raw[:40]}".replace(",", ".")
    parsed = vp.parse_choice(raw, meta["choices"]) if kind == "choice" else _PARSERS[kind](raw)
    return parsed, None


def _check_text(value: str, meta: dict[str, Any], where: dict[str, Any], issues: list[Issue]) -> str:
    """Hide personal data in published text; flag markup and formula-like text (kept, as text)."""
    if meta.get("redact"):
        value, kinds = redact_personal(value)
        if kinds:
            issues.append(
                Issue(
                    **where,
                    rule="personal_data_redacted",
                    severity="warning",
                    action="repaired",
                    detail=", ".join(PERSONAL_KINDS_VI[k] for k in kinds),
                )
            )
    if _MARKUP.search(value):
        issues.append(Issue(**where, value=show_value(value), rule="markup_in_text", severity="warning", action="kept"))
    if _FORMULA_LEAD.match(value):
        issues.append(
            Issue(**where, value=show_value(value), rule="formula_like_text", severity="warning", action="kept")
        )
    return value


def _cut_text(value: str, limit: int, where: dict[str, Any], issues: list[Issue], *, personal: bool) -> str:
    """Free text beyond ``limit`` characters, cut to ``limit`` (the last one "…"), with a warning.

    Runs after redaction, so a phone number at the cut is hidden whole rather
    than left half visible. A personal value is cut without being shown.
    """
    if len(value) <= limit:
        return value
    issues.append(
        Issue(
            **where,
            value="" if personal else show_value(value),
            rule="text_truncated",
            severity="warning",
            action="repaired",
            detail=f"{_thousands(len(value))} ký tự, giữ {_thousands(limit)}",
        )
    )
    return value[: limit - 1] + "…"


def _thousands(n: int) -> str:
    """1.234: the Vietnamese thousands separator, as the units read numbers."""
    return f"{n:,}".replace(",", ".")


def _coerce(typed: pd.DataFrame, columns: dict[str, pa.Column], keep_rows: bool = False) -> pd.DataFrame:
    """The declared dtypes; a kept nomination's missing yes/no stays missing (never read as "Không")."""
    out = typed.copy()
    for name, column in columns.items():
        dtype = str(column.dtype)
        if dtype == "bool" and keep_rows:
            out[name] = out[name].map(lambda v: None if v is None or v is pd.NA else bool(v)).astype(object)
        elif dtype == "bool":
            out[name] = out[name].astype(bool)
        elif dtype.startswith("float"):
            out[name] = pd.to_numeric(out[name], errors="coerce").astype("float64")
        elif dtype.startswith("str"):
            out[name] = out[name].astype("str").where(out[name].notna(), None)
    return out


@dataclass
class TableCheck:
    """A whole table judged by its schema: what passed and what did not."""

    valid: pd.DataFrame
    rejected: pd.DataFrame  # _file, _row of every rejected row
    issues: list[Issue]


def validate_table(
    typed: pd.DataFrame,
    model: type[pa.DataFrameModel],
    extra_row_checks: dict[str, pa.Check] | None = None,
    schema: pa.DataFrameSchema | None = None,
) -> TableCheck:
    """Validate the rows of many files at once (``_file``, ``_sheet``, ``_row`` columns).

    One pandera call per table instead of one per sheet: at national scale
    that is five calls instead of fifty thousand. Duplicate keys are judged
    within each file. A ``keep_rows`` table (nominations) loses the failing
    value, never the row; a repeated key there is reported and kept, for the
    award rules to judge. ``schema``: the run's titled schema (its params' lists checked).
    """
    columns = _columns(model, schema)
    keep_rows = bool(table_meta(model).get("keep_rows"))
    frame = _coerce(typed, columns, keep_rows).reset_index(drop=True)
    schema = schema if schema is not None else model.to_schema()
    if keep_rows:  # missing values are judged by the award gates, not here
        for name, column in columns.items():
            dtype = None if str(column.dtype) == "bool" else column.dtype
            schema = schema.update_column(name, nullable=True, dtype=dtype)
    for name, check in (extra_row_checks or {}).items():
        schema = schema.update_column(name, checks=[*schema.columns[name].checks, check])
    try:
        schema.validate(frame, lazy=True)
        failed = pd.DataFrame(columns=["index", "column", "check", "failure_case", "schema_context"])
    except pa.errors.SchemaErrors as exc:
        failed = exc.failure_cases
    issues: list[Issue] = []
    bad_index: set[int] = set()
    reported: set[tuple[int, str]] = set()
    dropped: list[tuple[int, str]] = []
    for case in failed.itertuples(index=False):
        if pd.isna(case.index):
            continue
        idx = int(case.index)
        check = str(case.check)
        code = check if check in RULES else _CHECK_RULES.get(check.split("(")[0], "value_rejected")
        if code == "text_too_long" and _too_short(check, case.failure_case):
            code = "value_rejected"
        # A dataframe-wide check fails once per column; report the row once.
        frame_wide = case.schema_context == "DataFrameSchema"
        column = _column_label(frame, idx, case.column, columns) if not frame_wide else ""
        value = case.failure_case if not frame_wide else _row_summary(frame.loc[idx], code)
        meta = (columns[case.column].metadata or {}) if case.column in columns else {}
        if meta.get("personal"):
            value = ""  # personal data (an ID number...) never reaches the issue list
        # An optional personal value (an ID typed as a number loses its leading
        # zero) is dropped with a warning; it never costs the nomination.
        personal_drop = bool(meta.get("personal")) and not frame_wide and columns[case.column].nullable
        drop_only = personal_drop or (keep_rows and not frame_wide)
        if (idx, code + column) not in reported:
            reported.add((idx, code + column))
            where = _cell_address(frame, idx, case.column) if not frame_wide else ""
            detail = "; ".join(part for part in (where, _check_words(check)) if part)
            issue = _row_issue(frame, idx, column=column, value=value, rule_code=code, detail=detail)
            if drop_only:
                severity = "warning" if personal_drop else "error"
                issue = Issue(**{**issue.__dict__, "severity": severity, "action": "rejected_value"})
            issues.append(issue)
        if drop_only:
            dropped.append((idx, case.column))
        else:
            bad_index.add(idx)
    for idx, name in dropped:
        frame.at[idx, name] = None
    key = [k for k in table_meta(model).get("key", []) if k in frame.columns]
    if key and len(frame):
        keyed = frame[key].notna().all(axis=1)
        repeated = frame.duplicated(subset=["_file", *key], keep="first") & keyed & ~frame.index.isin(bad_index)
        for idx in frame.index[repeated]:
            issue = _row_issue(
                frame,
                int(idx),
                column=_column_label(frame, int(idx), key[0], columns),
                value=_shown_key(frame.at[idx, key[0]], columns.get(key[0])),
                rule_code="duplicate_key",
                detail=_cell_address(frame, int(idx), key[0]),
            )
            if keep_rows:
                rule_code = str(table_meta(model).get("repeated_key_rule", "duplicate_key"))
                issue = Issue(**{**issue.__dict__, "rule": rule_code, "action": "excluded"})
            issues.append(issue)
        if not keep_rows:
            bad_index.update(int(i) for i in frame.index[repeated])
    bad = sorted(bad_index)
    return TableCheck(
        valid=frame.drop(index=bad).reset_index(drop=True),
        rejected=frame.loc[bad, ["_file", "_row"]].reset_index(drop=True),
        issues=issues,
    )


def _shown_key(value: Any, column: pa.Column | None) -> Any:
    """A repeated key as a finding shows it: a person's code is not shown (the cell address says where)."""
    meta = (column.metadata or {}) if column is not None else {}
    return "" if meta.get("person_identifier") or meta.get("personal") else value


def _column_label(frame: pd.DataFrame, idx: int, name: Any, columns: dict[str, pa.Column]) -> str:
    """The template title of the column (the cell address goes in the detail, see :func:`_cell_address`)."""
    return str(columns[name].title) if name in columns else ""


def _cell_address(frame: pd.DataFrame, idx: int, name: Any) -> str:
    """'ô C5': the column letter in that file (columns may be reordered) and the Excel row."""
    letters = frame.at[idx, "_letters"] if "_letters" in frame.columns else None
    letter = letters.get(name) if isinstance(letters, dict) else None
    return f"ô {letter}{int(frame.at[idx, '_row'])}" if letter else ""


def _check_words(check: str) -> str:
    """The limit a schema check states, in words a clerk reads ("độ dài 2-200 ký tự"); "" for the others.

    The check's own name (``str_length(2, 200)``, ``numerator_above_denominator``) is a code: the rule's
    message already says what is wrong, this adds only the numbers.
    """
    numbers = re.findall(r"-?\d+(?:\.\d+)?", check)
    if check.startswith("str_length(") and len(numbers) == 2:
        return f"độ dài {numbers[0]}-{numbers[1]} ký tự"
    if check.startswith("less_than_or_equal_to(") and numbers:
        return f"tối đa {_thousands(int(float(numbers[0])))}"
    if check.startswith("greater_than_or_equal_to(") and numbers:
        return f"tối thiểu {_thousands(int(float(numbers[0])))}"
    return ""


def _too_short(check: str, value: Any) -> bool:
    """True when a 'str_length(min, max)' failure is below the minimum, not above the maximum."""
    match = re.match(r"str_length\((\d+),", check)
    return bool(match) and isinstance(value, str) and len(value) < int(match.group(1))


def _row_issue(frame: pd.DataFrame, idx: int, *, column: str, value: Any, rule_code: str, detail: str = "") -> Issue:
    return Issue(
        file=str(frame.at[idx, "_file"]),
        sheet=str(frame.at[idx, "_sheet"]),
        row=int(frame.at[idx, "_row"]),
        column=column,
        value=show_value(value),
        rule=rule_code,
        severity="error",
        action="rejected_row",
        detail=detail,
    )


def _row_summary(row: pd.Series, code: str) -> str:
    """The values a row-wide rule looked at, e.g. '25/18' for numerator above denominator."""
    if code == "numerator_above_denominator":
        return f"{row['numerator']:g}/{row['denominator']:g}"
    return ""
