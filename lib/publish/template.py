"""Generate the submission workbook and the data dictionary from the schemas.

Units fill the workbook this module writes; the reader maps its columns back
through the same schema metadata, so a column renamed here is renamed
everywhere. The sample generator writes its workbooks through this module too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandera.pandas as pa
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lib.contract import schemas as sc
from lib.contract.labels import CELL_KINDS_VI
from lib.contract.params import Params
from lib.publish.workbooks import save_workbook

HEADER_ROW = 3
FIRST_DATA_ROW = HEADER_ROW + 1
VALIDATED_ROWS = 500
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _visible_fields(model: type[pa.DataFrameModel]) -> dict[str, pa.Column]:
    return sc.fields(model)


def _allowed(column: pa.Column) -> list[str]:
    choices = (column.metadata or {}).get("choices") or {}
    return [str(label) for label in choices.values()]


def _instructions_sheet(workbook: Workbook, params: Params) -> None:
    sheet = workbook.active
    sheet.title = "HuongDan"
    sheet["A1"] = f"Mẫu báo cáo {params.movement} - {params.province}"
    sheet["A1"].font = Font(bold=True, size=14)
    lines = [
        f"Gửi về {params.issuing_body}; hạn gửi hồ sơ khen thưởng: {params.award.deadline_label}.",
        "Không đổi tên trang tính, không xóa hay đổi tên cột; mỗi tiêu chí, mỗi cá nhân một dòng.",
        "Ngày ghi theo dạng ngày/tháng/năm (14/12/2023). Số: dấu chấm phân cách hàng nghìn (1.245), dấu phẩy "
        "thập phân (75,5).",
        "Gửi lại tệp mới nếu cần sửa: ghi ngày gửi mới, tệp gửi sau thay thế tệp gửi trước.",
        "Thông tin cá nhân (CCCD, điện thoại, thư điện tử) chỉ dùng để liên hệ, không được công bố.",
    ]
    for i, line in enumerate(lines, start=2):
        sheet.cell(row=i, column=1, value=line)
    row = len(lines) + 3
    for col, head in enumerate(["Trang tính", "Cột", "Kiểu dữ liệu", "Bắt buộc", "Hướng dẫn", "Ví dụ"], start=1):
        cell = sheet.cell(row=row, column=col, value=head)
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
    for model in sc.SUBMISSION_SHEETS:
        for column in _visible_fields(model).values():
            row += 1
            meta = column.metadata or {}
            values = [
                sc.sheet_name(model),
                column.title,
                CELL_KINDS_VI[meta.get("kind", "text")],
                "Không" if column.nullable else "Có",
                _describe(column),
                str(meta.get("example", "")),
            ]
            for col, value in enumerate(values, start=1):
                sheet.cell(row=row, column=col, value=value)
    for col, width in zip("ABCDEF", (14, 34, 22, 10, 70, 36), strict=True):
        sheet.column_dimensions[col].width = width


def _describe(column: pa.Column) -> str:
    allowed = _allowed(column)
    text = column.description or ""
    return (
        f"{text} Giá trị: {', '.join(allowed)}."
        if allowed and (column.metadata or {}).get("kind") == "choice"
        else text
    )


def _data_sheet(workbook: Workbook, model: type[pa.DataFrameModel], rows: list[dict[str, Any]]) -> None:
    meta = sc.table_meta(model)
    sheet = workbook.create_sheet(sc.sheet_name(model))
    columns = _visible_fields(model)
    sheet["A1"] = str(meta["title"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = "Điền từ dòng 4; xem hướng dẫn từng cột ở trang HuongDan."
    for j, column in enumerate(columns.values(), start=1):
        cell = sheet.cell(row=HEADER_ROW, column=j, value=column.title)
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(j)].width = (
            18 if (column.metadata or {}).get("kind") != "text" else 34
        )
        _add_validation(sheet, j, column)
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=1)
    for i, record in enumerate(rows):
        for j, name in enumerate(columns, start=1):
            value = record.get(name)
            if value is not None:
                sheet.cell(row=FIRST_DATA_ROW + i, column=j, value=value)


def _add_validation(sheet: Any, col: int, column: pa.Column) -> None:
    """Drop-down lists and number/date rules where Excel supports them."""
    meta = column.metadata or {}
    kind = meta.get("kind")
    letter = get_column_letter(col)
    ref = f"{letter}{FIRST_DATA_ROW}:{letter}{FIRST_DATA_ROW + VALIDATED_ROWS}"
    if kind in {"bool", "choice"}:
        labels = _allowed(column)
        rule = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=column.nullable)
    elif kind == "count":
        # Warning, not stop: "45/60" typed into a numerator is accepted and split.
        rule = DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True, errorStyle="warning"
        )
    elif kind == "date":
        rule = DataValidation(
            type="date",
            operator="between",
            formula1="DATE(2000,1,1)",
            formula2="DATE(2100,12,31)",
            allow_blank=True,
            errorStyle="warning",
        )
    else:
        return
    rule.error = f"Giá trị không hợp lệ cho cột «{column.title}»."
    rule.prompt = column.description or ""
    sheet.add_data_validation(rule)
    rule.add(ref)


def indicator_rows(params: Params) -> list[dict[str, Any]]:
    """The criteria rows pre-filled in the template (TC10 comes from the products sheet)."""
    return [
        {"criterion_code": c.code, "criterion_name": c.label_vi}
        for c in params.criteria
        if c.measure == "rate"
    ]


def build_workbook(
    params: Params, rows: dict[type[pa.DataFrameModel], list[dict[str, Any]]] | None = None
) -> Workbook:
    """A submission workbook: the instructions sheet, then one sheet per schema."""
    rows = rows or {}
    workbook = Workbook()
    _instructions_sheet(workbook, params)
    for model in sc.SUBMISSION_SHEETS:
        default = indicator_rows(params) if model is sc.IndicatorModel else []
        _data_sheet(workbook, model, rows.get(model, default))
    return workbook


def write_template(params: Params, path: Path) -> Path:
    """Write the blank template units download."""
    save_workbook(build_workbook(params), path)
    return path


def data_dictionary_markdown(params: Params) -> str:
    """The data dictionary, one table per sheet, generated from the schemas."""
    lines = [
        "# Từ điển dữ liệu / Data dictionary",
        "",
        "Generated from `lib/contract/schemas.py` by `make template`; do not edit by hand (a test keeps it in step).",
        "",
        f"Tệp mẫu: một tệp .xlsx cho mỗi đơn vị, {len(sc.SUBMISSION_SHEETS)} trang tính; "
        f"dòng tiêu đề ở dòng {HEADER_ROW}, dữ liệu từ dòng {FIRST_DATA_ROW}.",
        "",
    ]
    models = [*sc.SUBMISSION_SHEETS, sc.RegistryModel, sc.RegisterModel]
    for model in models:
        meta = sc.table_meta(model)
        where = f"sheet `{meta['sheet']}`" if meta.get("sheet") else f"file `{meta['file']}`"
        lines += [
            f"## {meta['title']} ({where})",
            "",
            (model.__doc__ or "").strip(),
            "",
            "| column (key) | tiêu đề cột | kiểu | bắt buộc | mô tả | ví dụ |",
            "|---|---|---|---|---|---|",
        ]
        for name, column in sc.fields(model).items():
            m = column.metadata or {}
            flags = " (cá nhân, không công bố)" if m.get("personal") else ""
            lines.append(
                f"| `{name}` | {column.title} | {CELL_KINDS_VI[m.get('kind', 'text')]} | "
                f"{'không' if column.nullable else 'có'} | {_describe(column)}{flags} | {m.get('example', '')} |"
            )
        lines.append("")
    lines += ["## Tiêu chí / Criteria (from params)", "", "| mã | tiêu chí | tử số | mẫu số |", "|---|---|---|---|"]
    lines += [
        f"| {c.code} | {c.label_vi} | {c.numerator_vi} | {c.denominator_vi or '—'} |"
        for c in params.criteria
    ]
    return "\n".join(lines) + "\n"
