"""Issue 18: every year- or structure-specific word and list comes from params (lib.contract.schemas.titled_schema).

Each test changes the params the way a later run would (another year, another
standing body, a new group, no district level, other criterion codes, another
dossier) and checks, against values written out by hand, that the template,
the reader, the schemas and the messages follow.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pytest
from openpyxl import Workbook

from lib.contract import schemas as sc
from lib.contract.params import Params, parse_params
from lib.contract.quality_rules import RULES
from lib.ingest.inputs import RegistryError, ingest, load_registry, read_submission
from lib.publish.template import build_workbook, template_notes
from lib.publish.workbooks import save_workbook
from lib.scoring.scores import score_units
from tests.support.pipeline import ROOT

# What lib/ code must never hold (issue 18 item 7), and the sample generator's files, which describe the shipped
# samples and may.
RUN_WORDS = ("2023", "Ninh Thuận", "Thông tin và Truyền thông")
ALLOWED = {Path("lib/run/sample_data.py"), Path("lib/run/sample_verification.py"), Path("lib/run/sample_history.py")}
ALL_MODELS = sc.DESCRIBED_MODELS


def changed(params: Params, edit: Any) -> Params:
    """A copy of the params, edited as plain data by ``edit(data)``, validated again."""
    data = params.to_data()
    edit(data)
    return parse_params(data)


def year_2031(data: dict[str, Any]) -> None:
    """A later run: its year, period, deadline and another standing body and province."""
    data.update(year=2031, as_of=dt.date(2031, 12, 20), province="Tỉnh Mới", issuing_body="Sở Khoa học và Công nghệ")
    data["issuing_body_short"] = "Sở KH&CN"
    data["period"] = {"start": dt.date(2031, 1, 1), "end": dt.date(2031, 12, 31)}
    data["award"].update(deadline=dt.date(2031, 12, 14), deadline_label="trước ngày 15/12/2031")


@pytest.fixture(scope="module")
def params_2031(params_2023: Params) -> Params:
    return changed(params_2023, year_2031)


# ---------------------------------------------------------------- titles from params


def test_a_later_year_titles_its_columns_with_its_own_year_and_body(params_2031: Params) -> None:
    collective = sc.titled_fields(sc.CollectiveNominationModel, params_2031)
    assert collective["has_movement_plan"].title == "Có kế hoạch phát động phong trào 2031"
    assert collective["has_results_report"].title == "Có báo cáo kết quả phong trào 2031"
    assert collective["dossier_sent_on"].description == "Ngày/tháng/năm gửi hồ sơ về Sở KH&CN."
    assert sc.titled_fields(sc.IndividualNominationModel, params_2031)["annual_rating"].title == "Xếp loại năm 2031"
    # example dates sit before the deadline 14/12/2031: sent 9 days before, dossier 6 days before
    unit = sc.titled_fields(sc.UnitInfoModel, params_2031)
    assert unit["submitted_on"].metadata["example"] == "05/12/2031"
    assert collective["dossier_sent_on"].metadata["example"] == "08/12/2031"
    assert sc.titled_fields(sc.RegisterModel, params_2031)["register_no"].metadata["example"] == "TN-2031-001"


def test_the_2023_titles_are_those_the_units_filled(params_2023: Params) -> None:
    """The sample's workbooks carry these headers: 2023 reads exactly as before."""
    collective = sc.titled_fields(sc.CollectiveNominationModel, params_2023)
    assert collective["has_movement_plan"].title == "Có kế hoạch phát động phong trào 2023"
    assert sc.titled_fields(sc.UnitInfoModel, params_2023)["district_name"].title == "Huyện/thành phố"
    assert sc.titled_fields(sc.IndividualNominationModel, params_2023)["annual_rating"].title == "Xếp loại năm 2023"


def _openpyxl_workbook(path: Path, params: Params, values: dict[type[pa.DataFrameModel], dict[str, Any]]) -> Path:
    """A workbook as a unit's own software would save it: a title row, a blank row, the run's headers on row 3."""
    book = Workbook()
    book.remove(book.active)
    for model in sc.SUBMISSION_SHEETS:
        sheet = book.create_sheet(sc.sheet_name(model))
        columns = sc.titled_fields(model, params)
        sheet.append([str(sc.table_meta(model)["title"])])
        sheet.append([])
        sheet.append([str(c.title) for c in columns.values()])
        if model in values:
            sheet.append([values[model].get(name) for name in columns])
    book.save(path)
    return path


VALUES_2031: dict[type[pa.DataFrameModel], dict[str, Any]] = {
    sc.UnitInfoModel: {
        "unit_code": "22903",
        "unit_name": "UBND xã Phước Dinh",
        "district_name": "Thuận Nam",
        "submitted_on": dt.datetime(2031, 12, 5),
    },
    sc.IndicatorModel: {"criterion_code": "TC01", "numerator": 9, "denominator": 10},
    sc.ProductModel: {"product_name": "Họp không giấy", "in_use_on": dt.datetime(2031, 6, 15), "evidence_ref": "QĐ 1"},
    sc.CollectiveNominationModel: {
        "has_proposal": "Có",
        "has_achievement_report": "Có",
        "has_council_minutes": "Có",
        "has_movement_plan": "Có",
        "has_results_report": "Không",
        "dossier_sent_on": dt.datetime(2031, 12, 8),
        "disciplined": "Không",
        "under_investigation": "Không",
    },
}


def test_the_reader_maps_the_headers_of_a_later_years_workbook(tmp_path: Path, params_2031: Params) -> None:
    path = _openpyxl_workbook(tmp_path / "22903.xlsx", params_2031, VALUES_2031)
    result = read_submission(path, params_2031, "22903.xlsx")
    assert result.status == "accepted"
    assert [i.rule for i in result.issues if i.rule in ("missing_column", "unknown_column")] == []
    (nomination,) = result.tables["collective_nominations"]
    assert (nomination["has_movement_plan"], nomination["has_results_report"]) == (True, False)
    assert result.tables["individual_nominations"] == []


def test_the_2023_reader_does_not_take_a_2031_header_for_its_own(tmp_path: Path, params_2023: Params) -> None:
    """The titles are the contract: under 2023 params the 2031 plan column is unknown and the 2023 one missing."""
    path = _openpyxl_workbook(tmp_path / "22903.xlsx", changed(params_2023, year_2031), VALUES_2031)
    result = read_submission(path, params_2023, "22903.xlsx")
    missing = {i.column for i in result.issues if i.rule == "missing_column" and i.sheet == "KhenTapThe"}
    assert missing == {"Có kế hoạch phát động phong trào 2023", "Có báo cáo kết quả phong trào 2023"}


# ---------------------------------------------------------------- groups from params


def _with_cooperatives(data: dict[str, Any]) -> None:
    data["structure"]["groups"]["hop_tac_xa"] = "Hợp tác xã"
    for crit in data["criteria"]:
        if crit["code"] in ("TC10", "TC11", "TC12"):
            crit["applies_to"].append("hop_tac_xa")


def _raw_run(tmp_path: Path, registry: list[dict[str, Any]]) -> Path:
    raw = tmp_path / "raw"
    (raw / "submissions").mkdir(parents=True)
    columns = ["unit_code", "unit_name", "unit_group", "admin_level", "parent_code"]
    pd.DataFrame(registry, columns=columns).to_csv(raw / "registry.csv", index=False)
    return raw


def test_a_group_added_in_params_is_accepted_and_scored_end_to_end(tmp_path: Path, params_2023: Params) -> None:
    params = changed(params_2023, _with_cooperatives)
    raw = _raw_run(tmp_path, [{"unit_code": "HTX1", "unit_name": "Hợp tác xã Phước Thuận", "unit_group": "hop_tac_xa"}])
    rows = {
        sc.UnitInfoModel: [{"unit_code": "HTX1", "unit_name": "Hợp tác xã Phước Thuận", "submitted_on": "05/12/2023"}],
        sc.IndicatorModel: [
            {"criterion_code": "TC11", "numerator": 8, "denominator": 10},
            {"criterion_code": "TC12", "numerator": 1, "denominator": 2},
        ],
        sc.ProductModel: [{"product_name": "Sổ kho điện tử", "in_use_on": "15/06/2023", "evidence_ref": "QĐ 3"}],
    }
    save_workbook(build_workbook(params, rows), raw / "submissions" / "HTX1.xlsx")
    result = ingest(raw, params)
    assert result.submissions.set_index("unit_code").at["HTX1", "status"] == "accepted"
    _, scores = score_units(
        result.registry, result.submissions, result.tables["indicators"], result.tables["products"], params
    )
    # By hand (params/2023.yaml weights and targets): TC10 1 product / target 1 -> 1 (weight 6); TC11 80 % /
    # target 80 % -> 1 (weight 4); TC12 50 % / target 100 % -> 0.5 (weight 4): 100 × 12 / 14.
    (score,) = scores.loc[scores["unit_code"] == "HTX1", "score"]
    assert score == pytest.approx(100 * 12 / 14)
    # the template's applicability table names the new group under the criteria that apply to it
    guide = {row.values[0]: row.values[-1] for row in build_workbook(params)["HuongDan"].rows if row.values}
    assert guide["TC11"].endswith("; Hợp tác xã") and "Hợp tác xã" not in guide["TC01"]
    # under the 2023 params the same registry breaks the data contract
    with pytest.raises(RegistryError):
        load_registry(raw / "registry.csv", params_2023)


def test_a_group_params_do_not_define_is_refused_where_a_criterion_names_it(params_2023: Params) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["criteria"][0]["applies_to"].append("hop_tac_xa")

    with pytest.raises(ValueError, match=r"criteria\[0\] \(TC01\)\.applies_to\.hop_tac_xa: unknown unit group"):
        changed(params_2023, edit)


# ---------------------------------------------------------------- no district level


def _flat(data: dict[str, Any]) -> None:
    data["structure"].update(parent_level=None, parent_label=None)


FLAT_REGISTRY = [
    {"unit_code": "X1", "unit_name": "UBND xã Phước Hòa", "unit_group": "ubnd_xa", "admin_level": "xa"},
    {"unit_code": "X2", "unit_name": "UBND xã Phước Hòa", "unit_group": "ubnd_xa", "admin_level": "xa"},
    {"unit_code": "DK1", "unit_name": "Đặc khu Trường Sa", "unit_group": "ubnd_xa", "admin_level": "xa"},
]


def _unit_sheet(code: str | None, name: str) -> dict[type[pa.DataFrameModel], list[dict[str, Any]]]:
    return {sc.UnitInfoModel: [{"unit_code": code, "unit_name": name, "submitted_on": "05/12/2023"}]}


def test_without_a_parent_level_a_same_named_commune_without_its_code_is_told_to_give_it(
    tmp_path: Path, params_2023: Params
) -> None:
    params = changed(params_2023, _flat)
    raw = _raw_run(tmp_path, FLAT_REGISTRY)
    for file, code, name in (("a.xlsx", None, "Xã Phước Hòa"), ("b.xlsx", "X2", "Xã Phước Hòa")):
        save_workbook(build_workbook(params, _unit_sheet(code, name)), raw / "submissions" / file)
    save_workbook(build_workbook(params, _unit_sheet(None, "UBND đặc khu Trường Sa")), raw / "submissions" / "c.xlsx")
    result = ingest(raw, params)
    status = result.submissions.set_index("file")["status"]
    assert status.to_dict() == {"submissions/a.xlsx": "rejected", "submissions/b.xlsx": "accepted",
                                "submissions/c.xlsx": "accepted"}  # fmt: skip
    (issue,) = result.issues.query("file == 'submissions/a.xlsx' and rule == 'unit_code_needed'").itertuples()
    assert "UBND xã Phước Hòa (X1)" in issue.detail and "UBND xã Phước Hòa (X2)" in issue.detail
    assert "Ghi mã đơn vị" in RULES["unit_code_needed"].fix_vi
    assert result.submissions.set_index("file").at["submissions/c.xlsx", "unit_code"] == "DK1"


def test_without_a_parent_level_the_unit_sheet_has_no_parent_column(params_2023: Params) -> None:
    flat = changed(params_2023, _flat)
    assert "district_name" not in sc.titled_fields(sc.UnitInfoModel, flat)
    header = build_workbook(flat)["DonVi"].rows[2].values
    assert list(header) == ["Mã đơn vị", "Tên đơn vị", "Ngày gửi báo cáo", "Người lập biểu"]
    assert "Huyện/thành phố" in build_workbook(params_2023)["DonVi"].rows[2].values


def test_with_a_parent_level_the_same_name_is_resolved_by_the_parent(tmp_path: Path, params_2023: Params) -> None:
    registry = [
        {"unit_code": "D1", "unit_name": "UBND huyện Một", "unit_group": "ubnd_huyen", "admin_level": "huyen"},
        {"unit_code": "D2", "unit_name": "UBND huyện Hai", "unit_group": "ubnd_huyen", "admin_level": "huyen"},
        {**FLAT_REGISTRY[0], "parent_code": "D1"},
        {**FLAT_REGISTRY[1], "parent_code": "D2"},
    ]
    raw = _raw_run(tmp_path, registry)
    rows = _unit_sheet(None, "Xã Phước Hòa")
    rows[sc.UnitInfoModel][0]["district_name"] = "huyện Hai"
    save_workbook(build_workbook(params_2023, rows), raw / "submissions" / "a.xlsx")
    save_workbook(build_workbook(params_2023, _unit_sheet(None, "Xã Phước Hòa")), raw / "submissions" / "b.xlsx")
    result = ingest(raw, params_2023)
    by_file = result.submissions.set_index("file")
    assert by_file.at["submissions/a.xlsx", "unit_code"] == "X2"
    assert by_file.at["submissions/b.xlsx", "status"] == "rejected"
    assert set(result.issues.loc[result.issues["file"] == "submissions/b.xlsx", "rule"]) >= {"unit_name_ambiguous"}


# ---------------------------------------------------------------- criterion codes


def _renamed(data: dict[str, Any]) -> None:
    for crit in data["criteria"]:
        crit["code"] = {"TC12": "ATTT-01", "TC10": "SP.01"}.get(crit["code"], crit["code"])


def test_the_indicator_sheet_takes_the_params_codes_and_refuses_others(params_2023: Params) -> None:
    params = changed(params_2023, _renamed)
    frame = pd.DataFrame(
        {
            "criterion_code": ["ATTT-01", "TC12", "TC01"],
            "criterion_name": [None] * 3,
            "numerator": [1.0, 1.0, 1.0],
            "denominator": [2.0, 2.0, 2.0],
            "reported_rate": [float("nan")] * 3,
            "evidence_ref": [None] * 3,
        }
    )
    with pytest.raises(pa.errors.SchemaErrors) as err:
        sc.titled_schema(sc.IndicatorModel, params).validate(frame, lazy=True)
    failed = err.value.failure_cases
    assert failed.loc[failed["check"] == "unknown_criterion", "failure_case"].tolist() == ["TC12"]
    sc.titled_schema(sc.IndicatorModel, params_2023).validate(frame.iloc[1:], lazy=True)


def test_the_template_names_the_criterion_counted_from_products_by_its_params_code(params_2023: Params) -> None:
    notes = template_notes(changed(params_2023, _renamed))
    assert "SP.01 (sản phẩm chuyển đổi số hoàn thành trong năm) không ghi ở trang ChiTieu" in notes[1]
    assert not any("TC10" in note for note in notes)


# ---------------------------------------------------------------- no run words in code


def test_lib_code_holds_no_year_province_or_body_name() -> None:
    found = []
    for path in sorted((ROOT / "lib").rglob("*.py")):
        if path.relative_to(ROOT) in ALLOWED:
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(ROOT)}: {word}" for word in RUN_WORDS if word in text]
    assert found == []


def _schema_texts(model: type[pa.DataFrameModel], columns: dict[str, pa.Column]) -> list[str]:
    texts = [str(sc.table_meta(model).get("title", ""))]
    for column in columns.values():
        meta = column.metadata or {}
        texts += [str(column.title), column.description or "", str(meta.get("example", ""))]
        texts += [str(label) for label in (meta.get("choices") or {}).values()]
    return texts


def test_schemas_hold_no_run_words_and_a_later_run_fills_in_none(params_2031: Params) -> None:
    for model in ALL_MODELS:
        for text in _schema_texts(model, sc.fields(model)) + _schema_texts(model, sc.titled_fields(model, params_2031)):
            assert not [w for w in RUN_WORDS if w in text], (model.__name__, text)


def test_every_template_word_is_filled(params_2031: Params) -> None:
    for model in ALL_MODELS:
        for text in _schema_texts(model, sc.titled_fields(model, params_2031)):
            assert not re.search(r"\{[a-z_]+\}", text), (model.__name__, text)
