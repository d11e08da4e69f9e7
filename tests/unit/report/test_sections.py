"""Report sections on hand-made frames: escaping, wording for blanks, number format."""

from __future__ import annotations

import pandas as pd
from bs4 import BeautifulSoup

from lib.contract.params import Params
from lib.report import html as h
from lib.report import sections as rs

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _awards() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "kind": "tap_the",
                "status": "de_nghi",
                "rank": 1,
                "list_number": 1,
                "nominee_code": "22903",
                "nominee_name": HOSTILE,
                "position": "",
                "unit_code": "22903",
                "unit_name": HOSTILE,
                "unit_group": "ubnd_xa",
                "admin_level": "xa",
                "is_leader": False,
                "score": 91.25,
                "reasons": '=HYPERLINK("http://x")',
                "cap_note": "",
            },
            {
                "kind": "ca_nhan",
                "status": "khong_du_dieu_kien",
                "rank": pd.NA,
                "list_number": 2,
                "nominee_code": "22903-CN01",
                "person_code": "CN-1",
                "nominee_name": "Lê Văn Hòa",
                "position": None,
                "unit_code": "22903",
                "unit_name": "Xã A",
                "unit_group": "ubnd_xa",
                "admin_level": "xa",
                "is_leader": False,
                "score": float("nan"),
                "reasons": "Bị kỷ luật trong năm 2023",
                "cap_note": "",
            },
        ]
    )


def _scores() -> pd.DataFrame:
    """Scores of three communes: 22903 nominated itself (91,25); 22906 (95) and 22909 (91,25) sent nothing."""
    return pd.DataFrame(
        {
            "unit_code": ["22903", "22906", "22909", "22912"],
            "unit_name": [HOSTILE, "Xã B", "Xã C", "Xã D"],
            "unit_group": ["ubnd_xa"] * 4,
            "score": [91.25, 95.0, 91.25, 91.2],
            "rank_in_group": [2, 1, 2, 4],
        }
    )


def test_units_that_would_have_been_listed_but_sent_no_dossier_are_named(params_2023: Params) -> None:
    """The bar is the last recommended collective's 91,25: 22906 (95) and 22909 (91,25, equal) are shown, 22912
    (91,2) is not, nor 22903 itself (it has a dossier)."""
    shown = rs.without_dossier(_awards(), _scores(), params_2023)
    assert list(shown["unit_code"]) == ["22906", "22909"]
    assert set(shown["note"]) == {"Không có hồ sơ đề nghị"}


def test_every_exact_tie_is_said_with_the_priority_that_ordered_it(params_2023: Params) -> None:
    people = pd.DataFrame(
        [
            {
                "kind": "ca_nhan",
                "rank": 1,
                "nominee_name": "An",
                "nominee_code": "B",
                "is_leader": False,
                "admin_level": "xa",
                "score": 55.0,
            },
            {
                "kind": "ca_nhan",
                "rank": 2,
                "nominee_name": "Bình",
                "nominee_code": "A",
                "is_leader": True,
                "admin_level": "xa",
                "score": 55.0,
            },
            {
                "kind": "ca_nhan",
                "rank": 3,
                "nominee_name": "Chi",
                "nominee_code": "C",
                "is_leader": True,
                "admin_level": "huyen",
                "score": 55.0,
            },
            {
                "kind": "ca_nhan",
                "rank": 4,
                "nominee_name": "Dũng",
                "nominee_code": "D",
                "is_leader": True,
                "admin_level": "huyen",
                "score": 50.0,
            },
        ]
    )
    assert rs.exact_ties(people, params_2023) == [
        "An (thứ tự 1) và Bình (thứ tự 2) cùng 55,0 điểm: người trực tiếp lao động, công tác được ưu tiên trước "
        "người giữ chức vụ lãnh đạo.",
        "Bình (thứ tự 2) và Chi (thứ tự 3) cùng 55,0 điểm: cấp xã được ưu tiên trước cấp cao hơn.",
    ]


def _products() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_code": ["22903", "22903"],
            "product_name": ["Họp không giấy", "Bản đồ số"],
            "lead_person_code": [None, "CN-1"],
        }
    )


def _table() -> pd.DataFrame:
    """22903: TC01 met, TC04 not, TC07 not applicable."""
    return pd.DataFrame(
        {
            "unit_code": ["22903"] * 3,
            "criterion_code": ["TC01", "TC04", "TC07"],
            "applicable": [True, True, False],
            "status": ["co_so_lieu", "co_so_lieu", "khong_ap_dung"],
            "met_target": [True, False, False],
        }
    )


def test_each_recommendation_is_grounded_in_its_own_data(params_2023: Params) -> None:
    awards = _awards().assign(cap_note="")
    runner_up = {**awards.iloc[0].to_dict(), "status": "du_bi", "rank": 2, "nominee_name": "Xã B", "score": 90.0}
    awards = pd.concat([awards, pd.DataFrame([runner_up])], ignore_index=True)
    assert rs.grounds(awards, _products(), _table(), params_2023)[0].endswith(
        "(tập thể): hơn Xã B (thứ tự 2) 1,2 điểm; đạt chỉ tiêu 1/2 tiêu chí áp dụng; sản phẩm: «Họp không giấy», "
        "«Bản đồ số»."
    )


def test_a_nominee_passed_over_by_a_cap_is_named_with_the_cap() -> None:
    awards = _awards().assign(cap_note=["", ""])
    awards.loc[0, ["status", "cap_note", "nominee_name"]] = ["du_bi", "vượt giới hạn số lượng của khối", "Xã A"]
    assert rs.passed_over(awards) == ["Xã A (tập thể, thứ tự 1, 91,2 điểm): vượt giới hạn số lượng của khối."]


def test_hostile_names_are_escaped(params_2023: Params) -> None:
    html = rs.awards_section(_awards(), _scores(), _products(), _table(), params_2023)
    soup = BeautifulSoup(html, "lxml")
    assert not soup.find_all("script") and not soup.find_all("img")
    assert HOSTILE in soup.get_text()
    assert "&lt;script&gt;" in html


def test_blank_values_are_worded_never_nan(params_2023: Params) -> None:
    text = BeautifulSoup(rs.awards_section(_awards(), _scores(), _products(), _table(), params_2023), "lxml").get_text(
        " "
    )
    assert "nan" not in text.lower().split() and "None" not in text
    assert h.MISSING_VI in text


def test_number_format_is_one_stated_way() -> None:
    assert h.pct(0.7554) == "75,5%"
    assert h.num1(87.26) == "87,3"
    assert h.integer(1245) == "1.245"
    assert h.pct(None) == h.MISSING_VI and h.pct(float("nan"), blank="—") == "—"


def test_table_of_contents_lists_every_section() -> None:
    soup = BeautifulSoup(rs.table_of_contents(), "lxml")
    assert [a["href"] for a in soup.find_all("a")] == [f"#{anchor}" for anchor, _ in rs.SECTIONS]


def test_rules_applied_state_the_coverage_gate_in_vietnamese(params_2023: Params) -> None:
    rules = rs.rules_applied(params_2023)
    collective = next(r for r in rules if r.startswith("Tập thể:"))
    assert "«không đủ dữ liệu đo lường»" in collective
    assert "từ 60,0% tổng trọng số các tiêu chí áp dụng cho khối của đơn vị trở lên" in collective
    person = next(r for r in rules if r.startswith("Cá nhân:"))
    assert "điều kiện đủ dữ liệu đo lường của đơn vị" in person
    stricter = rs.rules_applied(params_2023.with_changes({"eligibility.min_measured_share": 0.755}))
    assert any("từ 75,5% tổng trọng số" in r for r in stricter)


def test_a_finding_place_is_said_in_words() -> None:
    assert rs.finding_place("submissions/22819.xlsx", None, float("nan"), None) == "submissions/22819.xlsx · cả tệp"
    assert rs.finding_place("22903.xlsx", "ChiTieu", 7.0, "C") == "22903.xlsx · trang ChiTieu · dòng 7 · cột C"
    assert rs.finding_place("22903.xlsx", "SanPham", None, "") == "22903.xlsx · trang SanPham"


def test_heat_legend_has_one_swatch_per_step_and_the_blank_cell() -> None:
    soup = BeautifulSoup(rs.heat_legend(), "lxml")
    steps = ["0-10%", "10-30%", "30-50%", "50-70%", "70-90%", "90-100%", "—"]
    assert [s.get_text() for s in soup.select(".sw")] == steps
    # 95% is nearest the top step (100%), 25% the second (20%), a blank cell white.
    styles = [s["style"] for s in soup.select(".sw")]
    assert rs._heat(0.95) == styles[5] and rs._heat(0.25) == styles[1] and rs._heat(None) == styles[6]
    assert "#ffffff" in styles[6]


def test_criteria_are_named_in_a_scorecard(params_2023: Params) -> None:
    # params/2023.yaml short_vi of TC01 and TC12.
    assert rs._named(["TC01", "TC12"], params_2023) == "Ký số văn bản (TC01), An toàn thông tin (TC12)"


def test_league_table_header_carries_the_short_and_the_full_name(params_2023: Params) -> None:
    header = BeautifulSoup(rs.criterion_header("TC04", params_2023), "lxml")
    assert header.abbr["title"] == "Hồ sơ thủ tục hành chính tiếp nhận, xử lý trực tuyến"
    assert header.select_one(".short").get_text() == "Hồ sơ trực tuyến"


def test_cards_label_each_cell_for_a_phone() -> None:
    frame = pd.DataFrame({"name": ["Xã A"], "score": [90.04]})
    soup = BeautifulSoup(h.table(frame, [("name", "Tên", None), ("score", "Điểm", h.num1)], cards=True), "lxml")
    assert [td["data-label"] for td in soup.select("td")] == ["Tên", "Điểm"]
    assert "cards" in soup.table["class"]


def test_a_collapsed_block_is_replaced_on_paper_by_where_to_find_it() -> None:
    soup = BeautifulSoup(h.details("Chi tiết", "<table></table>", printed="Xem manifest.json."), "lxml")
    assert soup.select_one("details > div.screen-only > table") is not None
    assert soup.select_one("details + p.print-only").get_text() == "Xem manifest.json."
    opened = BeautifulSoup(h.details("Danh sách", "<p>x</p>", printed="open"), "lxml")
    assert "print-open" in opened.details["class"] and not opened.select(".screen-only")


def test_paper_lists_the_errors_and_warnings_of_7_3_and_says_where_the_notes_are(params_2023: Params) -> None:
    findings = [("U1", "error", "Số lượng âm"), ("U2", "warning", "Số nhập dạng chữ"), ("U1", "info", "Khớp nguồn")]
    issues = pd.DataFrame(
        {
            "unit_code": [u for u, _, _ in findings],
            "file": "a.xlsx",
            "sheet": "ChiTieu",
            "row": 5,
            "column": "C",
            "value": "x",
            "rule": "r",
            "severity": [s for _, s, _ in findings],
            "message_vi": [m for _, _, m in findings],
        }
    )
    submissions = pd.DataFrame(
        {"file": ["a.xlsx"], "unit_code": ["U1"], "status": ["accepted"], "problem": [None]}
        | {"rows_read": [3], "rows_accepted": [3], "rows_rejected": [0]}
    )
    scores = pd.DataFrame({"unit_code": ["U1", "U2"], "unit_name": ["Xã Một", "Xã Hai"]})
    soup = BeautifulSoup(rs.data_quality_appendix(issues, submissions, scores, params_2023), "lxml")
    paper = [[td.get_text() for td in tr.select("td")] for tr in soup.select("div.print-only tbody tr")]
    assert [(row[0], row[3]) for row in paper] == [("Xã Một", "Số lượng âm"), ("Xã Hai", "Số nhập dạng chữ")]
    assert len(soup.select_one("#theo-don-vi ~ details").select("div.screen-only tbody tr")) == 3  # the screen: all
    note = soup.select_one("#theo-don-vi ~ details + p.print-only").get_text()
    assert note.startswith("Bản in liệt kê 2/3 vấn đề (mức lỗi và cảnh báo); 1 ghi nhận mức thông tin")
