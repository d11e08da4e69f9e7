"""Numbers and dates the way Vietnamese documents write them, for every page and file a person reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd


def fmt_date(value: Any) -> str:
    """dd/mm/yyyy, the way Vietnamese documents write dates."""
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else "không rõ"


def fmt_score(value: float) -> str:
    """A score as the report prints it: one decimal, decimal comma."""
    return "không có" if pd.isna(value) else f"{value:.1f}".replace(".", ",")
