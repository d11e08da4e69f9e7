"""Stage 1: read every submission in ``data/raw/<year>/`` into clean tables.

One unit's broken file never stops the others: each file is read on its own
and anything wrong becomes an :class:`~lib.issues.Issue`. Every non-blank row
below a header is counted once, as accepted or rejected, in the row
accounting. Raw files are only ever opened for reading; symbolic links are
reported, never followed; every file is checked against the resource limits
of params ``ingest.limits`` before it is parsed (see :mod:`lib.ingest.workbook_reader`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from lib.contract import schemas as sc
from lib.contract.labels import UNIT_LIST_SHEET
from lib.contract.params import Params
from lib.contract.tables import ROW_ACCOUNTING, SUBMISSIONS
from lib.ingest.attribution import code_from_file_name
from lib.ingest.award_history import read_history
from lib.ingest.crosswalk import load_crosswalk
from lib.ingest.csv_files import CsvFormatError, CsvTable, read_text_csv
from lib.ingest.date_swaps import swapped_date_issues
from lib.ingest.findings import Issue, issues_frame, show_value
from lib.ingest.parallel_read import read_all
from lib.ingest.sheet_parsing import find_header, parse_sheet, records_frame, validate_table
from lib.ingest.text_repair import clean_text, fold_key, printable
from lib.ingest.unit_matching import UnitMatcher
from lib.ingest.verification import verify
from lib.ingest.workbook_reader import read_workbook, sheet_key

SUBMISSIONS_DIR = "submissions"
REGISTRY_FILE = "registry.csv"
REGISTER_FILE = "register.csv"
RECEIVED_TITLE = str(sc.fields(sc.RegisterModel)["received_on"].title)
# Sheets of the template that carry no data (the instructions, the unit list): expected, not read.
TEMPLATE_ONLY_SHEETS = ("HuongDan", UNIT_LIST_SHEET)
TABLE_MODELS: dict[str, type[pa.DataFrameModel]] = {
    "indicators": sc.IndicatorModel,
    "products": sc.ProductModel,
    "collective_nominations": sc.CollectiveNominationModel,
    "individual_nominations": sc.IndividualNominationModel,
}


@dataclass
class FileResult:
    """What one submitted file contributed, and what was wrong with it."""

    file: str
    unit_code: str = ""
    unit_name: str = ""
    submitted_on: dt.date | None = None
    # The rows each template sheet gave, as parsed; validated for all files at once, then dropped.
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rows_read: int = 0
    rows_rejected: int = 0
    # Nomination rows as the sheets gave them (before any rule): what the award list must show.
    nominations_read: dict[str, int] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    status: str = "accepted"
    problem: str = ""


@dataclass
class IngestResult:
    """The clean tables and the full account of what was kept and dropped."""

    registry: pd.DataFrame
    register: pd.DataFrame
    submissions: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    issues: pd.DataFrame
    accounting: pd.DataFrame

    def processed_tables(self) -> dict[str, pd.DataFrame]:
        """Every table this stage hands on, by its name in :mod:`lib.contract.tables`."""
        return {
            "registry": self.registry,
            "register": self.register,
            "submissions": self.submissions,
            "issues": self.issues,
            **self.tables,
        }


Record = dict[str, Any]


class RegistryError(ValueError):
    """The registry itself is unusable; without it nothing can be matched."""


def load_registry(path: Path, params: Params) -> tuple[pd.DataFrame, list[Issue]]:
    """The units competing this year, names cleaned, validated by RegistryModel; how the csv was read.

    Groups and levels are checked against params ``structure`` (:func:`lib.contract.schemas.titled_schema`).
    """
    try:
        table = read_text_csv(path)
    except CsvFormatError as exc:
        raise RegistryError(str(exc)) from None
    missing = [c for c in sc.RegistryModel.to_schema().columns if c not in table.frame.columns]
    if missing:
        raise RegistryError(f"{path.name}: registry lacks the column(s) {', '.join(missing)}")
    frame = table.frame.replace({"": None})
    for col in ("unit_name",):
        frame[col] = frame[col].map(clean_text)
    try:
        return sc.titled_schema(sc.RegistryModel, params).validate(frame, lazy=True), _csv_read_as(path, table)
    except pa.errors.SchemaErrors as exc:
        raise RegistryError(f"{path.name}: registry does not follow the data contract:\n{exc.failure_cases}") from None


def _csv_read_as(path: Path, table: CsvTable) -> list[Issue]:
    """An info finding when a csv was not UTF-8 with commas: says which encoding and separator were used."""
    if table.usual:
        return []
    detail = f"{table.encoding}; dấu phân cách «{table.separator}»"
    return [Issue(file=path.name, rule="csv_format_detected", severity="info", action="repaired", detail=detail)]


def _period_check(params: Params) -> pa.Check:
    start, end = params.period.start, params.period.end
    return pa.Check(lambda d: start <= d <= end, element_wise=True, ignore_na=True, error="date_outside_period")


def _report_date_check(params: Params) -> pa.Check:
    """A workbook's date: within the period, or after it up to `as_of` (a six-month review's reports arrive in
    July, after its period ends on 30/06; at year end `as_of` falls inside the period and nothing changes)."""
    start, end = params.period.start, max(params.period.end, params.as_of)
    return pa.Check(lambda d: start <= d <= end, element_wise=True, ignore_na=True, error="date_outside_period")


def read_submission(path: Path, params: Params, relative: str) -> FileResult:
    """Read one workbook and parse the sheets of the template into typed rows (validated later).

    Only the template's sheets are read; any other sheet is listed as an
    ``unknown_sheet`` (info) and left unread.
    """
    result = FileResult(file=relative)
    limits = params.ingest.limits
    grid = read_workbook(path, limits, [sc.sheet_name(m) for m in sc.SUBMISSION_SHEETS])
    if grid.problem:
        return _reject_file(result, grid.problem, grid.detail, sheet=printable(grid.problem_sheet))
    for rule_code, detail in grid.warnings:
        result.issues.append(Issue(file=relative, rule=rule_code, severity="warning", action="kept", detail=detail))
    expected = {sheet_key(name) for name in TEMPLATE_ONLY_SHEETS}
    for extra in (name for name in grid.extra_sheets if sheet_key(name) not in expected):
        result.issues.append(
            Issue(file=relative, sheet=printable(extra), rule="unknown_sheet", severity="info", action="ignored")
        )
    for copy, used in grid.duplicate_sheets:
        result.issues.append(
            Issue(
                file=relative,
                sheet=printable(copy),
                rule="duplicate_sheet",
                severity="warning",
                action="ignored",
                detail=f"đã đọc trang {printable(used)}",
            )
        )
    search = params.ingest.header_search_rows
    for table, model in {"unit_info": sc.UnitInfoModel, **TABLE_MODELS}.items():
        name = grid.matched.get(sc.sheet_name(model))
        if name is None:
            result.issues.append(
                Issue(
                    file=relative,
                    sheet=sc.sheet_name(model),
                    rule="missing_sheet",
                    severity="error",
                    action="rejected_file" if table == "unit_info" else "rejected_value",
                )
            )
            continue
        parsed = parse_sheet(
            grid.sheets[name],
            model,
            file=relative,
            sheet=printable(name),
            search_rows=search,
            notes=grid.notes.get(name),
            max_text_chars=limits.max_text_chars,
            max_text_kept=params.ingest.max_text_kept,
            schema=sc.titled_schema(model, params),
        )
        _absorb(result, parsed)
        result.tables[table] = parsed.records
        if sc.table_meta(model).get("keep_rows"):
            result.nominations_read[table] = len(parsed.records)
    return result


def _resolve_units(results: list[FileResult], params: Params, matcher: UnitMatcher) -> None:
    """Validate every file's unit sheet in one pass and name the unit of each file.

    A file whose unit cannot be identified, or whose code and name point at
    two different units, is rejected whole, with all its rows counted as
    rejected. A file names one unit: further unit rows are rejected.
    """
    live = [r for r in results if r.status == "accepted"]
    frames = [r.tables["unit_info"] for r in live if "unit_info" in r.tables]
    checked = _check(frames, sc.UnitInfoModel, {"submitted_on": _report_date_check(params)}, live, params)
    valid = checked.valid
    later = valid["_file"].duplicated()
    first = {str(r["_file"]): r for r in valid[~later].to_dict("records")}
    extra: dict[str, list[Record]] = {}
    for record in valid[later].to_dict("records"):
        extra.setdefault(str(record["_file"]), []).append(record)
    for res in live:
        head = first.get(res.file)
        if head is None:
            if "unit_info" in res.tables:
                _reject_file(res, "unit_info_missing", "", sheet=sc.sheet_name(sc.UnitInfoModel))
            else:  # the missing sheet is already reported; the whole file goes with it
                res.status, res.problem, res.rows_rejected, res.tables = "rejected", "missing_sheet", res.rows_read, {}
            continue
        _extra_unit_rows(res, extra.get(res.file, []))
        res.submitted_on = head["submitted_on"]
        res.unit_name = head["unit_name"]
        code = head["unit_code"] if isinstance(head["unit_code"], str) else None
        district = head.get("district_name") if isinstance(head.get("district_name"), str) else None
        if matcher.known(code):
            if _unit_conflict(res, head, code, district, matcher):
                continue
            res.unit_code = code
            continue
        resolved, problem = matcher.by_name(head["unit_name"], district)
        if resolved is None:
            same_name = matcher.candidates(head["unit_name"]) if problem != "unit_unknown" else []
            _reject_file(
                res,
                problem or "unit_unknown",
                f"mã {code or '(trống)'}, tên {head['unit_name']}"
                + (f"; các đơn vị trùng tên: {', '.join(same_name)}" if same_name else ""),
                sheet=str(head["_sheet"]),
                value=code or head["unit_name"],
            )
            continue
        res.issues.append(
            Issue(
                file=res.file,
                sheet=str(head["_sheet"]),
                row=int(head["_row"]),
                column="Mã đơn vị",
                value=show_value(code),
                rule="unit_resolved_by_name",
                severity="warning",
                action="repaired",
                detail=resolved,
            )
        )
        res.unit_code = resolved


def _unit_conflict(res: FileResult, head: Record, code: str, district: str | None, matcher: UnitMatcher) -> bool:
    """Reject a known code whose name and district name another unit; warn about a wrong district."""
    resolved, _ = matcher.by_name(head["unit_name"], district)
    where = dict(file=res.file, sheet=str(head["_sheet"]), row=int(head["_row"]))
    if resolved is not None and resolved != code:
        declared = f"«{matcher.name_of(resolved)}» ({resolved})"
        _reject_file(
            res,
            "unit_conflict",
            f"mã {code} là «{matcher.name_of(code)}»; tên và đơn vị cấp trên khai báo là {declared}",
            sheet=where["sheet"],
            value=code,
            row=where["row"],
            column="Mã đơn vị",
        )
        return True
    parent = matcher.district_of(code)
    if district and parent is not None and matcher.district_code(district) != parent:
        res.issues.append(
            Issue(
                **where,
                column=matcher.parent_label,
                value=show_value(district),
                rule="district_mismatch",
                severity="warning",
                action="repaired",
                detail=f"{matcher.name_of(code)} thuộc {matcher.name_of(parent)}",
            )
        )
    return False


def _extra_unit_rows(res: FileResult, extra: list[Record]) -> None:
    """Unit rows after the first (a second unit's code, or the same unit again with other details)."""
    for row in extra:
        res.issues.append(
            Issue(
                file=res.file,
                sheet=str(row["_sheet"]),
                row=int(row["_row"]),
                column="Mã đơn vị",
                value=show_value(row["unit_code"]),
                rule="unit_info_extra_row",
                severity="error",
                action="rejected_row",
            )
        )
        res.rows_rejected += 1


def _check(
    frames: list[list[dict[str, Any]]],
    model: type[pa.DataFrameModel],
    extra: dict[str, pa.Check],
    results: list[FileResult],
    params: Params,
) -> Any:
    """Validate the concatenated rows of many files against the run's schema; book rejections on each file."""
    schema = sc.titled_schema(model, params)
    columns = [*schema.columns, "_row", "_file", "_sheet", "_letters"]
    typed = records_frame([record for records in frames for record in records], columns)
    checked = validate_table(typed, model, extra, schema)
    by_file = {r.file: r for r in results}
    for file, count in checked.rejected.groupby("_file").size().items():
        by_file[file].rows_rejected += int(count)
    for issue in checked.issues:
        by_file[issue.file].issues.append(issue)
    return checked


def _validate_tables(results: list[FileResult], params: Params) -> dict[str, pd.DataFrame]:
    """One pandera pass per table over the files of identified units; the valid rows of all of them.

    Each returned frame holds every file's valid rows in file order (column
    ``_file`` names the file), so the rules after this one work on four
    frames, not on four frames per file. The parsed rows are dropped from the
    files once validated.
    """
    in_period = _period_check(params)
    # A dossier sent after the period is late (the on-time gate says so), not invalid; one dated
    # before the period began is a typing slip.
    start = params.period.start
    sent = pa.Check(lambda d: d >= start, element_wise=True, ignore_na=True, error="date_before_period")
    extra = {
        "indicators": {},  # criterion codes: the titled schema checks them against params
        "products": {"in_use_on": in_period},
        "collective_nominations": {"dossier_sent_on": sent},
        "individual_nominations": {"dossier_sent_on": sent},
    }
    live = [r for r in results if r.status == "accepted"]
    by_file = {r.file: r for r in live}
    valid = {}
    for table, model in TABLE_MODELS.items():
        checked = _check([r.tables[table] for r in live if table in r.tables], model, extra[table], live, params)
        valid[table] = checked.valid
    for res in live:
        res.tables = {}
    valid["collective_nominations"] = _single_collective_row(valid["collective_nominations"], by_file)
    for table in ("collective_nominations", "individual_nominations"):
        _dossiers_after_period(valid[table], by_file, params.period.end)
    return valid


def _dossiers_after_period(frame: pd.DataFrame, by_file: dict[str, FileResult], end: dt.date) -> None:
    """A warning for each nomination whose declared dossier date is after the period: kept, and judged late.

    Unless the register logged the dossier, that date decides the on-time
    gate; the unit is told here, in its feedback, not only in the award list.
    """
    title = str(sc.fields(sc.IndividualNominationModel)["dossier_sent_on"].title)
    if frame.empty:
        return
    late = frame["dossier_sent_on"].map(lambda d: isinstance(d, dt.date) and d > end).astype(bool)
    for row in frame.loc[late, ["_file", "_sheet", "_row", "dossier_sent_on"]].to_dict("records"):
        by_file[row["_file"]].issues.append(
            Issue(
                file=row["_file"],
                sheet=str(row["_sheet"]),
                row=int(row["_row"]),
                column=title,
                value=row["dossier_sent_on"].strftime("%d/%m/%Y"),
                rule="dossier_date_after_period",
                severity="warning",
                action="kept",
            )
        )


def _absorb(result: FileResult, parsed: Any) -> None:
    result.rows_read += parsed.rows_read
    result.rows_rejected += len(parsed.rejected_rows)
    result.issues.extend(parsed.issues)


def _single_collective_row(frame: pd.DataFrame, by_file: dict[str, FileResult]) -> pd.DataFrame:
    """A unit nominates itself once; a file's rows after its first are rejected, not merged."""
    if frame.empty:
        return frame
    extra = frame["_file"].duplicated()
    for row in frame.loc[extra, ["_file", "_sheet", "_row"]].to_dict("records"):
        res = by_file[row["_file"]]
        res.issues.append(
            Issue(
                file=res.file,
                sheet=str(row["_sheet"]),
                row=int(row["_row"]),
                rule="duplicate_key",
                severity="error",
                action="rejected_row",
            )
        )
        res.rows_rejected += 1
    return frame[~extra]


def _reject_file(
    result: FileResult,
    rule_code: str,
    detail: str,
    sheet: str = "",
    value: Any = "",
    row: int | None = None,
    column: str = "",
) -> FileResult:
    result.status, result.problem = "rejected", rule_code
    result.rows_rejected = result.rows_read
    result.tables = {}
    result.issues.append(
        Issue(
            file=result.file,
            sheet=sheet,
            row=row,
            column=column,
            rule=rule_code,
            severity="error",
            action="rejected_file",
            value=show_value(value),
            detail=detail,
        )
    )
    return result


def _apply_supersession(results: list[FileResult]) -> None:
    """Keep the latest submission per unit; the earlier ones stay in the record."""
    by_unit: dict[str, list[FileResult]] = {}
    for res in results:
        if res.status == "accepted":
            by_unit.setdefault(res.unit_code, []).append(res)
    for files in by_unit.values():
        if len(files) < 2:
            continue
        files.sort(key=lambda r: (r.submitted_on or dt.date.min, r.file))
        latest = files[-1]
        if files[-2].submitted_on == latest.submitted_on:
            latest.issues.append(
                Issue(
                    file=latest.file,
                    unit_code=latest.unit_code,
                    rule="same_date_resubmission",
                    severity="warning",
                    action="repaired",
                    detail=files[-2].file,
                )
            )
        for old in files[:-1]:
            old.status, old.problem = "superseded", "superseded"
            old.rows_rejected = old.rows_read
            old.tables = {}
            old.issues.append(
                Issue(
                    file=old.file,
                    unit_code=old.unit_code,
                    rule="superseded",
                    severity="info",
                    action="rejected_file",
                    detail=latest.file,
                )
            )


def _same_person_twice(frame: pd.DataFrame, by_file: dict[str, FileResult], matcher: UnitMatcher) -> pd.DataFrame:
    """A person nominated by two units: a finding for both; the first unit's nomination is judged.

    A person is identified within a unit by (unit code, person code), so two
    units may both number a nominee "01". The same person across units is
    recognised by the same full name and date of birth, or the same ID number
    where one is given; the ID and the date of birth are compared here and
    never shown. The nomination of the unit with the lowest code is judged; the
    others get ``same_person_as`` (that unit's code) and are listed as excluded.
    ``frame``: the individual nominations of the accepted files, in file order.
    """
    frame = frame.reset_index(drop=True).assign(same_person_as=None)
    units_of_rows = [by_file[file].unit_code for file in frame["_file"]]
    by_key: dict[str, list[tuple[str, int]]] = {}  # key -> (unit code, row position)
    people = list(zip(frame["full_name"], frame["birth_date"], frame["id_number"], strict=True))
    for pos in sorted(range(len(frame)), key=units_of_rows.__getitem__):
        name, born, ident = people[pos]
        if isinstance(name, str) and isinstance(born, dt.date):
            by_key.setdefault(f"n:{fold_key(name)}|{born.isoformat()}", []).append((units_of_rows[pos], pos))
        if isinstance(ident, str):
            by_key.setdefault(f"i:{ident}", []).append((units_of_rows[pos], pos))
    column = frame.columns.get_loc("same_person_as")
    done: set[int] = set()
    for hits in by_key.values():
        units = sorted({unit for unit, _ in hits})
        if len(units) < 2:
            continue
        for unit, pos in hits:
            if pos in done:
                continue
            done.add(pos)
            others = ", ".join(f"{matcher.name_of(u)} ({u})" for u in units if u != unit)
            judged = unit == units[0]
            if not judged:
                frame.iat[pos, column] = units[0]
            row = frame.iloc[pos]
            res = by_file[row["_file"]]
            res.issues.append(
                Issue(
                    file=res.file,
                    unit_code=unit,
                    sheet=str(row["_sheet"]),
                    row=int(row["_row"]),
                    column="Họ và tên",
                    value=show_value(row["full_name"]),
                    rule="person_nominated_twice",
                    severity="warning" if judged else "error",
                    action="kept" if judged else "excluded",
                    detail=f"cũng được đề nghị bởi {others}" + ("" if judged else f"; xét theo đề nghị của {units[0]}"),
                )
            )
    return frame


def credited_leads(cell: object, shared: str) -> list[str]:
    """The person codes a product's «Mã cá nhân chủ trì» cell credits, once each, in the order typed.

    Codes are separated by "," or ";"; with params ``individual_rubric.shared_products``
    "first_named" only the first is credited. The one reading of the cell, for the
    score (:func:`_products_listed`) and for the products named in the award list.
    """
    codes = [c for c in re.split(r"[,;]", cell) if c] if isinstance(cell, str) else []
    return list(dict.fromkeys(codes[:1] if shared == "first_named" else codes))


def _products_listed(
    frame: pd.DataFrame, products: pd.DataFrame, by_file: dict[str, FileResult], shared: str
) -> pd.DataFrame:
    """Check each person's declared products led against sheet SanPham of the same file.

    ``products_listed`` is the credit the products sheet gives the person: a
    product naming several leads (codes separated by "," or ";") counts once,
    shared as params ``individual_rubric.shared_products`` say. Where the
    declared number differs, a finding shows both (the award list counts the
    lower). Unit heads are judged on their unit, so their declared number is not checked.
    ``frame`` and ``products``: the rows of the accepted files (column ``_file``).
    """
    credit: dict[tuple[str, str], float] = {}  # (file, person code) -> products credited
    for file, cell in zip(products["_file"], products["lead_person_code"], strict=True):
        shares = credited_leads(cell, shared)
        for code in shares:
            credit[(file, code)] = credit.get((file, code), 0.0) + 1.0 / len(shares)
    listed = [credit.get((file, code), 0.0) for file, code in zip(frame["_file"], frame["person_code"], strict=True)]
    frame = frame.assign(products_listed=pd.Series(listed, index=frame.index, dtype=float))
    column = str(sc.fields(sc.IndividualNominationModel)["products_led"].title)
    fields = ["_file", "_sheet", "_row", "is_leader", "products_led", "products_listed"]
    for row in frame[fields].to_dict("records"):
        declared, listed_here = row["products_led"], row["products_listed"]
        if row["is_leader"] is True or pd.isna(declared) or abs(declared - listed_here) < 1e-9:
            continue
        res = by_file[row["_file"]]
        res.issues.append(
            Issue(
                file=res.file,
                unit_code=res.unit_code,
                sheet=str(row["_sheet"]),
                row=int(row["_row"]),
                column=column,
                value=f"{declared:g}",
                rule="products_led_not_listed",
                severity="warning",
                action="repaired",
                detail=f"trang SanPham ghi {_count(listed_here)} sản phẩm do người này chủ trì; "
                f"tính {_count(min(declared, listed_here))}",
            )
        )
    return frame


def load_register(path: Path, matcher: UnitMatcher) -> tuple[pd.DataFrame, list[Issue]]:
    """The receiving department's register, if the run has one."""
    columns = ["register_no", "unit_code", "received_on"]
    if not path.exists():
        return pd.DataFrame(columns=columns), []
    try:
        table = read_text_csv(path)
    except CsvFormatError as exc:
        problem = Issue(
            file=path.name, rule="file_unreadable", severity="error", action="rejected_file", detail=str(exc)
        )
        return pd.DataFrame(columns=columns), [problem]
    raw, read_as = table.frame, _csv_read_as(path, table)
    grid = [list(raw.columns), *raw.astype(object).values.tolist()]
    header = find_header(grid, sc.RegisterModel, 1)
    if header is not None and "received_on" not in header[1].values():
        # Without its date column the register cannot say when anything arrived: it is not used.
        return pd.DataFrame(columns=columns), [
            Issue(
                file=path.name,
                row=1,
                column=RECEIVED_TITLE,
                rule="missing_column",
                severity="error",
                action="rejected_file",
            )
        ]
    parsed = parse_sheet(grid, sc.RegisterModel, file=path.name, sheet="", search_rows=1)
    # The register is authoritative: a date after the period is a late dossier (the on-time gate
    # says so), and a row whose date cannot be read is kept without it, to fail that gate.
    checked = validate_table(parsed.frame, sc.RegisterModel)
    frame = checked.valid
    dated = frame["received_on"].notna()
    noted = {i.row for i in parsed.issues if i.column.endswith(f"({RECEIVED_TITLE})")}
    undated = [
        Issue(
            file=path.name,
            row=int(row["_row"]),
            column=RECEIVED_TITLE,
            value=show_value(row["unit_code"]),
            rule="register_date_missing",
            severity="error",
            action="rejected_value",
        )
        for _, row in frame[~dated].iterrows()
        if int(row["_row"]) not in noted
    ]
    # A csv has no date type: text dates there are normal, not a repair to report.
    issues = read_as + [i for i in parsed.issues if i.severity == "error"] + checked.issues + undated
    # astype(bool): an empty map result has no bool dtype and would select columns, not rows.
    unknown = ~frame["unit_code"].map(matcher.known).astype(bool)
    for _, row in frame[unknown].iterrows():
        issues.append(
            Issue(
                file=path.name,
                row=int(row["_row"]),
                column="Mã đơn vị",
                value=row["unit_code"],
                rule="unit_unknown",
                severity="error",
                action="rejected_row",
            )
        )
    frame = frame[~unknown]
    return frame[columns].reset_index(drop=True), issues


def ingest(raw_dir: Path, params: Params) -> IngestResult:
    """Read the registry, the register and every submission of one run."""
    registry, registry_issues = load_registry(raw_dir / REGISTRY_FILE, params)
    matcher = UnitMatcher(registry, params.structure)
    register, register_issues = load_register(raw_dir / REGISTER_FILE, matcher)
    register_issues = registry_issues + register_issues
    sub_dir = raw_dir / SUBMISSIONS_DIR
    taken: set[str] = set()
    named = [(path, *_entry_name(path, raw_dir, taken)) for path in list_submissions(sub_dir)]
    results = read_all(read_submission, [(path, shown) for path, shown, _ in named], params)
    for result, (_, _, name_issue) in zip(results, named, strict=True):
        if name_issue is not None:
            result.issues.insert(0, name_issue)
    _resolve_units(results, params, matcher)
    codes = registry["unit_code"].tolist()
    for refused in (r for r in results if r.status == "rejected" and not r.unit_code):
        refused.unit_code = code_from_file_name(refused.file, codes)  # its unit is told, not left "chưa nộp"
    valid = _validate_tables(results, params)
    _apply_supersession(results)
    by_file = {r.file: r for r in results if r.status == "accepted"}
    valid = {table: frame[frame["_file"].isin(by_file)] for table, frame in valid.items()}
    people = _same_person_twice(valid["individual_nominations"], by_file, matcher)
    shared = params.individual_rubric.shared_products
    valid["individual_nominations"] = _products_listed(people, valid["products"], by_file, shared)
    tables = _combine_tables(valid, by_file)
    rate_issues = _derive_rates(tables["indicators"], params.ingest.rate_tolerance, _rejected_counts(results))
    zero_issues = _implausible_zero_denominators(tables["indicators"], registry, params)
    gap_issues = _criterion_gaps(results, tables["indicators"], registry, params)
    sent = {r.file: r.submitted_on for r in results if r.status == "accepted"}
    gap_issues += swapped_date_issues(sent, tables, params)
    checked = verify(raw_dir, registry, tables, params)
    history, history_issues = read_history(raw_dir, set(registry["unit_code"]), tables["individual_nominations"])
    crosswalk, crosswalk_issues = load_crosswalk(raw_dir, registry, params)
    file_issues = [Issue(**{**i.__dict__, "unit_code": r.unit_code}) for r in results for i in r.issues]
    issues = issues_frame(
        register_issues
        + file_issues
        + rate_issues
        + zero_issues
        + gap_issues
        + checked.issues
        + history_issues
        + crosswalk_issues
    )
    accepted = _rows_in_tables(results, tables)
    tables["verification"] = checked.table
    tables["award_history"] = history
    tables["crosswalk"] = crosswalk
    submissions = pd.DataFrame(
        [
            {
                "file": r.file,
                "unit_code": r.unit_code,
                "unit_name_submitted": r.unit_name,
                "submitted_on": r.submitted_on,
                "status": r.status,
                "problem": r.problem,
                "rows_read": r.rows_read,
                "rows_accepted": accepted[r.file],
                "rows_rejected": r.rows_rejected,
                "nominees_read": _nominees_read(r),
            }
            for r in results
        ],
        columns=SUBMISSIONS.names(),
    )
    check_accounting(submissions)
    accounting = submissions[ROW_ACCOUNTING.names()].copy()
    return IngestResult(
        registry=registry,
        register=register,
        submissions=submissions,
        tables=tables,
        issues=issues,
        accounting=accounting,
    )


def list_submissions(sub_dir: Path) -> list[Path]:
    """Every entry of the submissions folder, sorted; symbolic links listed, never followed."""
    if not sub_dir.exists():
        return []
    found: list[Path] = []
    for folder, dirs, files in os.walk(sub_dir, followlinks=False):
        base = Path(folder)
        found.extend(base / d for d in dirs if (base / d).is_symlink())
        found.extend(base / f for f in files)
    return sorted(found, key=lambda p: p.relative_to(sub_dir).as_posix())


# A file name that is a path, hides characters, or would be read as markup or a formula.
_UNUSUAL_NAME = re.compile(r"[\\<>\"|*?:]|(?:^|/)\.\.|(?:^|/)[=+@\-]|(?:^|/)\s|\s(?:/|$)")


def _entry_name(path: Path, raw_dir: Path, taken: set[str]) -> tuple[str, Issue | None]:
    """A name for an entry of the submissions folder that is safe to show (and unique), and an info
    issue when the real name is unusual (a path, hidden characters, markup, a formula)."""
    relative = path.relative_to(raw_dir).as_posix()
    shown = printable(relative, spaces=False)
    while shown in taken:
        shown += " (trùng tên)"
    taken.add(shown)
    if shown != relative or _UNUSUAL_NAME.search(relative) or unicodedata.normalize("NFC", relative) != relative:
        return shown, Issue(
            file=shown, rule="file_name_unusual", severity="info", action="kept", value=show_value(path.name)
        )
    return shown, None


# Columns ingest derives for a table, beyond the schema's fields and the source columns.
DERIVED_COLUMNS = {"individual_nominations": ["same_person_as", "products_listed"]}


def _combine_tables(valid: dict[str, pd.DataFrame], by_file: dict[str, FileResult]) -> dict[str, pd.DataFrame]:
    """The clean tables: the valid rows of the accepted files, each with its unit and file."""
    tables = {}
    for table, model in TABLE_MODELS.items():
        rows = valid[table]
        columns = [*sc.fields(model), "_row", "_sheet", "_file", "unit_code", "file", *DERIVED_COLUMNS.get(table, [])]
        if rows.empty:
            frame = pd.DataFrame(columns=columns)
        else:
            units = [by_file[file].unit_code for file in rows["_file"]]
            frame = rows.assign(
                unit_code=pd.Series(units, index=rows.index, dtype="str"),
                file=rows["_file"].astype("str"),
            )
            frame = frame.reset_index(drop=True).reindex(columns=columns)
        frame = frame.drop(columns=["_file"])
        frame = frame.rename(columns={"_row": "source_row", "_sheet": "source_sheet"})
        tables[table] = frame
    individuals = tables["individual_nominations"]
    personal = [c for c in sc.PERSONAL_FIELDS if c in individuals.columns]
    individuals["has_personal_data"] = individuals[personal].notna().any(axis=1) if len(individuals) else []
    tables["individual_nominations"] = individuals.drop(columns=personal)
    return tables


def _nominees_read(result: FileResult) -> int:
    """Nominees of an accepted file as its sheets gave them: the unit once if it nominated itself, each person."""
    if result.status != "accepted":
        return 0
    read = result.nominations_read
    return min(1, read.get("collective_nominations", 0)) + read.get("individual_nominations", 0)


def _count(value: float) -> str:
    """A count as a person reads it: 2, or 0,5 for a shared product (decimal comma)."""
    return f"{value:g}".replace(".", ",")


class AccountingError(RuntimeError):
    """Rows read and rows accounted for differ: a rule lost a row without a finding (a bug, never data)."""


def _rows_in_tables(results: list[FileResult], tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Rows each file has in the clean tables, counted there (not derived from the rejections).

    The unit row of an accepted file counts once (it named the unit); the
    rest are the rows of the indicators, products and nomination tables.
    """
    present = pd.concat([frame["file"] for frame in tables.values()], ignore_index=True).value_counts()
    return {r.file: int(present.get(r.file, 0)) + (1 if r.status == "accepted" else 0) for r in results}


def check_accounting(submissions: pd.DataFrame) -> None:
    """Every row read is accepted or rejected: the two counts are kept apart, so this can fail."""
    off = submissions[submissions["rows_read"] != submissions["rows_accepted"] + submissions["rows_rejected"]]
    if len(off):
        listed = ", ".join(
            f"{r.file}: {r.rows_read} đọc ≠ {r.rows_accepted} nhận + {r.rows_rejected} loại" for r in off.itertuples()
        )
        raise AccountingError(f"row accounting does not balance for {len(off)} file(s): {listed}")


def _criterion_gaps(
    results: list[FileResult], indicators: pd.DataFrame, registry: pd.DataFrame, params: Params
) -> list[Issue]:
    """Findings for a criterion that applies to the unit and has no value: no row, or a row with nothing in it.

    Scoring counts both as missing; without these findings a unit's feedback
    would say "no problem found" while its summary says it is barred. A count
    criterion is counted from sheet SanPham, so it needs no row.
    """
    group_of = dict(zip(registry["unit_code"], registry["unit_group"], strict=True))
    rated = [c for c in params.criteria if c.measure != "count"]
    sheet = sc.sheet_name(sc.IndicatorModel)
    title = str(sc.fields(sc.IndicatorModel)["criterion_code"].title)
    given: dict[str, set[str]] = {}
    for file, code in zip(indicators["file"], indicators["criterion_code"], strict=True):
        given.setdefault(file, set()).add(code)
    blank = indicators["numerator"].isna() & indicators["denominator"].isna() & indicators["reported_rate"].isna()
    empty_rows: dict[str, list[pd.Series]] = {}
    for _, row in indicators[blank].iterrows():
        empty_rows.setdefault(row["file"], []).append(row)
    rejected = _rejected_counts(results)
    issues = []
    for res in results:
        if res.status != "accepted":
            continue
        group = group_of.get(res.unit_code)
        typed = given.get(res.file, set())
        for crit in rated:
            if group in crit.applies_to and crit.code not in typed:
                issues.append(
                    Issue(
                        file=res.file,
                        unit_code=res.unit_code,
                        sheet=sheet,
                        column=title,
                        value=crit.code,
                        rule="criterion_row_missing",
                        severity="error",
                        action="rejected_value",
                        detail=crit.label_vi,
                    )
                )
        applicable = {c.code for c in params.criteria if group in c.applies_to}
        for row in empty_rows.get(res.file, []):
            if row["criterion_code"] not in applicable:
                continue
            if any((res.file, int(row["source_row"]), name) in rejected for name in ("numerator", "denominator")):
                continue
            issues.append(_indicator_issue(row, "counts_missing", "", detail=row["criterion_code"], value=""))
    return issues


def _rejected_counts(results: list[FileResult]) -> set[tuple[str, int, str]]:
    """(file, Excel row, field) of every numerator or denominator dropped with a finding of its own.

    A count the reader rejected (negative, not a number...) is already
    reported on its cell; the row is not reported a second time for lacking it.
    """
    suffixes = {f"({sc.fields(sc.IndicatorModel)[name].title})": name for name in ("numerator", "denominator")}
    return {
        (res.file, issue.row, name)
        for res in results
        for issue in res.issues
        if issue.action == "rejected_value" and issue.row is not None
        for suffix, name in suffixes.items()
        if issue.column.endswith(suffix)
    }


def _derive_rates(indicators: pd.DataFrame, tolerance: float, rejected: set[tuple[str, int, str]]) -> list[Issue]:
    """Add ``rate`` and ``rate_source``; flag reported rates that disagree and rows without both counts.

    numerator/denominator is the only value of record (SPEC §3: "a rate typed
    without its counts is not data of record"). A row with a rate and no
    counts, or with one count only, is kept (its reported rate stays as a
    cross-check) but has no ``rate``: scoring counts the criterion as missing,
    and the finding tells the unit which counts to give. A lone denominator of
    0 is "does not arise", not a gap. A count in ``rejected`` (see
    :func:`_rejected_counts`) already has its finding.
    """
    num, den, reported = indicators["numerator"], indicators["denominator"], indicators["reported_rate"]
    both = num.notna() & den.notna() & (den > 0)
    indicators["rate"] = (num / den).where(both)
    indicators["rate_source"] = "tu_so_mau_so"
    indicators.loc[indicators["rate"].isna(), "rate_source"] = None
    mismatch = both & reported.notna() & ((indicators["rate"] - reported).abs() > tolerance)
    only_rate = num.isna() & den.isna() & reported.notna()
    one_count = (num.isna() != den.isna()) & ~(den == 0)
    titles = {name: str(column.title) for name, column in sc.fields(sc.IndicatorModel).items()}
    issues = []
    for _, row in indicators[mismatch].iterrows():
        detail = f"{row['numerator']:g}/{row['denominator']:g}"
        issues.append(_indicator_issue(row, "rate_mismatch", titles["reported_rate"], detail=detail, kept=True))
    for _, row in indicators[only_rate].iterrows():
        issues.append(_indicator_issue(row, "rate_only", titles["reported_rate"]))
    for _, row in indicators[one_count].iterrows():
        given, absent = ("numerator", "denominator") if pd.notna(row["numerator"]) else ("denominator", "numerator")
        if (row["file"], int(row["source_row"]), absent) in rejected:
            continue
        detail = f"{titles[given]}: {row[given]:g}"
        issues.append(_indicator_issue(row, "count_pair_incomplete", titles[absent], detail=detail))
    return issues


def _implausible_zero_denominators(indicators: pd.DataFrame, registry: pd.DataFrame, params: Params) -> list[Issue]:
    """A finding per denominator of 0 where the unit's group cannot have nothing to measure.

    A 0/0 would otherwise read as "không phát sinh" and drop the criterion from the weights, so a unit
    could empty its hardest criteria away. Scoring counts the criterion as missing (params
    ``scoring.zero_not_plausible``); this finding tells the unit why, in data_quality.xlsx and in its feedback.
    """
    group_of = registry.set_index("unit_code")["unit_group"]
    implausible = {(g, code) for g, codes in params.scoring.zero_not_plausible.items() for code in codes}
    groups = indicators["unit_code"].map(group_of)
    keys = pd.Series(list(zip(groups, indicators["criterion_code"], strict=True)), index=indicators.index, dtype=object)
    hit = (indicators["denominator"] == 0) & keys.isin(implausible)
    column = str(sc.fields(sc.IndicatorModel)["denominator"].title)
    return [
        _indicator_issue(
            row,
            "zero_denominator_implausible",
            column,
            detail=row["criterion_code"],
            value=f"{row['numerator']:g}/0" if pd.notna(row["numerator"]) else "0",
        )
        for _, row in indicators[hit].iterrows()
    ]


def _indicator_issue(
    row: pd.Series, rule_code: str, column: str, *, detail: str = "", kept: bool = False, value: str | None = None
) -> Issue:
    """A finding on one row of the combined indicator table (which knows its unit, file and row).

    ``kept``: the counts were used and only the reported rate is doubted (a
    warning); otherwise the criterion has no value of record (an error).
    ``value`` shown defaults to the reported rate.
    """
    rate = row["reported_rate"]
    if value is None:
        value = f"{rate:.1%}" if pd.notna(rate) else ""
    return Issue(
        file=row["file"],
        unit_code=row["unit_code"],
        sheet=row["source_sheet"],
        row=int(row["source_row"]),
        column=column,
        value=value,
        rule=rule_code,
        severity="warning" if kept else "error",
        action="repaired" if kept else "rejected_value",
        detail=detail,
    )
