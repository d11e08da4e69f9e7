"""Province-level indicators of the plan, measured against its targets.

``pooled``: Σ numerator / Σ denominator over the units the criterion applies
to (and the admin levels the KPI names), so a large unit weighs as much as
its dossiers do. ``share_full``: the share of those units at 100 %.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.contract.labels import MEASURED
from lib.contract.params import Params


def province_kpis(table: pd.DataFrame, params: Params) -> pd.DataFrame:
    """One row per KPI of params: value, target, met, units counted."""
    rows = []
    for kpi in params.province_kpis:
        part = table[(table["criterion_code"] == kpi.criterion) & (table["status"] == MEASURED)]
        if kpi.levels:
            part = part[part["admin_level"].isin(kpi.levels)]
        if kpi.method == "pooled":
            known = part.dropna(subset=["numerator", "denominator"])
            den = known["denominator"].sum()
            value = known["numerator"].sum() / den if den > 0 else np.nan
        else:
            value = (part["value"] >= 1).mean() if len(part) else np.nan
        rows.append(
            {
                "code": kpi.code,
                "label_vi": kpi.label_vi,
                "criterion_code": kpi.criterion,
                "method": kpi.method,
                "levels": ", ".join(kpi.levels),
                "value": value,
                "target": float(kpi.target),
                "met": bool(value >= kpi.target) if pd.notna(value) else False,
                "n_units": len(part),
            }
        )
    return pd.DataFrame(rows)
