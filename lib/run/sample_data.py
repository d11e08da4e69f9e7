"""Deterministic generator of the synthetic samples in ``data/raw/<run>`` (2023, 2026).

The registry is real (the files a run's sample spec ``params/samples/<run>.yaml``
names, plus a few clearly fictional enterprises and organisations); every value
and person is synthetic. The generator plants the mess real submissions carry (SPEC §5),
each case listed in :data:`PLANTED` and in the generated ``SAMPLE_DATA.md``,
so the cleaning stage can be shown to catch every one of them.

The same generator, with ``scale``, makes the national-scale bench data set.
"""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from lib.contract import schemas as sc
from lib.contract.params import Params
from lib.ingest.text_repair import encode_tcvn3
from lib.publish.template import build_workbook
from lib.publish.workbooks import Row, save_workbook
from lib.run import sample_history, sample_verification

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lâm", "Châu"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Quốc", "Thị Thu", "Đức", "Hoài"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Hà",
    "Hải",
    "Hòa",
    "Hùng",
    "Khoa",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thủy",
    "Trang",
    "Tuấn",
    "Vy",
    "Yến",
]
PRODUCTS = [
    "Số hóa hồ sơ hộ tịch",
    "Bản đồ số du lịch",
    "Ứng dụng phản ánh hiện trường",
    "Chợ 4.0 không dùng tiền mặt",
    "Số hóa hồ sơ đất đai",
    "Họp không giấy",
    "Trợ lý ảo hành chính công",
    "Kho dữ liệu dùng chung",
    "Cổng dữ liệu mở chuyên ngành",
    "Camera giám sát thông minh",
    "Sổ tay đảng viên điện tử",
    "Ví điện tử an sinh",
]
POSITIONS = [
    "Chuyên viên",
    "Công chức Văn phòng - Thống kê",
    "Phó Trưởng phòng",
    "Công chức Tư pháp - Hộ tịch",
    "Kỹ sư hệ thống",
    "Viên chức công nghệ thông tin",
]
LEADER_POSITIONS = {
    "ubnd_xa": "Chủ tịch UBND",
    "ubnd_huyen": "Chủ tịch UBND",
    "so_ban_nganh": "Giám đốc",
    "mttq_doan_the": "Chủ tịch",
    "doanh_nghiep": "Giám đốc",
    "to_chuc_khac": "Chủ tịch",
}

# What the generator plants on purpose, and the rule the cleaning stage must
# report for it (rule codes of lib.contract.quality_rules). Checked by tests/test_sample_data.py.
PLANTED: list[dict[str, str]] = [
    {"case": "NFD text", "where": "unit name of commune 22786 written in NFD", "rule": "text_repaired"},
    {
        "case": "tone placement Hoà/Uỷ",
        "where": "unit name 'Uỷ ban nhân dân xã Phước Hoà' (22786)",
        "rule": "text_repaired",
    },
    {
        "case": "TCVN3 text",
        "where": "an individual's name from 22903 typed in .VnTime (TCVN3)",
        "rule": "text_repaired",
    },
    {
        "case": "number as text with separators",
        "where": "TC04 numerator '1.245' at district 587",
        "rule": "text_number",
    },
    {"case": "percent as 0.755", "where": "TC04 reported rate 0.755-style fraction at 22741", "rule": ""},
    {"case": "percent as 75.5", "where": "TC04 reported rate on a 0-100 scale at 22744", "rule": "percent_scale"},
    {"case": "percent as text '75,5%'", "where": "TC03 reported rate at S-TP", "rule": "text_percent"},
    {"case": "fraction in one cell", "where": "TC02 numerator '45/60' at 22750", "rule": "fraction_in_cell"},
    {
        "case": "text dates",
        "where": "submitted_on '05-12-2023' (22747), 'ngày 6 tháng 12 năm 2023' (22753)",
        "rule": "text_date",
    },
    {"case": "resubmission", "where": "S-YT sent twice; the first file is superseded", "rule": "superseded"},
    {"case": "unknown unit code", "where": "file from unit code 99999 not in the registry", "rule": "unit_unknown"},
    {"case": "numerator above denominator", "where": "TC05 at 22813", "rule": "numerator_above_denominator"},
    {"case": "negative count", "where": "TC11 numerator -5 at 22816", "rule": "negative_count"},
    {"case": "subtotal row", "where": "'Tổng cộng' row in ChiTieu of 585", "rule": "subtotal_row"},
    {"case": "corrupt file", "where": "22819: a text file saved as .xlsx", "rule": "file_unreadable"},
    {"case": "title rows push the header down", "where": "S-CT ChiTieu header on row 5", "rule": ""},
    {
        "case": "unit identified by name and district",
        "where": "22774 Thành Hải, code left blank",
        "rule": "unit_resolved_by_name",
    },
    {"case": "late dossier", "where": "S-GTVT collective dossier received 15/12/2023 (register)", "rule": ""},
    {"case": "disciplined individual", "where": "an individual of 582 disciplined in 2023", "rule": ""},
]
# Self-reported against verified: the appraisal file and the systems' exports (lib/run/sample_verification.py).
PLANTED += sample_verification.PLANTED


ROOT = Path(__file__).resolve().parents[2]
# The 2023 sample's planted cases by role (what _plant, _special_files and _register mess up, and where).
PLANTS_2023: dict[str, Any] = {
    "nfd_name": {"unit": "22786", "name": "Uỷ ban nhân dân xã Phước Hoà"},
    "tcvn3_person": {"unit": "22903", "name": "Phạm Thị Thủy"},
    "number_text": "587",
    "rate_fraction": "22741",
    "rate_scale": "22744",
    "rate_text": "S-TP",
    "fraction_cell": "22750",
    "date_dash": "22747",
    "date_words": "22753",
    "above_denominator": "22813",
    "negative_count": "22816",
    "by_name": [{"unit": "22774", "district": "Phan Rang-Tháp Chàm"}],
    "disciplined": "582",
    "late": {"unit": "S-GTVT", "summary": "Số hóa quản lý phương tiện, đăng kiểm trực tuyến."},
    "resubmitted": "S-YT",
    "unknown": {"copy_of": "22903", "unit": "99999", "name": "Ủy ban nhân dân xã Không Có"},
    "corrupt": "22819",
    "subtotal": "585",
    "title_rows": {"unit": "S-CT", "title": "SỞ CÔNG THƯƠNG TỈNH NINH THUẬN"},
    "system_gaps": sample_verification.SYSTEM_GAPS,
    "appraisal": sample_verification.APPRAISAL,
}


@dataclass(frozen=True)
class SampleSpec:
    """What one run's sample is drawn from and what is planted in it (``params/samples/<run>.yaml``).

    The registry source, the fictional units, the units that must submit and the planted cases are data,
    so a run on another province or structure is a new spec file, not new code.
    """

    units: tuple[Path, ...]
    seed: int | None = None
    communes: Path | None = None
    commune_group: str = "ubnd_xa"
    commune_level: str = "xa"
    fictional: tuple[tuple[str, str, str], ...] = ()
    must_submit: tuple[str, ...] = ()
    plants: dict[str, Any] = field(default_factory=lambda: dict(PLANTS_2023))
    planted: tuple[dict[str, str], ...] = ()
    email_domain: str = "ninhthuan.gov.vn"
    id_prefix: str = "058"
    about: str = ""
    crosswalk: dict[str, Any] = field(default_factory=dict)
    # The planted award history of lib/run/sample_history.py (drawn on the 2023 sample's nominees).
    award_history: bool = False

    @property
    def cases(self) -> list[dict[str, str]]:
        """The planted cases as SAMPLE_DATA.md lists them (the 2023 list unless the spec has its own)."""
        return list(self.planted) or PLANTED


def load_sample_spec(path: Path, root: Path = ROOT) -> SampleSpec:
    """Read a sample spec; paths in it are relative to the repository root."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    registry = data["registry"]
    plants = {**PLANTS_2023, **data.get("plants", {})} if data.get("plants") else dict(PLANTS_2023)
    return SampleSpec(
        units=tuple(root / u for u in registry["units"]),
        seed=data.get("seed"),
        communes=root / registry["communes"] if registry.get("communes") else None,
        commune_group=registry.get("commune_group", "ubnd_xa"),
        commune_level=registry.get("commune_level", "xa"),
        fictional=tuple(tuple(u) for u in data.get("fictional", ())),
        must_submit=tuple(str(c) for c in data["must_submit"]),
        plants=plants,
        planted=tuple(data.get("planted", ())),
        email_domain=data.get("email_domain", "ninhthuan.gov.vn"),
        id_prefix=str(data.get("id_prefix", "058")),
        about=data.get("about", ""),
        crosswalk=data.get("crosswalk", {}),
        award_history=bool(data.get("award_history", False)),
    )


def commune_units(communes_csv: Path, group: str, level: str) -> pd.DataFrame:
    """Registry rows for a list of communes (unit_code, unit_name «Phường Nha Trang», unit_type).

    The unit that competes is the commune's People's Committee: «Ủy ban nhân dân phường Nha Trang». With
    no level between province and commune, parent_code is empty.
    """
    communes = pd.read_csv(communes_csv, dtype=str, keep_default_na=False)
    names = [
        f"Ủy ban nhân dân {kind} {name[len(kind) :].strip()}"
        for kind, name in zip(communes["unit_type"], communes["unit_name"], strict=True)
    ]
    return pd.DataFrame(
        {
            "unit_code": communes["unit_code"],
            "unit_name": names,
            "unit_group": group,
            "admin_level": level,
            "parent_code": "",
        }
    )


CROSSWALK_FILE = "crosswalk.csv"
CROSSWALK_COLUMNS = ["previous_code", "previous_name", "unit_code", "note"]
PREDECESSORS = "predecessors_ninh_thuan_2024"


def build_crosswalk(spec: SampleSpec, root: Path = ROOT) -> pd.DataFrame:
    """Previous run's codes -> this run's, one row per pair (a merge: several rows share a unit_code).

    The communes' pairs come from the commune list's predecessor column, each predecessor found by its
    name in the previous registry («Phường Phủ Hà» is «Ủy ban nhân dân phường Phủ Hà»); then the spec's
    assumed pairs and its bodies (departments and organisations as merged). A predecessor that is not in
    the previous registry stops the generator: a crosswalk never points at a unit that did not exist.
    """
    block = spec.crosswalk
    previous = pd.read_csv(root / block["previous_registry"], dtype=str, keep_default_na=False)
    name_of = dict(zip(previous["unit_code"], previous["unit_name"], strict=True))
    code_of = {unicodedata.normalize("NFC", n): c for c, n in name_of.items()}
    rows = []
    communes = pd.read_csv(spec.communes, dtype=str, keep_default_na=False) if spec.communes else pd.DataFrame()
    for code, names in zip(communes.get("unit_code", []), communes.get(PREDECESSORS, []), strict=True):
        for name in filter(None, (n.strip() for n in names.split(";"))):
            kind, rest = name.split(" ", 1) if not name.startswith("Thị trấn") else ("thị trấn", name[9:])
            full = unicodedata.normalize("NFC", f"Ủy ban nhân dân {kind.lower()} {rest}")
            if full not in code_of:
                raise ValueError(f"crosswalk: predecessor {name!r} of {code} is not in {block['previous_registry']}")
            rows.append({"previous_code": code_of[full], "unit_code": code, "note": f"tiền thân: {name}"})
    rows += [{k: str(v) for k, v in r.items()} for r in [*block.get("assumed", []), *block.get("bodies", [])]]
    frame = pd.DataFrame(rows)
    unknown = sorted(set(frame["previous_code"]) - set(name_of))
    if unknown:
        raise ValueError(f"crosswalk: previous codes not in {block['previous_registry']}: {unknown}")
    frame["previous_name"] = frame["previous_code"].map(name_of)
    return frame[CROSSWALK_COLUMNS]


def build_registry(spec: SampleSpec) -> pd.DataFrame:
    """The sample's registry: the spec's unit files, then its communes, then its fictional units."""
    parts = [pd.read_csv(path, dtype=str, keep_default_na=False) for path in spec.units]
    if spec.communes is not None:
        parts.append(commune_units(spec.communes, spec.commune_group, spec.commune_level))
    parts.append(
        pd.DataFrame(
            [
                {"unit_code": c, "unit_name": n, "unit_group": g, "admin_level": "", "parent_code": ""}
                for c, n, g in spec.fictional
            ]
        )
    )
    return pd.concat(parts, ignore_index=True)


def _rate_draw(rng: np.random.Generator, group: str, code: str) -> float:
    """Plausible 2023 rates: signing/reporting high, commune online dossiers low."""
    if group in {"doanh_nghiep", "to_chuc_khac"}:
        return float(rng.uniform(0.35, 0.95))
    if code in {"TC01", "TC05"}:
        return float(rng.uniform(0.9, 1.0))
    if code == "TC04":
        return float(np.clip(rng.beta(2.2, 3.2), 0.1, 0.9)) if group == "ubnd_xa" else float(rng.uniform(0.3, 0.95))
    if code in {"TC02", "TC06", "TC08", "TC12"}:
        return float(rng.choice([1.0, 1.0, rng.uniform(0.6, 1.0)]))
    if code == "TC03":
        return float(rng.uniform(0.4, 0.95))
    return float(rng.uniform(0.5, 1.0))


def _denominator(rng: np.random.Generator, group: str, code: str, scale: float) -> int:
    base = {
        "TC01": 3000,
        "TC02": 120,
        "TC03": 120,
        "TC04": 4000,
        "TC05": 60,
        "TC06": 20,
        "TC07": 15,
        "TC08": 5,
        "TC09": 12,
        "TC11": 80,
        "TC12": 4,
    }[code]
    factor = {"ubnd_xa": 0.25, "ubnd_huyen": 1.0, "so_ban_nganh": 0.8, "mttq_doan_the": 0.3}.get(group, 0.3) * scale
    return max(1, round(base * factor * rng.uniform(0.5, 1.5)))


def _period_scale(params: Params) -> float:
    """How much of a year the period covers (1.0 for a year, 0.5 for a six-month review): counts scale with it."""
    return (params.period.end.month - params.period.start.month + 1) / 12


def _report_day(params: Params, day: int, months_before: int = 0) -> dt.date:
    """A day of the month in which units report, the month of params `as_of` (December for the year, July for
    the six-month review), or a month before it: workbooks and dossiers are dated just before the evaluation."""
    month = params.as_of.month - months_before
    return dt.date(params.as_of.year, month, day)


def _product_months(params: Params) -> tuple[int, int]:
    """The months a product may go into use (rng.integers bounds): after the period's first month, before its last."""
    return params.period.start.month + 1, params.period.end.month


def _person_name(rng: np.random.Generator) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _unit_rows(
    rng: np.random.Generator,
    unit: pd.Series,
    params: Params,
    quality: float,
    people_per_unit: float | None = None,
    spec: SampleSpec | None = None,
) -> dict:
    """The content of one unit's workbook, before any planted mess.

    ``people_per_unit`` (national bench) draws a Poisson number of nominated
    individuals for every unit instead of the sample's few.
    """
    group = unit["unit_group"]
    code = unit["unit_code"]
    year = params.year
    indicators = []
    for crit in params.criteria:
        if crit.measure != "rate":
            continue
        row = {"criterion_code": crit.code, "criterion_name": crit.label_vi}
        if group in crit.applies_to:
            den = _denominator(rng, group, crit.code, _period_scale(params))
            if crit.code in {"TC02", "TC03", "TC04"} and group == "so_ban_nganh" and rng.random() < 0.1:
                den = 0
            rate = min(1.0, _rate_draw(rng, group, crit.code) * quality)
            row.update(
                numerator=round(rate * den),
                denominator=den,
                evidence_ref=f"Báo cáo số {rng.integers(10, 300)}/BC ngày {rng.integers(1, 28)}/"
                f"{_report_day(params, 1).month - 1}/{year}",
            )
        indicators.append(row)
    n_products = int(rng.choice([0, 1, 1, 2, 3], p=[0.12, 0.38, 0.2, 0.2, 0.1]))
    products = [
        {
            "product_name": f"{name} - {unit['unit_name']}",
            "in_use_on": dt.date(year, int(rng.integers(*_product_months(params))), int(rng.integers(1, 28))),
            "evidence_ref": f"Quyết định số {rng.integers(10, 500)}/QĐ ngày "
            f"{rng.integers(1, 28)}/{rng.integers(*_product_months(params))}/{year}",
        }
        for name in rng.choice(PRODUCTS, size=n_products, replace=False)
    ]
    sent = _report_day(params, int(rng.integers(1, 14)))
    collective = []
    if quality > 0.97 and rng.random() < 0.55:
        collective = [
            {
                "has_proposal": "Có",
                "has_achievement_report": "Có",
                "has_council_minutes": "Có",
                "has_movement_plan": "Có",
                "has_results_report": "Có" if rng.random() > 0.08 else "Không",
                "dossier_sent_on": sent,
                "disciplined": "Không",
                "under_investigation": "Không",
                "achievement_summary": f"Hoàn thành {n_products} sản phẩm chuyển đổi số; đẩy mạnh dịch vụ công "
                "trực tuyến.",
            }
        ]
    individuals = []
    if people_per_unit is not None:
        n_people = int(rng.poisson(people_per_unit))
    else:
        n_people = int(rng.choice([0, 0, 1, 2], p=[0.45, 0.2, 0.25, 0.1])) if quality > 0.95 else 0
    for k in range(n_people):
        leader = k == 0 and rng.random() < 0.2
        products_led = int(min(n_products, rng.integers(0, 3)))
        level = str(rng.choice(["khong", "co_so", "tinh"], p=[0.35, 0.45, 0.2]))
        individuals.append(
            {
                "person_code": f"CN-{code}-{k + 1:02d}",
                "full_name": _person_name(rng),
                "position": LEADER_POSITIONS[group] if leader else str(rng.choice(POSITIONS)),
                "is_leader": "Có" if leader else "Không",
                "annual_rating": sc.ANNUAL_RATINGS[
                    str(rng.choice(["xuat_sac", "tot", "hoan_thanh"], p=[0.35, 0.55, 0.1]))
                ],
                "products_led": products_led,
                "initiative_name": None if level == "khong" else f"Sáng kiến {rng.choice(PRODUCTS).lower()}",
                "initiative_level": sc.INITIATIVE_LEVELS[level],
                "training_courses": int(rng.integers(0, 4)),
                "achievement_summary": f"Chủ trì {products_led} sản phẩm chuyển đổi số của đơn vị."
                if products_led
                else "Tích cực tham gia chuyển đổi số.",
                "has_proposal": "Có",
                "has_achievement_report": "Có",
                "has_council_minutes": "Có",
                "dossier_sent_on": sent,
                "disciplined": "Không",
                "under_investigation": "Không",
                "id_number": f"{spec.id_prefix if spec else '058'}{rng.integers(10**8, 10**9)}",
                "phone": f"09{rng.integers(10**7, 10**8)}",
                "email": f"canbo{rng.integers(100, 999)}@{spec.email_domain if spec else 'ninhthuan.gov.vn'}",
            }
        )
    _assign_leads(products, individuals)
    info = [
        {
            "unit_code": code,
            "unit_name": unit["unit_name"],
            "district_name": unit.get("district_name"),
            "submitted_on": _report_day(params, int(rng.integers(1, 12))),
            "reporter": f"{_person_name(rng)}, chuyên viên",
        }
    ]
    return {
        sc.UnitInfoModel: info,
        sc.IndicatorModel: indicators,
        sc.ProductModel: products,
        sc.CollectiveNominationModel: collective,
        sc.IndividualNominationModel: individuals,
    }


def _plant(content: dict[str, dict], year: int, plants: dict[str, Any] = PLANTS_2023, month: int = 12) -> None:
    """Apply the planted mess (``plants``: role -> unit, see :data:`PLANTS_2023`) in the run's year and reporting
    month."""

    def info(code: str) -> dict:
        return content[code][sc.UnitInfoModel][0]

    def indicator(code: str, crit: str) -> dict:
        return next(r for r in content[code][sc.IndicatorModel] if r["criterion_code"] == crit)

    info(plants["nfd_name"]["unit"])["unit_name"] = unicodedata.normalize("NFD", plants["nfd_name"]["name"])
    tcvn3 = plants["tcvn3_person"]["unit"]
    people = content[tcvn3][sc.IndividualNominationModel]
    if not people:
        people.append({**_blank_person(tcvn3, year, month), "full_name": plants["tcvn3_person"]["name"]})
    people[0]["full_name"] = encode_tcvn3(people[0]["full_name"])
    row = indicator(plants["number_text"], "TC04")
    row["numerator"], row["denominator"] = "1.245", "1.660"
    row = indicator(plants["rate_fraction"], "TC04")
    row["reported_rate"] = round(row["numerator"] / row["denominator"], 3)
    row = indicator(plants["rate_scale"], "TC04")
    row["reported_rate"] = round(100 * row["numerator"] / row["denominator"], 1)
    row = indicator(plants["rate_text"], "TC03")
    row["reported_rate"] = f"{100 * row['numerator'] / row['denominator']:.1f}%".replace(".", ",")
    row = indicator(plants["fraction_cell"], "TC02")
    row["numerator"], row["denominator"] = f"{row['numerator']}/{row['denominator']}", None
    info(plants["date_dash"])["submitted_on"] = f"05-{month:02d}-{year}"
    info(plants["date_words"])["submitted_on"] = f"ngày 6 tháng {month} năm {year}"
    row = indicator(plants["above_denominator"], "TC05")
    row["numerator"] = row["denominator"] + 7
    indicator(plants["negative_count"], "TC11")["numerator"] = -5
    for case in plants["by_name"]:
        info(case["unit"])["unit_code"] = None
        info(case["unit"])["district_name"] = case.get("district")
        if case.get("name"):
            info(case["unit"])["unit_name"] = case["name"]
    disciplined = plants["disciplined"]
    people = content[disciplined][sc.IndividualNominationModel]
    if not people:
        people.append(_blank_person(disciplined, year, month))
    people[0]["disciplined"] = "Có"
    late = content[plants["late"]["unit"]][sc.CollectiveNominationModel]
    if not late:
        late.append(
            {
                "has_proposal": "Có",
                "has_achievement_report": "Có",
                "has_council_minutes": "Có",
                "has_movement_plan": "Có",
                "has_results_report": "Có",
                "dossier_sent_on": dt.date(year, month, 14),
                "disciplined": "Không",
                "under_investigation": "Không",
                "achievement_summary": plants["late"]["summary"],
            }
        )


def _assign_leads(products: list[dict[str, Any]], individuals: list[dict[str, Any]]) -> None:
    """Name each staff member as lead of as many of the unit's products as they declare.

    Products are handed out in order; when a unit's people declare more than
    it listed, products are shared (several lead codes in one cell), as real
    units do, and the award list then credits each lead a share.
    """
    leads: list[list[str]] = [[] for _ in products]
    turn = 0
    for person in individuals:
        if person["is_leader"] == "Có" or not products:
            continue
        for _ in range(int(person["products_led"])):
            leads[turn % len(products)].append(person["person_code"])
            turn += 1
    for product, codes in zip(products, leads, strict=True):
        product["lead_person_code"] = ", ".join(codes) or None


def _blank_person(code: str, year: int, month: int = 12) -> dict[str, Any]:
    return {
        "person_code": f"CN-{code}-09",
        "full_name": "Lê Văn Hòa",
        "position": "Chuyên viên",
        "is_leader": "Không",
        "annual_rating": sc.ANNUAL_RATINGS["tot"],
        "products_led": 1,
        "initiative_level": sc.INITIATIVE_LEVELS["co_so"],
        "initiative_name": "Sáng kiến số hóa hồ sơ",
        "training_courses": 2,
        "achievement_summary": "Chủ trì 1 sản phẩm.",
        "has_proposal": "Có",
        "has_achievement_report": "Có",
        "has_council_minutes": "Có",
        "dossier_sent_on": dt.date(year, month, 8),
        "disciplined": "Không",
        "under_investigation": "Không",
    }


def generate(
    out_dir: Path,
    params: Params,
    units_csv: Path | None = None,
    seed: int = 2023,
    submit_share: float = 0.88,
    spec: SampleSpec | None = None,
) -> dict[str, int]:
    """Write registry.csv, register.csv and submissions/*.xlsx into out_dir.

    ``spec`` is the run's sample spec (default: ``params/samples/2023.yaml``, its registry replaced by
    ``units_csv`` when given). Same seed and inputs give the same files, byte for byte.
    """
    if spec is None:
        spec = load_sample_spec(ROOT / "params" / "samples" / "2023.yaml")
        if units_csv is not None:
            spec = SampleSpec(**{**spec.__dict__, "units": (units_csv,)})
    plants = spec.plants
    rng = np.random.default_rng(seed)
    registry = build_registry(spec)
    districts = registry.loc[registry["admin_level"] == "huyen"].set_index("unit_code")["unit_name"]
    registry["district_name"] = registry["parent_code"].map(
        lambda p: districts.get(p, "").replace("Ủy ban nhân dân ", "").replace("huyện ", "").replace("thành phố ", "")
    )
    must_submit = set(spec.must_submit)
    submitting = [
        c for c in registry["unit_code"] if c in must_submit or (c != plants["corrupt"] and rng.random() < submit_share)
    ]
    content = {}
    for code in submitting:
        unit = registry.loc[registry["unit_code"] == code].iloc[0]
        quality = float(rng.uniform(0.75, 1.05))
        content[code] = _unit_rows(rng, unit, params, quality, spec=spec)
    _plant(content, params.year, plants, params.as_of.month)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    sub_dir = out_dir / "submissions"
    sub_dir.mkdir(parents=True)
    registry.drop(columns=["district_name"]).to_csv(out_dir / "registry.csv", index=False, lineterminator="\n")
    for code, rows in content.items():
        save_workbook(build_workbook(params, rows), sub_dir / f"{code}.xlsx")
    _special_files(sub_dir, params, registry, content, rng, plants)
    _register(out_dir, content, params, plants["late"]["unit"])
    sample_verification.write_systems(out_dir, content, registry, params, seed, plants["system_gaps"])
    sample_verification.write_appraisal(out_dir, content, params, plants["appraisal"])
    if spec.crosswalk:
        crosswalk = build_crosswalk(spec)
        unknown = sorted(set(crosswalk["unit_code"]) - set(registry["unit_code"]))
        if unknown:
            raise ValueError(f"crosswalk: unit codes not in this run's registry: {unknown}")
        crosswalk.to_csv(out_dir / CROSSWALK_FILE, index=False, lineterminator="\n")
    describe = _describe(len(registry), len(submitting), params.year, spec)
    (out_dir / "SAMPLE_DATA.md").write_text(describe, encoding="utf-8")
    if spec.award_history:
        sample_history.write_history(out_dir, content, params)
    return {"units": len(registry), "submitting": len(submitting), "files": len(list(sub_dir.iterdir()))}


def _special_files(
    sub_dir: Path, params: Params, registry: pd.DataFrame, content: dict, rng, plants: dict[str, Any] = PLANTS_2023
) -> None:
    """Files whose whole shape is the planted problem."""
    # resubmission: an earlier, worse file, superseded by the unit's later one
    again = plants["resubmitted"]
    early = {k: [dict(r) for r in v] for k, v in content[again].items()}
    early[sc.UnitInfoModel][0]["submitted_on"] = _report_day(params, 20, months_before=1)
    for row in early[sc.IndicatorModel]:
        if "numerator" in row and isinstance(row["numerator"], int):
            row["numerator"] = int(row["numerator"] * 0.8)
    save_workbook(build_workbook(params, early), sub_dir / f"{again}_lan1.xlsx")
    content[again][sc.UnitInfoModel][0]["submitted_on"] = _report_day(params, 10)
    save_workbook(build_workbook(params, content[again]), sub_dir / f"{again}.xlsx")
    # unknown unit code
    unknown = plants["unknown"]
    stranger = {k: [dict(r) for r in v] for k, v in content[unknown["copy_of"]].items()}
    stranger[sc.UnitInfoModel][0].update(unit_code=unknown["unit"], unit_name=unknown["name"], district_name=None)
    save_workbook(build_workbook(params, stranger), sub_dir / f"{unknown['unit']}.xlsx")
    # corrupt: a text file named .xlsx
    (sub_dir / f"{plants['corrupt']}.xlsx").write_text("Báo cáo gửi kèm - xem bản giấy\n", encoding="utf-8")
    # subtotal row, and title rows pushing the header down
    book = build_workbook(params, content[plants["subtotal"]])
    book["ChiTieu"].rows.append(Row(["Tổng cộng", None, 999]))
    save_workbook(book, sub_dir / f"{plants['subtotal']}.xlsx")
    titled = plants["title_rows"]
    book = build_workbook(params, content[titled["unit"]])
    book["ChiTieu"].rows[:0] = [Row([titled["title"]]), Row()]
    save_workbook(book, sub_dir / f"{titled['unit']}.xlsx")


def _register(out_dir: Path, content: dict, params: Params, late: str = "S-GTVT") -> None:
    """The register of dossiers received: one line per nominating unit."""
    rows = []
    for code in sorted(content):
        rows_c = content[code][sc.CollectiveNominationModel]
        rows_i = content[code][sc.IndividualNominationModel]
        if not rows_c and not rows_i:
            continue
        sent = (rows_c or rows_i)[0]["dossier_sent_on"]
        received = sent + dt.timedelta(days=1)
        if code == late:
            received = _report_day(params, 15)
        rows.append(
            {
                "register_no": f"TN-{params.year}-{len(rows) + 1:03d}",
                "unit_code": code,
                "received_on": received.strftime("%d/%m/%Y"),
            }
        )
    pd.DataFrame(rows).to_csv(out_dir / "register.csv", index=False, lineterminator="\n")


def _describe(n_units: int, n_submitting: int, year: int = 2023, spec: SampleSpec | None = None) -> str:
    about = (spec.about.strip() + "\n\n") if spec and spec.about else ""
    lines = [
        f"# Synthetic sample data ({year})",
        "",
        "Generated by `python -m lib generate-sample` (lib/run/sample_data.py, seed from the command line). "
        f"The registry of administrative units is real ({year}, GSO codes); the enterprises and organisations marked "
        "'(hư cấu)' are fictional; every value, person and document is synthetic.",
        "",
        *([about.rstrip(), ""] if about else []),
        f"- units in the registry: {n_units}",
        f"- units that submitted a workbook: {n_submitting}",
        "",
        "## Planted problems",
        "",
        "| case | where | rule reported |",
        "|---|---|---|",
    ]
    cases = spec.cases if spec else PLANTED
    lines += [f"| {p['case']} | {p['where']} | {p['rule'] or '(decided later: scoring / awards)'} |" for p in cases]
    return "\n".join(lines) + "\n"


NATIONAL_SIZES = {
    "ubnd_xa": 11_000,
    "ubnd_huyen": 700,
    "so_ban_nganh": 1_000,
    "mttq_doan_the": 300,
    "doanh_nghiep": 2_000,
}
NATIONAL_PEOPLE = 100_000


def national_registry(sizes: dict[str, int] = NATIONAL_SIZES) -> pd.DataFrame:
    """A synthetic national-scale registry (codes N…), districts parenting the communes evenly."""
    rows = []
    n_districts = sizes["ubnd_huyen"]
    for i in range(n_districts):
        rows.append(
            {
                "unit_code": f"NH{i:04d}",
                "unit_name": f"Ủy ban nhân dân huyện Mẫu {i}",
                "unit_group": "ubnd_huyen",
                "admin_level": "huyen",
                "parent_code": "",
            }
        )
    for i in range(sizes["ubnd_xa"]):
        rows.append(
            {
                "unit_code": f"NX{i:05d}",
                "unit_name": f"Ủy ban nhân dân xã Mẫu {i}",
                "unit_group": "ubnd_xa",
                "admin_level": "xa",
                "parent_code": f"NH{i % n_districts:04d}",
            }
        )
    for group, prefix, name in (
        ("so_ban_nganh", "NS", "Sở Mẫu"),
        ("mttq_doan_the", "NM", "Hội Mẫu"),
        ("doanh_nghiep", "ND", "Công ty Mẫu"),
    ):
        level = "" if group == "doanh_nghiep" else "tinh"
        rows += [
            {
                "unit_code": f"{prefix}{i:05d}",
                "unit_name": f"{name} {i} (hư cấu)",
                "unit_group": group,
                "admin_level": level,
                "parent_code": "",
            }
            for i in range(sizes[group])
        ]
    return pd.DataFrame(rows)


def _write_one(job: tuple[dict[str, Any], dict, Path]) -> None:
    params, rows, path = job
    save_workbook(build_workbook(params, rows), path)


def generate_national(
    out_dir: Path,
    params: Params,
    seed: int = 2023,
    submit_share: float = 0.88,
    workers: int = 2,
    sizes: dict[str, int] = NATIONAL_SIZES,
    people: int = NATIONAL_PEOPLE,
) -> dict[str, int]:
    """The national-scale bench data set, made by the same unit generator as the sample.

    About 15,000 units and 100,000 nominated individuals; no planted mess.
    Workbooks are written by ``workers`` processes.
    """
    from multiprocessing import get_context

    rng = np.random.default_rng(seed)
    registry = national_registry(sizes)
    registry["district_name"] = ""
    submitting = registry[rng.random(len(registry)) < submit_share]
    people_per_unit = people / len(submitting)
    jobs = []
    if out_dir.exists():
        shutil.rmtree(out_dir)
    (out_dir / "submissions").mkdir(parents=True)
    for _, unit in submitting.iterrows():
        rows = _unit_rows(rng, unit, params, float(rng.uniform(0.75, 1.05)), people_per_unit)
        jobs.append((params, rows, out_dir / "submissions" / f"{unit['unit_code']}.xlsx"))
    with get_context("fork").Pool(workers) as pool:
        pool.map(_write_one, jobs, chunksize=64)
    registry.drop(columns=["district_name"]).to_csv(out_dir / "registry.csv", index=False, lineterminator="\n")
    people = sum(len(rows[sc.IndividualNominationModel]) for _, rows, _ in jobs)
    return {"units": len(registry), "submitting": len(submitting), "people": people}
