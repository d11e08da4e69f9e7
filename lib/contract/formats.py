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


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", " nghìn", " triệu")


def _three_digits(n: int, leading: bool) -> str:
    """0 < n < 1000 in words; a group after a higher one says its hundreds ("không trăm linh năm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if hundreds or not leading:
        words.append(f"{_DIGITS[hundreds]} trăm")
    if tens == 0 and units and words:
        words.append("linh")
    elif tens == 1:
        words.append("mười")
    elif tens > 1:
        words.append(f"{_DIGITS[tens]} mươi")
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5 and tens:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return " ".join(words)


def number_words(n: int) -> str:
    """A whole number ≥ 0 in Vietnamese words, lower case ("ba mươi triệu sáu trăm nghìn").

    Money in a Tờ trình or decision is written in figures and in words; the words are what a
    payment order is checked against. Groups of three digits take nghìn, triệu; every nine digits
    take tỷ (1.000.000.000.000 is "một nghìn tỷ"); an empty group is skipped, and a group after a
    higher one keeps its hundreds ("một nghìn không trăm linh năm").
    """
    if n < 0:
        raise ValueError(f"number_words: expected a whole number ≥ 0, got {n}")
    if n == 0:
        return _DIGITS[0]
    billions, rest = divmod(n, 1_000_000_000)
    words = [f"{number_words(billions)} tỷ"] if billions else []
    for power in (2, 1, 0):
        group = rest // 1000**power % 1000
        if group:
            words.append(_three_digits(group, leading=not words) + _GROUPS[power])
    return " ".join(words)


def fmt_money(amount: int) -> str:
    """An amount in đồng with the Vietnamese thousands separator: 30.600.000."""
    return f"{amount:,}".replace(",", ".")


def money_words(amount: int) -> str:
    """An amount in words as a document writes it: capitalised, ending in "đồng"."""
    words = number_words(amount)
    return f"{words[0].upper()}{words[1:]} đồng"
