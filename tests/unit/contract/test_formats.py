"""Amounts in figures and in words as Vietnamese documents write them (lib.contract.formats).

The words are hand-written oracles, read as a Vietnamese accountant reads a payment order:
"linh" for an empty tens place, "mốt" and "lăm" after a tens word, "không trăm" in a group that
follows a higher one, tỷ every nine digits.
"""

from __future__ import annotations

import pytest

from lib.contract.formats import fmt_money, money_words, number_words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (25, "hai mươi lăm"),
        (100, "một trăm"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (1_000, "một nghìn"),
        (1_005, "một nghìn không trăm linh năm"),
        (1_050, "một nghìn không trăm năm mươi"),
        (12_345, "mười hai nghìn ba trăm bốn mươi lăm"),
        (1_000_010, "một triệu không trăm mười"),
        (1_001_000, "một triệu không trăm linh một nghìn"),
        (1_800_000, "một triệu tám trăm nghìn"),
        (3_600_000, "ba triệu sáu trăm nghìn"),
        (30_600_000, "ba mươi triệu sáu trăm nghìn"),
        (2_000_000_000, "hai tỷ"),
        (1_000_000_005, "một tỷ không trăm linh năm"),
        (1_250_000_000_000, "một nghìn hai trăm năm mươi tỷ"),
    ],
)
def test_numbers_in_words(number: int, words: str) -> None:
    assert number_words(number) == words


def test_an_amount_in_words_is_capitalised_and_ends_in_dong() -> None:
    assert money_words(30_600_000) == "Ba mươi triệu sáu trăm nghìn đồng"
    assert money_words(1_800_000) == "Một triệu tám trăm nghìn đồng"


def test_an_amount_in_figures_uses_dots_between_thousands() -> None:
    assert fmt_money(30_600_000) == "30.600.000"
    assert fmt_money(3_600_000) == "3.600.000"
    assert fmt_money(950) == "950"


def test_a_negative_number_is_refused() -> None:
    with pytest.raises(ValueError, match="≥ 0"):
        number_words(-1)
