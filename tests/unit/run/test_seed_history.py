"""seed-history: an earlier run's recommended list appended to the award history, once (lib.run.seed_history).

A hand-written award_list.csv of an earlier run "2022" (params/2022.yaml absent,
so the year is the run's name and the wording params/2023.yaml's) in a
temporary project root; the rows expected are read off it by hand.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from lib.ingest.award_history import read_history
from lib.run.seed_history import seed

ROOT = Path(__file__).resolve().parents[3]
LIST = (
    "kind,status,rank,list_number,nominee_code,nominee_name,unit_code,score,reasons,position,unit_name,unit_group\n"
    'tap_the,de_nghi,1,1,22888,Ủy ban nhân dân xã An Hải,22888,88.1,"Điểm đánh giá 88,1/100",,UBND xã An Hải,'
    "ubnd_xa\n"
    "ca_nhan,de_nghi,1,1,22837-CN02,Võ Minh Thủy,22837,70,Điểm thành tích 70/100,Chuyên viên,UBND xã Phước Chiến,"
    "ubnd_xa\n"
    "ca_nhan,du_bi,2,2,22840-CN01,Dương Thị Thu Mai,22840,55,Điểm thành tích 55/100,Chuyên viên,UBND xã Công Hải,"
    "ubnd_xa\n"
)


def _root(tmp_path: Path) -> Path:
    (tmp_path / "params").mkdir()
    shutil.copy(ROOT / "params" / "2023.yaml", tmp_path / "params" / "2023.yaml")
    (tmp_path / "outputs" / "2022").mkdir(parents=True)
    (tmp_path / "outputs" / "2022" / "award_list.csv").write_text(LIST, encoding="utf-8")
    return tmp_path


def test_the_recommended_are_added_once_as_proposals(tmp_path: Path) -> None:
    root = _root(tmp_path)
    assert seed(root, "2022", "2023") == (2, 0)  # the reserve is not an award
    path = root / "data" / "raw" / "2023" / "award_history.csv"
    first = path.read_bytes()
    assert seed(root, "2022", "2023") == (0, 2)
    assert path.read_bytes() == first
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert rows["Mã đơn vị"].tolist() == ["22888", "22837"]
    assert rows["Họ và tên"].tolist() == ["", "Võ Minh Thủy"]
    assert rows["Tình trạng"].tolist() == ["Đề nghị, chưa có quyết định"] * 2
    assert rows["Số quyết định"].tolist() == ["", ""]
    assert rows["Năm khen thưởng"].tolist() == ["2022", "2022"]
    assert rows["Hình thức khen thưởng"].tolist() == ["Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"] * 2
    assert "22837-CN02" not in path.read_text(encoding="utf-8")  # no code of the list is written
    # The file it writes is one ingest accepts, every row.
    nominations = pd.DataFrame(columns=["unit_code", "person_code", "full_name", "position"])
    table, issues = read_history(path.parent, {"22888", "22837"}, nominations)
    assert len(table) == 2 and "2 dòng đọc: 2 nhận, 0 loại" in [i.detail for i in issues]


def test_a_row_the_clerk_completed_is_not_added_again(tmp_path: Path) -> None:
    root = _root(tmp_path)
    seed(root, "2022", "2023")
    path = root / "data" / "raw" / "2023" / "award_history.csv"
    text = path.read_text(encoding="utf-8").replace(
        '2022,Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh,"Đề nghị, chưa có quyết định",,',
        "2022,Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh,Đã có quyết định,2150/QĐ-UBND,20/12/2022",
        1,
    )
    path.write_text(text, encoding="utf-8")
    assert seed(root, "2022", "2023") == (0, 2)
    assert "2150/QĐ-UBND" in path.read_text(encoding="utf-8")
