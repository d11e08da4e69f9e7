"""Numbers and dates the way Vietnamese documents write them, for every page and file a person reads."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd


def fmt_date(value: Any) -> str:
    """dd/mm/yyyy, the way Vietnamese documents write dates."""
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else "không rõ"


def fmt_score(value: float) -> str:
    """A score as the report prints it: one decimal, decimal comma."""
    return "không có" if pd.isna(value) else f"{value:.1f}".replace(".", ",")


def fmt_score_against(value: float, minimum: float) -> str:
    """A score compared with a minimum, with as many decimals as it takes not to contradict the rule.

    69.96 against 70 prints "69,96", never "70,0 thấp hơn mức tối thiểu 70,0" (the rule compares unrounded).
    """
    if pd.isna(value):
        return fmt_score(value)
    for decimals in range(1, 7):
        text = f"{value:.{decimals}f}"
        if (float(text) < minimum) == (value < minimum):
            return text.replace(".", ",")
    return f"{value}".replace(".", ",")


def fmt_share(share: float, minimum: float) -> str:
    """A measured share as a percentage with one decimal and a decimal comma, rounded down.

    Rounded down, and a share below the minimum never printed as the minimum, so that a refusal
    never reads "60,0%, dưới mức tối thiểu 60,0%" (params keep the minimum to a tenth of a percent).
    """
    if pd.isna(share):
        return "không có"
    tenths = math.floor(share * 1000 + 1e-9)
    if share < minimum:
        tenths = min(tenths, round(minimum * 1000) - 1)
    return fmt_score(tenths / 10) + "%"
