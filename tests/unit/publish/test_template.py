"""The submission template and the data dictionary are generated from the schemas."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from lib.contract import schemas as sc
from lib.contract.labels import DATE_PROMPT_VI, TEMPLATE_NOTES_VI, UNIT_LIST_SHEET
from lib.contract.params import Params
from lib.ingest.inputs import load_registry, read_submission
from lib.publish.template import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    VALIDATED_ROWS,
    build_workbook,
    data_dictionary_markdown,
    write_template,
)
from lib.publish.workbooks import save_workbook
from tests.support.hostile_corpus import SAMPLE_RAW
from tests.support.pipeline import ROOT


def test_template_has_one_sheet_per_schema_with_its_labels(tmp_path: Path, params_2023: Params) -> None:
    path = write_template(params_2023, tmp_path / "mau.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["HuongDan", *[sc.sheet_name(m) for m in sc.SUBMISSION_SHEETS]]
    for model in sc.SUBMISSION_SHEETS:
        sheet = book[sc.sheet_name(model)]
        headers = [c.value for c in sheet[HEADER_ROW] if c.value]
        assert headers == [col.title for col in sc.titled_fields(model, params_2023).values()]
    criteria = [book["ChiTieu"].cell(row=FIRST_DATA_ROW + i, column=1).value for i in range(11)]
    assert criteria == [c.code for c in params_2023.criteria if c.measure == "rate"]


def test_template_offers_drop_downs_for_closed_lists(tmp_path: Path, params_2023: Params) -> None:
    book = load_workbook(write_template(params_2023, tmp_path / "mau.xlsx"))
    lists = [dv.formula1 for dv in book["KhenCaNhan"].data_validations.dataValidation if dv.type == "list"]
    assert '"Có,Không"' in lists
    assert any("Hoàn thành tốt nhiệm vụ" in f for f in lists)


def test_every_rule_prompts_with_the_column_help_and_alerts_on_a_bad_value(tmp_path: Path, params_2023: Params) -> None:
    book = load_workbook(write_template(params_2023, tmp_path / "mau.xlsx"))
    for model in sc.SUBMISSION_SHEETS:
        columns = list(sc.titled_fields(model, params_2023).values())
        rules = book[sc.sheet_name(model)].data_validations.dataValidation
        checked = [c for c in columns if (c.metadata or {}).get("kind") in {"bool", "choice", "count", "date"}]
        assert len(rules) == len(checked), sc.sheet_name(model)
        for rule in rules:
            first_col, first_row, last_col, last_row = range_boundaries(str(rule.sqref))
            column = columns[first_col - 1]
            assert (first_col, first_row, last_row) == (last_col, FIRST_DATA_ROW, FIRST_DATA_ROW + VALIDATED_ROWS)
            assert rule.showInputMessage and rule.showErrorMessage
            # the date prompt's example is the 2023 deadline (params award.deadline 2023-12-14)
            date_prompt = DATE_PROMPT_VI.format(date_deadline="14/12/2023")
            prompt = f"{column.description} {date_prompt}" if rule.type == "date" else column.description
            assert rule.prompt == prompt and rule.promptTitle
            assert rule.error == f"Giá trị không hợp lệ cho cột «{column.title}»." and rule.errorTitle
            # a closed list or a date stops a wrong value; a count only warns (the reader accepts "45/60")
            assert rule.errorStyle in ((None, "stop") if rule.type in ("list", "date") else ("warning",)), column.title


def test_every_date_column_shows_day_month_year(tmp_path: Path, params_2023: Params) -> None:
    """A clerk whose locale reads 05/12/2023 as 12 May sees 12/05/2023 in the cell at once."""
    book = load_workbook(write_template(params_2023, tmp_path / "mau.xlsx"))
    for model in sc.SUBMISSION_SHEETS:
        sheet = book[sc.sheet_name(model)]
        for j, column in enumerate(sc.fields(model).values(), start=1):
            dated = (column.metadata or {}).get("kind") == "date"
            # the column's own format: what a cell nobody wrote yet takes when the clerk types into it
            shown = sheet.column_dimensions[get_column_letter(j)].number_format
            assert (shown == "dd/mm/yyyy") == dated, (sc.sheet_name(model), column.title)


def test_instructions_say_what_applies_tc10_and_empty_nominations(tmp_path: Path, params_2023: Params) -> None:
    book = load_workbook(write_template(params_2023, tmp_path / "mau.xlsx"))
    texts = [row for row in book["HuongDan"].iter_rows(values_only=True)]
    firsts = [row[0] for row in texts]
    # Oracle: the notes with the 2023 count criterion (TC10) and the dossier of params/2023.yaml written out.
    filled = {
        "products_criteria": "TC10 (sản phẩm chuyển đổi số hoàn thành trong năm)",
        "dossier": "Hồ sơ đề nghị khen thưởng (Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ): tập thể gồm "
        "tờ trình, báo cáo thành tích, biên bản Hội đồng Thi đua - Khen thưởng, kế hoạch phát động phong trào năm "
        "2023, báo cáo kết quả phong trào năm 2023; cá nhân gồm tờ trình, báo cáo thành tích, biên bản Hội đồng Thi "
        "đua - Khen thưởng.",
    }
    for note in TEMPLATE_NOTES_VI:
        assert note.format(**filled) in firsts
    by_code = {row[0]: row[4] for row in texts if row[0] in {c.code for c in params_2023.criteria}}
    # Oracle from params/2023.yaml: TC07 and TC08 apply to departments and districts only; TC10 to every group.
    assert by_code["TC07"] == "Sở, ban, ngành; UBND huyện, thành phố"
    assert by_code["TC10"].count(";") == len(params_2023.structure.groups) - 1


def test_the_template_is_the_same_bytes_every_time(tmp_path: Path, params_2023: Params) -> None:
    first = write_template(params_2023, tmp_path / "a.xlsx").read_bytes()
    assert write_template(params_2023, tmp_path / "b.xlsx").read_bytes() == first


def test_a_filled_template_reads_back_clean(tmp_path: Path, params_2023: Params) -> None:
    rows = {
        sc.UnitInfoModel: [
            {"unit_code": "22903", "unit_name": "Ủy ban nhân dân xã Phước Dinh", "submitted_on": "05/12/2023"}
        ]
    }
    save_workbook(build_workbook(params_2023, rows), tmp_path / "22903.xlsx")
    result = read_submission(tmp_path / "22903.xlsx", params_2023, "22903.xlsx")
    assert result.status == "accepted"
    assert [i.rule for i in result.issues if i.severity == "error"] == []
    assert len(result.tables["indicators"]) == 11


def test_data_dictionary_is_up_to_date(params_2023: Params) -> None:
    """docs/data_dictionary.md is generated (make template); it must match the schemas."""
    committed = (ROOT / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    assert committed == data_dictionary_markdown(params_2023)
    for model in sc.SUBMISSION_SHEETS:
        for name in sc.fields(model):
            assert f"`{name}`" in committed


def test_the_template_lists_every_registry_unit_and_a_returned_copy_reads_clean(
    tmp_path: Path, params_2023: Params
) -> None:
    registry, _ = load_registry(SAMPLE_RAW / "registry.csv", params_2023)
    book = load_workbook(write_template(params_2023, tmp_path / "mau.xlsx", registry))
    rows = list(book[UNIT_LIST_SHEET].iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == list(registry["unit_code"])
    commune = next(r for r in rows if r[0] == "22903")
    # Oracle from the registry: Phước Dinh is a commune of Thuận Nam (589).
    assert commune[2:6] == ("UBND xã, phường, thị trấn", "Cấp xã", "589", "Ủy ban nhân dân huyện Thuận Nam")
    filled = build_workbook(
        params_2023,
        {sc.UnitInfoModel: [{"unit_code": "22903", "unit_name": "UBND xã Phước Dinh", "submitted_on": "05/12/2023"}]},
        registry,
    )
    save_workbook(filled, tmp_path / "22903.xlsx")
    result = read_submission(tmp_path / "22903.xlsx", params_2023, "22903.xlsx")
    assert result.status == "accepted" and not [i for i in result.issues if i.rule == "unknown_sheet"]
