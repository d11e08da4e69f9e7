"""Province-level indicators of the plan, measured against its targets, as the plan means them.

The units a KPI concerns are those its criterion applies to, within the
groups and admin levels the KPI names, except where nothing arises
(denominator 0). ``pooled``: Σ numerator / Σ denominator over the units with
a value, so a large unit weighs as much as its dossiers do, with its coverage
(units with a value / units concerned). ``share_full``: units at 100 % over
every unit concerned: a unit that did not report, or whose value is missing,
counts as not compliant (and is counted apart, ``n_reported``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.contract.labels import MEASURED, NOT_ARISING
from lib.contract.params import Params


def province_kpis(table: pd.DataFrame, params: Params) -> pd.DataFrame:
    """One row per KPI of params: value, target, met, units counted."""
    rows = []
    for kpi in params.province_kpis:
        part = table[(table["criterion_code"] == kpi.criterion) & table["applicable"].astype(bool)]
        if kpi.levels:
            part = part[part["admin_level"].isin(kpi.levels)]
        if kpi.groups:
            part = part[part["unit_group"].isin(kpi.groups)]
        concerned = part[part["status"] != NOT_ARISING]
        measured = concerned[concerned["status"] == MEASURED]
        if kpi.method == "pooled":
            known = measured.dropna(subset=["numerator", "denominator"])
            den = known["denominator"].sum()
            value = known["numerator"].sum() / den if den > 0 else np.nan
            counted = len(measured)
        else:
            value = (measured["value"] >= 1).sum() / len(concerned) if len(concerned) else np.nan
            counted = len(concerned)
        rows.append(
            {
                "code": kpi.code,
                "label_vi": kpi.label_vi,
                "criterion_code": kpi.criterion,
                "method": kpi.method,
                "levels": ", ".join(kpi.levels),
                "groups": ", ".join(kpi.groups),
                "value": value,
                "target": float(kpi.target),
                "met": bool(value >= kpi.target) if pd.notna(value) else False,
                "n_units": counted,
                "n_concerned": len(concerned),
                "n_reported": len(measured),
                "coverage": len(measured) / len(concerned) if len(concerned) else np.nan,
            }
        )
    return pd.DataFrame(rows)
