"""The effect the audit prints: scores that moved and award-list entries that moved, entered or left, in words."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from lib.run import messages as msg
from lib.run.audit import AuditError, audit, input_changes
from lib.run.audit_effects import award_changes, score_changes
from lib.run.input_cells import INPUT_CELLS_FILE

SCORES = pd.DataFrame(
    {
        "unit_code": ["22906", "22747", "MT-TD"],
        "unit_name": ["Ủy ban nhân dân xã Phước Minh", "Ủy ban nhân dân phường Phủ Hà", "Tỉnh Đoàn"],
        "score": [89.456, 88.29, float("nan")],
    }
)
AWARDS = pd.DataFrame(
    {
        "kind": ["tap_the", "tap_the", "ca_nhan", "ca_nhan"],
        "status": ["de_nghi", "de_nghi", "de_nghi", "du_bi"],
        "rank": [2.0, 3.0, 7.0, 8.0],
        "nominee_name": [
            "Ủy ban nhân dân xã Phước Minh",
            "Ủy ban nhân dân phường Phủ Hà",
            "Đỗ Quốc Yến",
            "Lâm Đức Dũng",
        ],
        "unit_code": ["22906", "22747", "22747", "22906"],
    }
)
NAMES = dict(zip(SCORES["unit_code"], SCORES["unit_name"], strict=True))


def test_only_units_whose_score_differs_are_listed_the_largest_change_first() -> None:
    new = SCORES.assign(score=[87.342, 88.2901, float("nan")])
    found = score_changes(SCORES, new)
    assert [e.vi for e in found] == [
        "Ủy ban nhân dân xã Phước Minh: 89,5 → 87,3 điểm",
        "Ủy ban nhân dân phường Phủ Hà: 88,2900 → 88,2901 điểm",  # as many decimals as the change needs
    ]
    assert found[0].en == "score 89.5 → 87.3" and found[0].difference == "changed"


def test_a_unit_in_one_run_only_is_named_as_new_or_gone() -> None:
    new = pd.concat([SCORES.iloc[:2], pd.DataFrame({"unit_code": ["X"], "unit_name": ["Xã Mới"], "score": [50.0]})])
    found = {e.item: e for e in score_changes(SCORES, new)}
    assert found["Xã Mới"].difference == "entered" and "(đơn vị mới)" in found["Xã Mới"].vi
    assert found["Tỉnh Đoàn"].difference == "left" and found["Tỉnh Đoàn"].vi.startswith("Tỉnh Đoàn: không có → ")


def test_swapped_ranks_and_a_person_entering_the_recommended_list() -> None:
    new = AWARDS.assign(rank=[3.0, 2.0, 8.0, 7.0], status=["de_nghi", "de_nghi", "du_bi", "de_nghi"])
    lines = [e.vi for e in award_changes(AWARDS, new, NAMES)]
    assert lines == [
        "Tập thể Ủy ban nhân dân xã Phước Minh: Đề nghị khen thưởng, hạng 2 → Đề nghị khen thưởng, hạng 3",
        "Tập thể Ủy ban nhân dân phường Phủ Hà: Đề nghị khen thưởng, hạng 3 → Đề nghị khen thưởng, hạng 2",
        "Cá nhân Đỗ Quốc Yến (Ủy ban nhân dân phường Phủ Hà): Đề nghị khen thưởng, hạng 7 → Dự bị, hạng 8"
        " (ra khỏi danh sách đề nghị)",
        "Cá nhân Lâm Đức Dũng (Ủy ban nhân dân xã Phước Minh): Dự bị, hạng 8 → Đề nghị khen thưởng, hạng 7"
        " (vào danh sách đề nghị)",
    ]
    english = [e.en for e in award_changes(AWARDS, new, NAMES)]
    assert english[0] == "collective: recommended, rank 2 → recommended, rank 3"
    assert english[3].endswith("(enters the recommended list)")


def test_a_nominee_in_one_list_only_entered_or_left() -> None:
    new = pd.concat([AWARDS.iloc[[0, 1, 3]], AWARDS.iloc[[2]].assign(nominee_name="Võ Minh Thủy")])
    found = {e.item: e for e in award_changes(AWARDS, new, NAMES)}
    entered = found["Cá nhân Võ Minh Thủy (Ủy ban nhân dân phường Phủ Hà)"]
    left = found["Cá nhân Đỗ Quốc Yến (Ủy ban nhân dân phường Phủ Hà)"]
    assert entered.difference == "entered" and entered.old == "không có trong danh sách"
    assert left.difference == "left" and left.new == "không còn trong danh sách"
    assert len(found) == 2  # the others did not move


def test_keep_inside_the_published_folder_is_refused_before_anything_runs(tmp_path: Path) -> None:
    published = tmp_path / "outputs" / "2023"
    published.mkdir(parents=True)
    (published / "manifest.json").write_text('{"run": "2023", "outputs": {}, "inputs": {}}', encoding="utf-8")
    with pytest.raises(AuditError, match="inside the published folder"):
        audit(tmp_path, "2023", keep=published / "lai")


def _changed(kind: str, file: str) -> dict[str, object]:
    return {"step": 2, "kind": kind, "file": file, "difference": "changed", "match": False}


def test_a_difference_with_nothing_to_name_says_why_in_one_sentence(tmp_path: Path) -> None:
    checks = [_changed("input", "data/raw/2023/SAMPLE_DATA.md"), _changed("params", "params/2023.yaml")]
    assert [c.item for c in input_changes(tmp_path, "2023", {}, checks)] == [msg.AUDIT_NO_RECORD] * 2
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "2023.yaml").write_text("caps: {collectives: 5}  # tối đa\n", encoding="utf-8")
    record = {"params": {"params/2023.yaml": "caps: {collectives: 5}\n"}, "files": {}, "reading": {}}
    (tmp_path / "outputs" / "2023").mkdir(parents=True)
    (tmp_path / "outputs" / "2023" / INPUT_CELLS_FILE).write_text(json.dumps(record), encoding="utf-8")
    found = input_changes(tmp_path, "2023", {}, checks)
    assert [(c.file, c.item) for c in found] == [
        ("data/raw/2023/SAMPLE_DATA.md", msg.AUDIT_NO_FILE_RECORD),
        ("params/2023.yaml", msg.AUDIT_NO_KEY_DIFFERS),  # only a comment was added
    ]
