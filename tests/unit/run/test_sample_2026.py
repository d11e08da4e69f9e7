"""The 2026 sample (Khánh Hòa after the 2025 reorganisation): its registry and its crosswalk from the 2023 run.

Oracles are the shared reference files read here directly (data/external/khanh_hoa_2025_communes.csv and the
2023 registry) and the counts stated in their README (48 xã, 16 phường, 1 đặc khu; 24 units on the former
Ninh Thuận territory; 65 communes in 2023, of which 62 are named predecessors and 3 are not).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.contract.params import load_params
from lib.run.sample_data import build_registry, commune_units, generate, load_sample_spec

ROOT = Path(__file__).resolve().parents[3]
COMMUNES = ROOT / "data" / "external" / "khanh_hoa_2025_communes.csv"
RAW_2026 = ROOT / "data" / "raw" / "2026"
RAW_2023 = ROOT / "data" / "raw" / "2023"
# The three 2023 wards of Phan Rang-Tháp Chàm not named as predecessors (data README); the sample assumes them.
UNNAMED_WARDS = {"22750": "Thanh Sơn", "22753": "Mỹ Hương", "22756": "Tấn Tài"}


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def crosswalk() -> pd.DataFrame:
    return _csv(RAW_2026 / "crosswalk.csv")


def test_communes_become_people_s_committees_without_a_district() -> None:
    units = commune_units(COMMUNES, "ubnd_xa", "xa")
    assert len(units) == 65
    names = units["unit_name"]
    assert names.str.startswith("Ủy ban nhân dân xã ").sum() == 48
    assert names.str.startswith("Ủy ban nhân dân phường ").sum() == 16
    assert names.str.startswith("Ủy ban nhân dân đặc khu ").sum() == 1
    assert set(units["unit_group"]) == {"ubnd_xa"} and set(units["admin_level"]) == {"xa"}
    assert set(units["parent_code"]) == {""}
    row = units.set_index("unit_code").loc["22736"]
    assert row["unit_name"] == "Ủy ban nhân dân đặc khu Trường Sa"


def test_the_2026_registry_has_no_district_level_and_the_merged_departments() -> None:
    registry = build_registry(load_sample_spec(ROOT / "params" / "samples" / "2026.yaml"))
    assert registry["unit_code"].is_unique
    assert "huyen" not in set(registry["admin_level"])
    assert not registry["unit_name"].str.contains("huyện|Huyện|thị trấn|Thị trấn").any()
    by_code = registry.set_index("unit_code")["unit_name"]
    assert by_code["S-KHCN"] == "Sở Khoa học và Công nghệ"
    assert by_code["S-NNMT"] == "Sở Nông nghiệp và Môi trường"
    # merged away on 1/3/2025
    for gone in ("S-TTTT", "S-KHDT", "S-GTVT", "S-LDTBXH", "S-TNMT", "S-NNPTNT"):
        assert gone not in by_code
    fictional = registry[registry["unit_group"].isin(["doanh_nghiep", "to_chuc_khac"])]
    assert fictional["unit_name"].str.endswith("(hư cấu)").all()
    assert (registry["unit_group"] == "ubnd_xa").sum() == 65


def test_the_committed_registry_holds_the_communes_the_bodies_and_seven_fictional_units() -> None:
    committed = _csv(RAW_2026 / "registry.csv")
    bodies = _csv(ROOT / "data" / "external" / "khanh_hoa_2026_bodies.csv")
    assert len(committed) == 65 + len(bodies) + 7
    assert set(_csv(COMMUNES)["unit_code"]) | set(bodies["unit_code"]) <= set(committed["unit_code"])


def test_crosswalk_has_the_shared_format(crosswalk: pd.DataFrame) -> None:
    assert list(crosswalk.columns) == ["previous_code", "previous_name", "unit_code", "note"]
    assert not crosswalk.duplicated(["previous_code", "unit_code"]).any()


def test_each_ex_ninh_thuan_unit_has_its_named_predecessors_from_the_2023_registry(crosswalk: pd.DataFrame) -> None:
    """The 24 units with a predecessor column: each predecessor named there, and nothing else, by 2023 name."""
    communes = _csv(COMMUNES)
    formed = communes[communes["predecessors_ninh_thuan_2024"] != ""]
    assert len(formed) == 24
    previous = _csv(RAW_2023 / "registry.csv").set_index("unit_code")["unit_name"]
    for code, names in zip(formed["unit_code"], formed["predecessors_ninh_thuan_2024"], strict=True):
        rows = crosswalk[(crosswalk["unit_code"] == code) & (crosswalk["note"].str.startswith("tiền thân"))]
        expected = {n.strip().split(" ", 1)[1] if not n.strip().startswith("Thị trấn") else n.strip()[9:]
                    for n in names.split(";")}  # fmt: skip
        assert len(rows) == len(expected), code
        for prev_code, prev_name in zip(rows["previous_code"], rows["previous_name"], strict=True):
            assert previous[prev_code] == prev_name
            assert any(prev_name.endswith(" " + e) for e in expected), (code, prev_name)


def test_every_2023_commune_leads_somewhere_and_the_three_unnamed_wards_are_marked_assumed(
    crosswalk: pd.DataFrame,
) -> None:
    previous = _csv(RAW_2023 / "registry.csv")
    communes_2023 = set(previous.loc[previous["admin_level"] == "xa", "unit_code"])
    assert len(communes_2023) == 65
    assert communes_2023 <= set(crosswalk["previous_code"])
    for code, ward in UNNAMED_WARDS.items():
        row = crosswalk.set_index("previous_code").loc[code]
        assert "GIẢ ĐỊNH" in row["note"] and ward in row["note"]
    # phường Đông Hải (2023) is named by two 2026 units: a split
    assert set(crosswalk.loc[crosswalk["previous_code"] == "22768", "unit_code"]) == {"22780", "22888"}


def test_crosswalk_points_only_at_units_that_exist(crosswalk: pd.DataFrame) -> None:
    assert set(crosswalk["previous_code"]) <= set(_csv(RAW_2023 / "registry.csv")["unit_code"])
    assert set(crosswalk["unit_code"]) <= set(_csv(RAW_2026 / "registry.csv")["unit_code"])
    merged = crosswalk.set_index("previous_code")["unit_code"]
    assert merged["S-TTTT"] == "S-KHCN" and merged["S-KHCN"] == "S-KHCN"
    assert merged["S-GTVT"] == "S-XD"
    # no 2023 district has a 2026 successor
    assert not crosswalk["previous_code"].isin(["582", "584", "585", "586", "587", "588", "589"]).any()


def test_regenerating_the_2026_sample_gives_identical_files(tmp_path: Path) -> None:
    spec = load_sample_spec(ROOT / "params" / "samples" / "2026.yaml")
    fresh = tmp_path / "2026"
    generate(fresh, load_params(ROOT / "params" / "2026.yaml"), seed=spec.seed, spec=spec)

    def listing(base: Path) -> list[str]:
        return sorted(p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file())

    assert listing(fresh) == listing(RAW_2026)
    assert [n for n in listing(RAW_2026) if (fresh / n).read_bytes() != (RAW_2026 / n).read_bytes()] == []
