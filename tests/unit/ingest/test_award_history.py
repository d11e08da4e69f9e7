"""The award history file read row by row (lib.ingest.award_history): every row accepted or rejected with a finding.

The csv is written here as a clerk's office saves it (UTF-8, Vietnamese headings);
the expected findings are read off the rows by hand.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.ingest.award_history import read_history

HEADER = (
    "Loại khen thưởng,Mã đơn vị,Họ và tên,Chức vụ,Năm khen thưởng,Hình thức khen thưởng,Tình trạng,Số quyết định,"
    "Ngày quyết định,Phong trào thi đua,Năm/giai đoạn của thành tích,Sản phẩm chuyển đổi số được khen,"
    "Thành tích được khen,Ghi chú\n"
)
FORM = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
MOVE = "Phong trào thi đua Chuyển đổi số"
DEC = f"{FORM},Đã có quyết định"  # form of award, then the status of a decided award


def _nominations() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_code": ["22837", "22837", "22837"],
            "person_code": ["A1", "A2", "A3"],
            "full_name": ["Võ Minh Thủy", "Trần Văn Nam", "Trần  văn Nam"],
            "position": ["Chuyên viên", "Phó Chủ tịch", "Công chức"],
        }
    )


def _read(tmp_path: Path, lines: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    (tmp_path / "award_history.csv").write_text(HEADER + "".join(lines), encoding="utf-8")
    table, issues = read_history(tmp_path, {"22837", "22888"}, _nominations())
    return table, pd.DataFrame([i.__dict__ for i in issues])


def test_good_rows_are_kept_with_a_finding_and_bad_rows_rejected(tmp_path: Path) -> None:
    table, found = _read(
        tmp_path,
        [
            f"Tập thể,22888,,,2022,{DEC},2150/QĐ-UBND,20/12/2022,{MOVE},2022,,Xuất sắc,\n",  # row 2 ok
            f"Tập thể,99999,,,2022,{DEC},2150/QĐ-UBND,20/12/2022,{MOVE},2022,,Xuất sắc,\n",  # unknown
            f"Tập thể,22888,,,2021,{DEC},2150/QĐ-UBND,31/02/2021,{MOVE},2021,,Xuất sắc,\n",  # bad date
            f"Tập thể,22888,,,2020,{DEC},,20/12/2020,{MOVE},2020,,Xuất sắc,\n",  # no number
            f"Cá nhân,22837,,,2022,{DEC},2150/QĐ-UBND,20/12/2022,{MOVE},2022,,Chủ trì,\n",  # no name
            f'Tập thể,22888,,,2019,{FORM},"Đề nghị, chưa có quyết định",,,{MOVE},2019,,Đề nghị,\n',  # row 7 ok
        ],
    )
    assert table["source_row"].tolist() == [2, 7]
    by_row = dict(zip(found["row"], found["rule"], strict=False))
    assert by_row[2] == "history_award_recorded" and by_row[7] == "history_award_recorded"
    assert by_row[3] == "unit_unknown"
    assert by_row[5] == "history_decision_missing"
    assert by_row[6] == "history_name_missing"
    assert found.loc[found["row"] == 4, "severity"].eq("error").all()  # the unreadable date costs the row
    assert 4 not in table["source_row"].tolist()
    summary = found.loc[found["rule"] == "history_file_read", "detail"].tolist()
    assert summary == ["6 dòng đọc: 2 nhận, 4 loại"]


def test_a_person_is_matched_by_unit_and_name_and_namesakes_by_position(tmp_path: Path) -> None:
    table, found = _read(
        tmp_path,
        [
            f"Cá nhân,22837,võ minh thủy,,2022,{DEC},1/QĐ-UBND,20/12/2022,{MOVE},2022,,Thành tích A,\n",
            f"Cá nhân,22837,Trần Văn Nam,Công chức,2022,{DEC},1/QĐ-UBND,20/12/2022,{MOVE},2022,,Thành tích B,\n",
            f"Cá nhân,22837,Trần Văn Nam,,2022,{DEC},1/QĐ-UBND,20/12/2022,{MOVE},2021,,Thành tích C,\n",
            f"Cá nhân,22888,Võ Minh Thủy,,2022,{DEC},1/QĐ-UBND,20/12/2022,{MOVE},2022,,Thành tích D,\n",
        ],
    )
    assert [c if isinstance(c, str) else None for c in table["person_code"]] == ["A1", "A3", None, None]
    assert found.loc[found["rule"] == "history_person_ambiguous", "row"].tolist() == [4]


def test_no_file_is_said_so(tmp_path: Path) -> None:
    table, issues = read_history(tmp_path, {"22837"}, _nominations())
    assert table.empty and [i.rule for i in issues] == ["history_file_missing"]
