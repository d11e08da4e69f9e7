"""Earlier awards put beside each nominee, and whether one of them rewarded the same achievement.

The history (table ``award_history``, read by :mod:`lib.ingest.award_history`)
holds past awards of units and people. A nominee's own rows are those of its
kind and unit (a person: the row ingest matched to this nominee). A row
rewarded the same achievement when it was decided (a proposal without a
decision rewards nothing yet) and either

* its movement is this run's (params ``award_history.movement_names``) and its
  period holds the run's year, or
* it names the DX products the nominee's achievement rests on (params
  ``award_history.product_rule``: ``all`` of them, or ``any``).

The products an achievement rests on: a collective's and a unit head's, the
unit's products put into use; anyone else's, the products crediting them as
lead. Every other row is a different achievement: shown, never a bar (the law
allows several awards for different achievements).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from lib.contract.formats import fmt_date
from lib.contract.labels import COLLECTIVE, HISTORY_DECIDED, INDIVIDUAL
from lib.contract.params import Params
from lib.ingest.award_history import award_text
from lib.ingest.text_repair import fold_key

_YEAR_SUFFIX = re.compile(r"\s+năm\s+\d{4}\s*$")


def movement_key(name: Any) -> str:
    """A movement's comparison key: NFC, case-folded, spaces collapsed, a trailing «năm yyyy» dropped."""
    if not isinstance(name, str):
        return ""
    return _YEAR_SUFFIX.sub("", fold_key(" ".join(name.split())))


def period_holds(period: Any, year: int) -> bool:
    """Whether a period «2030» or «2026-2030» holds the year."""
    years = [int(y) for y in re.findall(r"\d{4}", str(period))]
    return bool(years) and min(years) <= year <= max(years)


def product_keys(names: Any) -> set[str]:
    """Product names (a list, or a ';'-separated text) as comparison keys."""
    if isinstance(names, str):
        names = names.split(";")
    if not isinstance(names, list | tuple | set):
        return set()
    return {fold_key(" ".join(n.split())) for n in names if isinstance(n, str) and n.strip()}


def achievement_products(
    nominees: pd.DataFrame, kind: str, products: dict[str, list[tuple[str, list[str]]]]
) -> pd.Series:
    """Per nominee of one kind, the names of the DX products its achievement rests on."""

    def of(row: dict[str, Any]) -> list[str]:
        listed = products.get(str(row["unit_code"]), [])
        if kind == COLLECTIVE or row.get("is_head") is True:
            return [name for name, _ in listed]
        return [name for name, leads in listed if row.get("person_code") in leads]

    if not len(nominees):
        return pd.Series(dtype=object)
    return pd.Series([of(row) for row in nominees.to_dict("records")], index=nominees.index, dtype=object)


def _rows_by_unit(history: pd.DataFrame | None, kind: str) -> dict[Any, pd.DataFrame]:
    """The history rows of one kind by unit code, each unit's in award order (year, then row).

    Split once: a national run has 100,000 nominees, and filtering the whole
    history for each of them would cost a frame per nominee.
    """
    if history is None or not len(history):
        return {}
    rows = history[history["kind"] == kind].sort_values(["award_year", "source_row"], kind="stable")
    return dict(tuple(rows.groupby("unit_code", sort=False)))


def _own_rows(row: dict[str, Any], kind: str, by_unit: dict[Any, pd.DataFrame]) -> pd.DataFrame | None:
    """The history rows of one nominee: its kind and unit; a person's, only the rows matched to them."""
    own = by_unit.get(row["unit_code"])
    if own is None:
        return None
    if kind == INDIVIDUAL:
        code = row.get("person_code")
        own = own[own["person_code"] == code] if isinstance(code, str) else own.iloc[0:0]
    return own


def same_achievement(award: pd.Series, products: list[str], params: Params) -> str:
    """What makes an earlier award the same achievement as this run's (in words), or "" when it is not."""
    if award["status"] != HISTORY_DECIDED:
        return ""
    rules = params.award_history
    names = {movement_key(n) for n in rules.movement_names}
    if movement_key(award["movement"]) in names and period_holds(award["period"], params.year):
        return f"{award['movement']}, {award['period']}"
    mine, rewarded = product_keys(products), product_keys(award["products"])
    shared = [p for p in products if fold_key(" ".join(p.split())) in rewarded]
    barred = (mine and mine <= rewarded) if rules.product_rule == "all" else bool(mine & rewarded)
    return "sản phẩm " + ", ".join(f"«{p}»" for p in shared) if barred else ""


# How the reason of an exclusion for an achievement already rewarded begins (the report lists those exclusions).
REWARDED_PREFIX = "Thành tích đã được khen thưởng tại"


def citation(award: pd.Series, what: str) -> str:
    """The exclusion's reason, citing the decision."""
    return (
        f"{REWARDED_PREFIX} Quyết định số {award['decision_number']} ngày "
        f"{fmt_date(award['decision_date'])} ({award['award_form']}, năm {int(award['award_year'])}: {what})"
    )


def with_history(
    nominees: pd.DataFrame,
    kind: str,
    history: pd.DataFrame | None,
    products: dict[str, list[tuple[str, list[str]]]],
    params: Params,
) -> pd.DataFrame:
    """Add ``prior_awards`` (earlier awards, in words) and ``rewarded_before`` (the citation, "" when none).

    ``kind`` is the nominees' (tap_the or ca_nhan); no history (None or empty) adds empty columns.
    """
    shown, cited = [], []
    based_on = achievement_products(nominees, kind, products)
    by_unit = _rows_by_unit(history, kind)
    for index, row in zip(nominees.index, nominees.to_dict("records"), strict=True):
        own = _own_rows(row, kind, by_unit)
        if own is None or own.empty:
            shown.append("")
            cited.append("")
            continue
        shown.append("; ".join(award_text(award) for _, award in own.iterrows()))
        reasons = [
            citation(a, what) for _, a in own.iterrows() if (what := same_achievement(a, based_on[index], params))
        ]
        cited.append("; ".join(reasons))
    return nominees.assign(
        prior_awards=pd.Series(shown, index=nominees.index, dtype=object),
        rewarded_before=pd.Series(cited, index=nominees.index, dtype=object),
    )
