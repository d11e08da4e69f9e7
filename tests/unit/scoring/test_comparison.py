"""Year over year: matching through a hand-built crosswalk, and the score and rank changes worked out by hand.

Previous run (one group, ranks by score): A 80 (1), B 70 (2), C 60 (3), D 50 (4), E 40 (5).
Crosswalk: B → M and C → M (a merge), D → S1 and D → S2 (a split). A keeps its code, E is gone, N is new.
This run: A 85 (1), M 72 (2), S1 66 (3), S2 45 (4), N 30 (5). F sent nothing in either year.
By hand: A +5 and up 0 places (1 → 1); M against (70 + 60) / 2 = 65: +7, no rank change (merge);
S1 against D: +16, 4 → 3 = up 1; S2 against D: -5, 4 → 4 = 0; N new; E gone with its 40 and rank 5.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.contract.params import Params
from lib.ingest.crosswalk import load_crosswalk
from lib.report.comparison import comparison_section, rank_words
from lib.scoring.comparison import compare_units, kpi_trend, unit_links

GROUP = "ubnd_xa"


def _scores(rows: list[tuple[str, float | None, int | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["unit_code", "score", "rank_in_group"])
    frame["unit_name"] = "Xã " + frame["unit_code"]
    frame["unit_group"] = GROUP
    frame["submitted"] = frame["score"].notna()
    frame["rank_in_group"] = frame["rank_in_group"].astype("Int64")
    return frame


PREVIOUS = _scores([("A", 80, 1), ("B", 70, 2), ("C", 60, 3), ("D", 50, 4), ("E", 40, 5), ("F", None, None)])
CURRENT = _scores([("A", 85, 1), ("M", 72, 2), ("S1", 66, 3), ("S2", 45, 4), ("N", 30, 5), ("F", None, None)])
CROSSWALK = pd.DataFrame({"previous_code": ["B", "C", "D", "D"], "unit_code": ["M", "M", "S1", "S2"]})


def _compared() -> pd.DataFrame:
    links = unit_links(CROSSWALK, PREVIOUS["unit_code"].tolist(), CURRENT["unit_code"].tolist())
    return compare_units(CURRENT, PREVIOUS, links).set_index("unit_code")


def test_links_name_identity_merge_split_new_and_gone() -> None:
    links = unit_links(CROSSWALK, PREVIOUS["unit_code"].tolist(), CURRENT["unit_code"].tolist())
    got = {(p, u, k) for p, u, k in links.itertuples(index=False)}
    assert got == {
        ("A", "A", "cung_ma"),
        ("B", "M", "hop_nhat"),
        ("C", "M", "hop_nhat"),
        ("D", "S1", "chia_tach"),
        ("D", "S2", "chia_tach"),
        (None, "N", "moi"),
        ("E", None, "khong_con"),
        ("F", "F", "cung_ma"),
    }


def test_score_and_rank_changes_as_worked_out_by_hand() -> None:
    frame = _compared()
    expected = {
        "A": (80.0, 5.0, 1, 0),
        "M": (65.0, 7.0, None, None),
        "S1": (50.0, 16.0, 4, 1),
        "S2": (50.0, -5.0, 4, 0),
    }
    for code, (previous, change, previous_rank, rank_change) in expected.items():
        row = frame.loc[code]
        assert row["previous_score"] == pytest.approx(previous), code
        assert row["score_change"] == pytest.approx(change), code
        assert (None if pd.isna(row["previous_rank"]) else int(row["previous_rank"])) == previous_rank, code
        assert (None if pd.isna(row["rank_change"]) else int(row["rank_change"])) == rank_change, code
    assert frame.loc["M", "previous_codes"] == "B, C"
    assert pd.isna(frame.loc["N", "previous_score"]) and frame.loc["N", "link"] == "moi"
    gone = frame.loc[""]
    assert gone["link"] == "khong_con" and gone["previous_codes"] == "E" and gone["previous_score"] == 40
    # F sent nothing either year (score 0 in scores.csv, no rank): listed, nothing compared.
    assert frame.loc["F", ["previous_score", "score", "score_change"]].isna().all()
    assert len(frame) == 7  # six units of this run, one gone: nothing vanishes


def test_a_code_not_in_the_crosswalk_matches_itself_only_when_both_registries_hold_it() -> None:
    links = unit_links(CROSSWALK.iloc[0:0], ["A", "B"], ["B", "C"])
    assert {(p, u, k) for p, u, k in links.itertuples(index=False)} == {
        ("B", "B", "cung_ma"),
        (None, "C", "moi"),
        ("A", None, "khong_con"),
    }


def test_rank_changes_in_words() -> None:
    frame = _compared().reset_index()
    words = dict(zip(frame["unit_code"], [rank_words(r) for r in frame.to_dict("records")], strict=True))
    assert words["S1"] == "tăng 1 bậc" and words["A"] == "giữ nguyên" and words["S2"] == "giữ nguyên"
    assert words["M"] == "hợp nhất (không so thứ hạng)" and words["N"] == "đơn vị mới"


def test_kpi_trend_against_this_years_target() -> None:
    kpis = pd.DataFrame(
        {
            "code": ["K1", "K2"],
            "label_vi": ["Một", "Hai"],
            "value": [0.8, 0.4],
            "target": [0.75, 0.5],
            "met": [True, False],
        }
    )
    previous = pd.DataFrame({"code": ["K1"], "value": [0.7]})
    trend = kpi_trend(kpis, previous).set_index("code")
    assert trend.loc["K1", "change"] == pytest.approx(0.1) and not trend.loc["K1", "previous_met"]
    assert pd.isna(trend.loc["K2", "previous_value"])


def test_no_previous_run_means_no_section(params: Params) -> None:
    without = params.with_changes({"previous_run": None})
    assert comparison_section(_compared().reset_index(), pd.DataFrame(), without) == ""
    page = comparison_section(
        _compared().reset_index(),
        kpi_trend(
            pd.DataFrame({"code": ["K1"], "label_vi": ["Một"], "value": [0.8], "target": [0.75], "met": [True]}),
            pd.DataFrame({"code": ["K1"], "value": [0.7]}),
        ),
        params,
    )
    assert "So sánh với năm trước" in page and "Xã M (M) hợp nhất từ Xã B; Xã C (B, C)" in page
    assert "Xã S1 (S1), Xã S2 (S2) chia tách từ Xã D (D)" in page and "Xã E (E)" in page


def test_every_crosswalk_row_is_accepted_or_rejected_with_a_finding(tmp_path: Path, params: Params) -> None:
    raw = tmp_path / "data" / "raw" / "2023"
    raw.mkdir(parents=True)
    (tmp_path / "outputs" / "2022").mkdir(parents=True)
    PREVIOUS.to_csv(tmp_path / "outputs" / "2022" / "scores.csv", index=False)
    (raw / "crosswalk.csv").write_text(
        "previous_code,previous_name,unit_code,note\nB,Xã B,M,nhập\nC,Xã C,M,nhập\nZ,Xã Z,M,sai mã\nD,Xã D,Q,sai\n"
        "B,Xã B,M,lặp\n",
        encoding="utf-8",
    )
    kept, issues = load_crosswalk(raw, CURRENT, params)
    assert kept[["previous_code", "unit_code", "source_row"]].values.tolist() == [["B", "M", 2], ["C", "M", 3]]
    rejected = {(i.rule, i.row) for i in issues if i.action == "rejected_row"}
    assert rejected == {("crosswalk_previous_unknown", 4), ("crosswalk_unit_unknown", 5), ("duplicate_key", 6)}
    assert [i.detail for i in issues if i.rule == "crosswalk_read"] == [
        "5 dòng đọc: 2 nhận, 3 loại (so với lần đánh giá 2022)"
    ]
