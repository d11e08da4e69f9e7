"""The six-month review switch (params `mode: review`) on hand-built cases.

Expected values are worked out by hand from SPEC §9 and the params; nothing here recomputes them with the
code under test.
"""

from __future__ import annotations

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from lib.contract.params import ParamsError, parse_params
from lib.publish import feedback
from lib.report import sections as rs

REVIEW = {
    "no_award_vi": "Sơ kết {period_start}-{period_end}: không xét {award}; hạn {deadline_label} ({deadline}).",
    "nominees_vi": "{nominees} hồ sơ không được xét.",
    "feedback_title_vi": "PHẢN HỒI SƠ KẾT",
    "feedback_note_vi": "Kết quả đến {period_end}.",
}


@pytest.fixture
def review(params_data):
    """The 2023 params turned into a six-month review by hand: period 1/1-30/6, as_of 20/07, mode review."""
    data = dict(params_data)
    data["period"] = {
        "start": params_data["period"]["start"],
        "end": params_data["period"]["end"].replace(month=6, day=30),
    }
    data["as_of"] = params_data["as_of"].replace(month=7, day=20)
    return parse_params({**data, "mode": "review", "review": REVIEW})


def test_year_end_is_the_default_and_decides_awards(params) -> None:
    assert params.mode == "year_end"
    assert params.decides_awards


def test_review_mode_judges_no_award(review) -> None:
    assert review.mode == "review"
    assert not review.decides_awards


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"mode": "sokết"}, "mode"),
        ({"mode": "review"}, "review"),
        ({"mode": "review", "review": {**REVIEW, "no_award_vi": "hạn {deadlin}"}}, "review.no_award_vi"),
        ({"mode": "review", "review": {**REVIEW, "nominees_vi": " "}}, "review.nominees_vi"),
    ],
)
def test_a_wrong_mode_or_review_block_is_refused_naming_the_key(params_data, change, key) -> None:
    with pytest.raises(ParamsError, match=f"^{key}"):
        parse_params({**params_data, **change})


def test_the_why_paragraph_is_the_params_words_filled_from_params(review) -> None:
    submissions = pd.DataFrame({"status": ["accepted", "accepted", "rejected"], "nominees_read": [2, 1, 5]})
    soup = BeautifulSoup(rs.no_award_section(submissions, review), "lxml")
    assert [p.get_text() for p in soup.find_all("p")] == [
        "Sơ kết 01/01/2023-30/06/2023: không xét Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh; hạn trước ngày "
        "15/12/2023 (14/12/2023).",
        "3 hồ sơ không được xét.",  # the nominees of accepted files only: 2 + 1
    ]
    assert soup.find("h2")["id"] == "do-tin-cay"


def test_the_review_titles_replace_the_award_sections_in_the_contents(review, params) -> None:
    review_toc = [a.get_text() for a in BeautifulSoup(rs.table_of_contents(review), "lxml").find_all("a")]
    year_toc = [a.get_text() for a in BeautifulSoup(rs.table_of_contents(params), "lxml").find_all("a")]
    assert review_toc[3:5] == ["4. Tiến độ so với chỉ tiêu cả năm", "5. Khen thưởng: không xét ở kỳ sơ kết"]
    assert year_toc[3] == "4. Đề nghị khen thưởng"
    assert "Monte Carlo" in year_toc[4]


def test_progress_counts_the_units_on_track_against_the_year_target(review) -> None:
    # TC01: A met the year's target, B measured below it, C missing (concerned, not on track), D not arising
    # (left out), E did not submit (left out): 3 concerned, 2 measured, 1 on track, 33,3 %.
    table = pd.DataFrame(
        {
            "unit_code": ["A", "B", "C", "D", "E"],
            "criterion_code": ["TC01"] * 5,
            "submitted": [True, True, True, True, False],
            "status": ["co_so_lieu", "co_so_lieu", "thieu_so_lieu", "khong_phat_sinh", "thieu_so_lieu"],
            "met_target": [True, False, False, False, False],
        }
    )
    kpis = pd.DataFrame({"met": [True, False, False]})
    soup = BeautifulSoup(rs.progress_section(table, kpis, review), "lxml")
    first = [td.get_text() for td in soup.find("tbody").find("tr").find_all("td")]
    assert first == ["TC01. Ký số văn bản", "chung: 100,0%", "3", "2", "1", "33,3%"]
    assert "Chỉ tiêu của tỉnh: 1/3 đã đạt mức kế hoạch" in soup.get_text()


def test_review_feedback_ends_with_the_review_note_not_the_award_deadline(review, params) -> None:
    files = [{"status": "accepted", "nominees_read": 2}, {"status": "rejected", "nominees_read": 4}]
    assert feedback._closing_lines(files, review) == [["Kết quả đến 30/06/2023."], ["2 hồ sơ không được xét."]]
    assert feedback._closing_lines(files, params) == [["Hạn gửi hồ sơ khen thưởng: trước ngày 15/12/2023."]]
    assert feedback._not_eligible(review) == ""
