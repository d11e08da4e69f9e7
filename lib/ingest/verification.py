"""Self-reported against verified: the appraisal file and the systems of record, read and compared.

Every number a unit sends is its own account of itself. Two sources check
it (params ``verification``):

* the exports of the systems of record in ``data/raw/<run>/systems/`` (the
  public-service portal's dossiers, the document system's signed documents),
  compared with the unit's rate of the criterion each checks; a gap beyond
  the tolerance either puts the system's counts in place of the unit's
  (``use_system``) or marks the criterion «cần thẩm định» (``needs_appraisal``);
* the standing body's appraisal (``data/raw/<run>/appraisal/tham_dinh.csv``),
  which settles a criterion or a nomination field with reason and evidence,
  and always prevails.

The result is one ``verification`` table (one row per unit and item checked,
self-reported, system and verified values side by side) and findings for the
unit, so that what was changed and why reaches data_quality.xlsx and the
unit's feedback. The clean tables keep the self-reported values; scoring
applies this table (:mod:`lib.scoring.verification`). Every row of these
files ends accepted (a row of the table, or counted as read with nothing to
compare) or rejected with a finding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from lib.contract import schemas as sc
from lib.contract.formats import fmt_date
from lib.contract.labels import (
    ADJUSTED,
    ANNUAL_RATINGS,
    APPRAISAL_FIELD_COLUMNS,
    APPRAISAL_FIELDS,
    BY_APPRAISAL,
    BY_SYSTEM,
    CONFIRMED,
    NEEDS_APPRAISAL,
    NEEDS_APPRAISAL_ACTION,
    YES_NO,
)
from lib.contract.params import Params, SystemCheck
from lib.contract.tables import VERIFICATION
from lib.ingest.csv_files import CsvFormatError, read_text_csv
from lib.ingest.findings import Issue, show_value
from lib.ingest.sheet_parsing import parse_sheet, validate_table
from lib.ingest.value_parsing import parse_bool, parse_choice

SYSTEMS_DIR = "systems"
# Fields a collective's nomination has; an individual's lacks the two movement documents and has a rating.
_COLLECTIVE_ONLY = {"ke_hoach_phong_trao", "bao_cao_ket_qua"}
_INDIVIDUAL_ONLY = {"xep_loai"}


@dataclass
class VerificationResult:
    """The verification table and the findings of the appraisal and system files."""

    table: pd.DataFrame
    issues: list[Issue]


def rate_of(numerator: float, denominator: float) -> float:
    """numerator / denominator where both are counts and the denominator is positive (the rule of record)."""
    if pd.isna(numerator) or pd.isna(denominator) or denominator <= 0:
        return math.nan
    return float(numerator) / float(denominator)


def _pct(rate: float) -> str:
    """A rate as a person reads it: 44,9%."""
    return "không có" if pd.isna(rate) else f"{rate:.1%}".replace(".", ",")


def counts_text(numerator: float, denominator: float) -> str:
    """316/704 (44,9%): counts and their rate, as findings and scorecards show them."""
    if pd.isna(numerator) or pd.isna(denominator):
        return "không có"
    return f"{numerator:g}/{denominator:g} ({_pct(rate_of(numerator, denominator))})"


def read_checked_csv(
    path: Path, relative: str, model: type[pa.DataFrameModel]
) -> tuple[pd.DataFrame, list[Issue], int]:
    """(valid rows, findings, rows read) of one csv read by its schema; an unreadable file is one finding."""
    try:
        table = read_text_csv(path)
    except CsvFormatError as exc:
        return pd.DataFrame(), [_file_issue(relative, "file_unreadable", str(exc))], 0
    raw = table.frame
    grid = [list(raw.columns), *raw.astype(object).values.tolist()]
    parsed = parse_sheet(grid, model, file=relative, sheet="", search_rows=1)
    if parsed.sheet_problem:
        return pd.DataFrame(), [_file_issue(relative, parsed.sheet_problem, "")], len(raw)
    checked = validate_table(parsed.frame, model)
    # A csv has no date type: text dates there are normal, not a repair to report.
    issues = [i for i in parsed.issues if i.severity == "error"] + checked.issues
    return checked.valid, issues, parsed.rows_read


def _file_issue(relative: str, rule_code: str, detail: str) -> Issue:
    return Issue(file=relative, rule=rule_code, severity="error", action="rejected_file", detail=detail)


def row_issue(relative: str, row: pd.Series, rule_code: str, detail: str = "", **extra: Any) -> Issue:
    """A finding on one row of a verification file, for the unit it names."""
    base = dict(
        file=relative,
        unit_code=str(row["unit_code"]) if isinstance(row.get("unit_code"), str) else "",
        row=int(row["_row"]),
        rule=rule_code,
        severity="error",
        action="rejected_row",
        detail=detail,
    )
    return Issue(**{**base, **extra})


class _Units:
    """What the comparisons need from the clean tables: units, self-reported criteria, nominations."""

    def __init__(self, registry: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> None:
        self.known = set(registry["unit_code"])
        ind = tables["indicators"]
        self.indicators = {
            (u, c): r for u, c, r in zip(ind["unit_code"], ind["criterion_code"], ind.to_dict("records"), strict=True)
        }
        coll = tables["collective_nominations"]
        self.collectives = {u: r for u, r in zip(coll["unit_code"], coll.to_dict("records"), strict=True)}
        people = tables["individual_nominations"]
        self.people: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for unit, code, record in zip(
            people["unit_code"], people["person_code"], people.to_dict("records"), strict=True
        ):
            if isinstance(code, str):
                self.people.setdefault((unit, code), []).append(record)


def verify(
    raw_dir: Path, registry: pd.DataFrame, tables: dict[str, pd.DataFrame], params: Params
) -> VerificationResult:
    """Compare the systems' exports with the units' figures, then apply the appraisal over both."""
    units = _Units(registry, tables)
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    issues: list[Issue] = []
    for system in params.verification.systems:
        issues += _compare_system(raw_dir, system, units, params, rows)
    appraised = _apply_appraisal(raw_dir, units, params, rows)  # first: it decides which gaps are settled
    issues = _settled(issues, rows) + appraised
    frame = pd.DataFrame(list(rows.values()), columns=VERIFICATION.names())
    frame = frame.sort_values(["unit_code", "item", "person_code"], kind="stable", na_position="first")
    return VerificationResult(frame.reset_index(drop=True), issues)


def _settled(system_issues: list[Issue], rows: dict[tuple[str, str, str], dict[str, Any]]) -> list[Issue]:
    """A system gap the appraisal settles is no longer pending nor replaced: it is told as settled."""
    gaps = ("system_gap_needs_appraisal", "system_gap_used")
    out = []
    for issue in system_issues:
        row = rows.get((issue.unit_code, issue.detail.split(" ", 1)[0], "")) if issue.rule in gaps else None
        if row is not None and row["source"] == BY_APPRAISAL:
            issue = Issue(**{**issue.__dict__, "rule": "system_gap_settled", "severity": "info", "action": "kept"})
        out.append(issue)
    return out


def _blank_row(unit: str, item: str, label: str) -> dict[str, Any]:
    row: dict[str, Any] = {name: None for name in VERIFICATION.names()}
    row.update(unit_code=unit, item=item, item_label_vi=label)
    for name in VERIFICATION.names():
        if VERIFICATION.kind_of(name) == "float":
            row[name] = math.nan
    return row


def _compare_system(
    raw_dir: Path, system: SystemCheck, units: _Units, params: Params, rows: dict[tuple[str, str, str], dict[str, Any]]
) -> list[Issue]:
    """One export against the units' self-reported rates of its criterion."""
    relative = f"{SYSTEMS_DIR}/{system.file}"
    path = raw_dir / relative
    if not path.exists():
        return [
            Issue(file=relative, rule="system_file_missing", severity="info", action="ignored", detail=system.name_vi)
        ]
    valid, issues, read = read_checked_csv(path, relative, sc.SystemRecordModel)
    crit = params.criterion(system.criterion)
    compared = unknown = 0
    for _, rec in valid.iterrows():
        unit = rec["unit_code"]
        if unit not in units.known:
            unknown += 1
            issues.append(row_issue(relative, rec, "unit_unknown", column="Mã đơn vị", value=show_value(unit)))
            continue
        own = units.indicators.get((unit, crit.code))
        self_rate = rate_of(own["numerator"], own["denominator"]) if own else math.nan
        sys_rate = rate_of(rec["numerator"], rec["denominator"])
        if pd.isna(self_rate) or pd.isna(sys_rate):
            continue  # accepted: nothing self-reported to compare with (counted in the file's summary)
        compared += 1
        row = _blank_row(unit, crit.code, crit.label_vi)
        row.update(
            self_numerator=own["numerator"],
            self_denominator=own["denominator"],
            self_rate=self_rate,
            system_name_vi=system.name_vi,
            system_numerator=rec["numerator"],
            system_denominator=rec["denominator"],
            system_rate=sys_rate,
            source=BY_SYSTEM,
            file=relative,
            source_row=int(rec["_row"]),
        )
        gap = abs(self_rate - sys_rate)
        shown = (
            f"{crit.code} {crit.label_vi}: đơn vị báo cáo {counts_text(own['numerator'], own['denominator'])}; "
            f"{system.name_vi}: {counts_text(rec['numerator'], rec['denominator'])}; chênh lệch "
            f"{_pct(gap / sys_rate) if sys_rate > 0 else _pct(gap)} (ngưỡng {_pct(system.tolerance)})"
        )
        where = dict(
            column=str(sc.fields(sc.SystemRecordModel)["numerator"].title),
            value=counts_text(own["numerator"], own["denominator"]),
        )
        if gap <= system.tolerance * sys_rate + 1e-12:
            row.update(status=CONFIRMED, verified_numerator=own["numerator"], verified_denominator=own["denominator"])
            issues.append(row_issue(relative, rec, "system_confirmed", shown, severity="info", action="kept", **where))
        elif system.action == NEEDS_APPRAISAL_ACTION:
            row.update(
                status=NEEDS_APPRAISAL, verified_numerator=own["numerator"], verified_denominator=own["denominator"]
            )
            issues.append(row_issue(relative, rec, "system_gap_needs_appraisal", shown, action="pending", **where))
        else:
            row.update(status=ADJUSTED, verified_numerator=rec["numerator"], verified_denominator=rec["denominator"])
            issues.append(
                row_issue(relative, rec, "system_gap_used", shown, severity="warning", action="replaced", **where)
            )
        row["verified_rate"] = rate_of(row["verified_numerator"], row["verified_denominator"])
        rows[(unit, crit.code, "")] = row
    accepted = len(valid) - unknown
    summary = f"{read} dòng đọc: {accepted} nhận ({compared} đối chiếu với số liệu đơn vị), {read - accepted} loại"
    issues.append(Issue(file=relative, rule="verification_file_read", severity="info", action="kept", detail=summary))
    return issues


def _apply_appraisal(
    raw_dir: Path, units: _Units, params: Params, rows: dict[tuple[str, str, str], dict[str, Any]]
) -> list[Issue]:
    """The standing body's rows, each settling one criterion or one nomination field; they prevail."""
    relative = params.verification.appraisal_file
    path = raw_dir / relative
    if not path.exists():
        return []
    valid, issues, read = read_checked_csv(path, relative, sc.AppraisalModel)
    accepted = 0
    seen: set[tuple[str, str, str]] = set()
    for _, rec in valid.iterrows():
        unit, person = rec["unit_code"], rec["person_code"] if isinstance(rec["person_code"], str) else ""
        item = _item_code(rec["item"], params)
        if unit not in units.known:
            issues.append(row_issue(relative, rec, "unit_unknown", column="Mã đơn vị", value=show_value(unit)))
            continue
        if item is None:
            issues.append(
                row_issue(
                    relative, rec, "appraisal_item_unknown", column="Nội dung thẩm định", value=show_value(rec["item"])
                )
            )
            continue
        if (unit, item, person) in seen:
            issues.append(row_issue(relative, rec, "duplicate_key", column="Nội dung thẩm định", value=item))
            continue
        problem = (
            _appraise_criterion(rec, unit, item, units, params, rows, relative)
            if item in params.criteria_by_code
            else _appraise_field(rec, unit, person, item, units, rows, relative)
        )
        if isinstance(problem, Issue):
            issues.append(problem)
            continue
        seen.add((unit, item, person))
        accepted += 1
        issues.append(problem_free_finding(rows[(unit, item, person)], rec, relative))
    rejected = read - accepted
    issues.append(
        Issue(
            file=relative,
            rule="verification_file_read",
            severity="info",
            action="kept",
            detail=f"{read} dòng đọc: {accepted} nhận, {rejected} loại",
        )
    )
    return issues


def _item_code(raw: Any, params: Params) -> str | None:
    """A rate criterion's code, or a nomination field's code (matched on the code or its label)."""
    if not isinstance(raw, str):
        return None
    code = raw.strip().upper()
    if code in params.criteria_by_code:
        return code if params.criterion(code).measure == "rate" else None
    return parse_choice(raw, APPRAISAL_FIELDS).value


def _stamp(row: dict[str, Any], rec: pd.Series, relative: str) -> None:
    row.update(
        source=BY_APPRAISAL,
        reason=rec["reason"],
        evidence_ref=rec["evidence_ref"],
        appraised_by=rec["appraised_by"],
        appraised_on=rec["appraised_on"],
        file=relative,
        source_row=int(rec["_row"]),
    )


def _appraise_criterion(
    rec: pd.Series, unit: str, item: str, units: _Units, params: Params, rows: dict, relative: str
) -> Issue | None:
    """Verified counts for a criterion the unit reported; the system's comparison, if any, stays beside."""
    own = units.indicators.get((unit, item))
    num, den = rec["numerator"], rec["denominator"]
    if own is None:
        return row_issue(relative, rec, "appraisal_no_self_value", column="Nội dung thẩm định", value=item)
    if pd.isna(num) or pd.isna(den) or num > den:
        return row_issue(
            relative,
            rec,
            "appraisal_value_invalid",
            "cần tử số và mẫu số, tử số không lớn hơn mẫu số",
            column="Tử số thẩm định",
            value=f"{num:g}/{den:g}" if not (pd.isna(num) or pd.isna(den)) else "",
        )
    crit = params.criterion(item)
    row = rows.get((unit, item, "")) or _blank_row(unit, item, crit.label_vi)
    same = num == own["numerator"] and den == own["denominator"]
    row.update(
        self_numerator=own["numerator"],
        self_denominator=own["denominator"],
        self_rate=rate_of(own["numerator"], own["denominator"]),
        verified_numerator=num,
        verified_denominator=den,
        verified_rate=rate_of(num, den),
        status=CONFIRMED if same else ADJUSTED,
    )
    _stamp(row, rec, relative)
    rows[(unit, item, "")] = row
    return None


def _shown_answer(item: str, value: Any) -> str:
    if item == "xep_loai":
        return ANNUAL_RATINGS.get(value, "bỏ trống") if isinstance(value, str) else "bỏ trống"
    return YES_NO[value] if isinstance(value, bool) else "bỏ trống"


def _appraise_field(
    rec: pd.Series, unit: str, person: str, item: str, units: _Units, rows: dict, relative: str
) -> Issue | None:
    """A nomination's answer verified: discipline, investigation, rating, a document of the dossier."""
    where = dict(column="Nội dung thẩm định", value=item)
    if person:
        found = units.people.get((unit, person), [])
        nomination = found[0] if len(found) == 1 and item not in _COLLECTIVE_ONLY else None
    else:
        nomination = units.collectives.get(unit) if item not in _INDIVIDUAL_ONLY else None
    if nomination is None:
        return row_issue(relative, rec, "appraisal_nominee_not_found", **where)
    parsed = parse_choice(rec["value"], ANNUAL_RATINGS) if item == "xep_loai" else parse_bool(rec["value"])
    if parsed.value is None:
        return row_issue(
            relative,
            rec,
            "appraisal_value_invalid",
            "Có / Không, hoặc một mức xếp loại",
            column="Giá trị thẩm định",
            value=show_value(rec["value"]),
        )
    column = APPRAISAL_FIELD_COLUMNS[item]
    own = nomination[column]
    own = None if own is None or (isinstance(own, float) and math.isnan(own)) else own
    row = _blank_row(unit, item, APPRAISAL_FIELDS[item])
    row.update(
        person_code=person or None,
        self_value=_shown_answer(item, own),
        verified_value=str(parsed.value) if item == "xep_loai" else ("co" if parsed.value else "khong"),
        verified_shown=_shown_answer(item, parsed.value),
        status=CONFIRMED if own == parsed.value else ADJUSTED,
    )
    _stamp(row, rec, relative)
    rows[(unit, item, person)] = row
    return None


def problem_free_finding(row: dict[str, Any], rec: pd.Series, relative: str) -> Issue:
    """The unit is told what the appraisal settled: before, after, why, on what evidence, who and when."""
    if row["item"] in APPRAISAL_FIELDS:
        before, after = row["self_value"], row["verified_shown"]
    else:
        before = counts_text(row["self_numerator"], row["self_denominator"])
        after = counts_text(row["verified_numerator"], row["verified_denominator"])
    detail = (
        f"{row['item_label_vi']}: tự báo cáo {before} → thẩm định {after}; lý do: {row['reason']}; "
        f"minh chứng: {row['evidence_ref']}; {row['appraised_by']}, {fmt_date(row['appraised_on'])}"
    )
    adjusted = row["status"] == ADJUSTED
    return row_issue(
        relative,
        rec,
        "appraisal_adjusted" if adjusted else "appraisal_confirmed",
        detail,
        severity="warning" if adjusted else "info",
        action="replaced" if adjusted else "kept",
        column="Nội dung thẩm định",
        # a nomination's field by its name (never the file's code word), a criterion by its code
        value=row["item_label_vi"] if row["item"] in APPRAISAL_FIELDS else row["item"],
    )
