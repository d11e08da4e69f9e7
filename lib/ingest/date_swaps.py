"""Dates that an en-US Excel or LibreOffice may have read month first: warned, naming both readings.

A clerk in a computer set to month/day/year who types "05/12/2031" into a
General cell gets 12 May, saved as a real date: nothing in the file says it
was meant as 5 December. Where swapping day and month moves a date into the
window it is expected in while the value as read falls outside it, the date
is kept as read (it is a valid date; guessing would be worse) and a warning
names both readings, so the unit confirms or corrects it. The windows follow
from the params (the period and the award deadline), not from constants:

* a submission date is expected from the first day of the deadline's month to
  the end of the period (the sample's units send in December);
* a product cannot be in use after the file reporting it was sent;
* a dossier date is expected in the same window as a submission date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from lib.contract import schemas as sc
from lib.contract.formats import fmt_date
from lib.contract.params import Params
from lib.ingest.findings import Issue

# Date columns of the nomination tables: (table, column).
_DOSSIER_DATES = (("collective_nominations", "dossier_sent_on"), ("individual_nominations", "dossier_sent_on"))


def swapped(value: Any) -> dt.date | None:
    """The date with day and month exchanged, or None when no other reading exists (day > 12 or day = month)."""
    if not isinstance(value, dt.date) or value.day > 12 or value.day == value.month:
        return None
    return value.replace(month=value.day, day=value.month)


def _window(params: Params) -> tuple[dt.date, dt.date]:
    deadline = params.award.deadline
    return deadline.replace(day=1), params.period.end


def _issue(file: str, sheet: str, row: int | None, column: str, read: dt.date, other: dt.date, why: str) -> Issue:
    return Issue(
        file=file,
        sheet=sheet,
        row=row,
        column=column,
        value=fmt_date(read),
        rule="date_day_month_swapped",
        severity="warning",
        action="kept",
        detail=f"đọc là {fmt_date(read)}; nếu đảo ngày và tháng: {fmt_date(other)} ({why})",
    )


def swapped_date_issues(
    sent: Mapping[str, dt.date | None], tables: Mapping[str, pd.DataFrame], params: Params
) -> list[Issue]:
    """Warnings for the submission, product and dossier dates that look read month first.

    ``sent``: each accepted file's submission date as read, by file.
    """
    low, high = _window(params)
    issues: list[Issue] = []
    unit_sheet = sc.sheet_name(sc.UnitInfoModel)
    unit_title = sc.fields(sc.UnitInfoModel)["submitted_on"].title
    for file, date in sent.items():
        other = swapped(date)
        if other is not None and date is not None and not low <= date <= high and low <= other <= high:
            why = f"ngày gửi thường từ {fmt_date(low)} đến {fmt_date(high)}"
            issues.append(_issue(file, unit_sheet, None, unit_title, date, other, why))
    products = tables["products"]
    title = sc.fields(sc.ProductModel)["in_use_on"].title
    for rec in products.to_dict("records"):
        read, other, limit = rec["in_use_on"], swapped(rec["in_use_on"]), sent.get(rec["file"])
        if other is not None and isinstance(limit, dt.date) and read > limit and params.period.start <= other <= limit:
            why = f"sau ngày gửi báo cáo {fmt_date(limit)}"
            issues.append(_issue(rec["file"], rec["source_sheet"], int(rec["source_row"]), title, read, other, why))
    for table, column in _DOSSIER_DATES:
        frame = tables[table]
        model = sc.CollectiveNominationModel if table == "collective_nominations" else sc.IndividualNominationModel
        title = sc.fields(model)[column].title
        for rec in frame.to_dict("records"):
            read, other = rec[column], swapped(rec[column])
            if other is not None and not low <= read <= high and low <= other <= high:
                why = f"hồ sơ thường gửi từ {fmt_date(low)} đến {fmt_date(high)}"
                issues.append(_issue(rec["file"], rec["source_sheet"], int(rec["source_row"]), title, read, other, why))
    return issues
