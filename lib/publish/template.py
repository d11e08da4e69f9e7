"""Generate the submission workbook and the data dictionary from the schemas.

Units fill the workbook this module writes; the reader maps its columns back
through the same schema metadata, so a column renamed here is renamed
everywhere. The workbook is built as data (:func:`build_workbook`, a
:data:`~lib.publish.workbooks.Book`): the sample generator fills the same
layout with its synthetic rows, and plants its odd files by editing it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from lib.contract import schemas as sc
from lib.contract import tables
from lib.contract.labels import (
    APPLICABILITY_TITLE_VI,
    CELL_KINDS_VI,
    DATE_PROMPT_VI,
    TEMPLATE_NOTES_VI,
    UNIT_LIST_SHEET,
    UNIT_LIST_TITLE_VI,
)
from lib.contract.params import Params, Structure
from lib.publish.verification_template import systems_markdown
from lib.publish.workbooks import HEADER, Book, Row, Sheet, Style, Validation, save_workbook, title_style

HEADER_ROW = 3
FIRST_DATA_ROW = HEADER_ROW + 1
VALIDATED_ROWS = 500
_COLUMN_HEADER: Style = {**HEADER, "text_wrap": True, "valign": "top"}
# Excel's limits on a validation's prompt and error texts (it refuses longer ones).
_MESSAGE_MAX = 255
_DATES = (dt.date(2000, 1, 1), dt.date(2100, 12, 31))
# Date cells show day/month/year whatever the computer's locale: a clerk whose Excel or LibreOffice
# reads "05/12/yyyy" as 12 May sees "12/05/yyyy" at once.
DATE_CELL: Style = {"num_format": "dd/mm/yyyy"}


def _visible_fields(model: type[pa.DataFrameModel], params: Params) -> dict[str, pa.Column]:
    """The run's columns (titles from params): the reader maps exactly these titles back."""
    return sc.titled_fields(model, params)


def template_notes(params: Params) -> list[str]:
    """The template's notes, filled from params: the count criteria (from SanPham) and the dossier's documents."""
    counted = "; ".join(f"{c.code} ({c.label_vi.lower()})" for c in params.criteria if c.measure == "count")
    words = {"products_criteria": counted or "Không tiêu chí nào", "dossier": dossier_sentence(params)}
    return [note.format(**words) for note in TEMPLATE_NOTES_VI]


def dossier_sentence(params: Params) -> str:
    """What a nomination's dossier must hold under the run's legal basis (params ``dossier``), in one sentence."""
    collective = ", ".join(params.dossier_documents("collective").values()) or "không yêu cầu văn bản"
    individual = ", ".join(params.dossier_documents("individual").values()) or "không yêu cầu văn bản"
    return f"Hồ sơ đề nghị khen thưởng ({params.dossier.basis}): tập thể gồm {collective}; cá nhân gồm {individual}."


def _allowed(column: pa.Column) -> list[str]:
    choices = (column.metadata or {}).get("choices") or {}
    return [str(label) for label in choices.values()]


def _instructions_sheet(params: Params) -> Sheet:
    """HuongDan: how to fill and send the workbook, then every column with its type, rule and example."""
    example_day = sc.schema_words(params)["date_deadline"]
    lines = [
        f"Gửi về {params.issuing_body}; hạn gửi hồ sơ khen thưởng: {params.award.deadline_label}.",
        "Không đổi tên trang tính, không xóa hay đổi tên cột; mỗi tiêu chí, mỗi cá nhân một dòng.",
        f"Ngày ghi theo dạng ngày/tháng/năm ({example_day}). Số: dấu chấm phân cách hàng nghìn (1.245), dấu phẩy "
        "thập phân (75,5).",
        "Gửi lại tệp mới nếu cần sửa: ghi ngày gửi mới, tệp gửi sau thay thế tệp gửi trước.",
        "Thông tin cá nhân (CCCD, điện thoại, thư điện tử) chỉ dùng để liên hệ, không được công bố.",
        *template_notes(params),
    ]
    rows = [
        Row([f"Mẫu báo cáo {params.movement} - {params.province}"], title_style(14)),
        *(Row([line]) for line in lines),
        Row(),
        *_applicability_rows(params),
        Row(),
        Row(["Trang tính", "Cột", "Kiểu dữ liệu", "Bắt buộc", "Hướng dẫn", "Ví dụ"], HEADER),
    ]
    for model in sc.SUBMISSION_SHEETS:
        for column in _visible_fields(model, params).values():
            meta = column.metadata or {}
            rows.append(
                Row(
                    [
                        sc.sheet_name(model),
                        column.title,
                        CELL_KINDS_VI[meta.get("kind", "text")],
                        "Không" if column.nullable else "Có",
                        _describe(column),
                        str(meta.get("example", "")),
                    ]
                )
            )
    return Sheet(rows=rows, widths=(14, 34, 22, 10, 70, 36))


def _applicability_rows(params: Params) -> list[Row]:
    """Which groups each criterion applies to, one row per criterion, in the instructions' columns.

    A clerk fills only the criteria of the unit's own group; the others are
    not applicable and are never scored (a count criterion is counted from SanPham).
    Groups are params ``structure.groups``, in their order.
    """
    rows = [
        Row([APPLICABILITY_TITLE_VI], HEADER),
        Row(["Mã", "Tiêu chí", "", "", "Khối thi đua áp dụng"], HEADER),
    ]
    labels = params.structure.groups
    for criterion in params.criteria:
        groups = "; ".join(labels[g] for g in labels if g in criterion.applies_to)
        rows.append(Row([criterion.code, criterion.label_vi, "", "", groups]))
    return rows


def _describe(column: pa.Column) -> str:
    allowed = _allowed(column)
    text = column.description or ""
    return (
        f"{text} Giá trị: {', '.join(allowed)}."
        if allowed and (column.metadata or {}).get("kind") == "choice"
        else text
    )


def _data_sheet(model: type[pa.DataFrameModel], records: list[dict[str, Any]], params: Params) -> Sheet:
    """One schema's sheet: title, note, the header on HEADER_ROW, the records below, a rule per checked column.

    Values are written as given (as a unit would have typed them): the sample
    plants NFD text, numbers as text and the like on purpose.
    """
    columns = _visible_fields(model, params)
    prompt = DATE_PROMPT_VI.format(date_deadline=sc.schema_words(params)["date_deadline"])
    dates = {j: DATE_CELL for j, column in enumerate(columns.values()) if (column.metadata or {}).get("kind") == "date"}
    rows = [
        Row([str(sc.table_meta(model)["title"])], title_style(13)),
        Row(["Điền từ dòng 4; xem hướng dẫn từng cột ở trang HuongDan."]),
        Row([column.title for column in columns.values()], _COLUMN_HEADER),
        *(Row([record.get(name) for name in columns]) for record in records),
    ]
    return Sheet(
        rows=rows,
        widths=[18 if (column.metadata or {}).get("kind") != "text" else 34 for column in columns.values()],
        freeze_rows=HEADER_ROW,
        validations=[rule for j, column in enumerate(columns.values()) if (rule := _validation(j, column, prompt))],
        as_typed=True,
        column_styles=dates,
    )


def _validation(col: int, column: pa.Column, date_prompt: str) -> Validation | None:
    """Drop-down lists and number/date rules where Excel supports them, with the column's help as prompt.

    Excel shows the prompt when the cell is selected and the alert when a
    value breaks the rule; counts only warn (the reader accepts "45/60" in a
    numerator and reports it); a date cell stops what is not a date, so a
    clerk whose locale reads another order sees it while typing.
    """
    meta = column.metadata or {}
    kind = meta.get("kind")
    rule: dict[str, Any]
    if kind in {"bool", "choice"}:
        rule = {"validate": "list", "source": _allowed(column), "ignore_blank": column.nullable}
    elif kind == "count":
        rule = {"validate": "integer", "criteria": ">=", "value": 0, "error_type": "warning"}
    elif kind == "date":
        low, high = _DATES
        rule = {"validate": "date", "criteria": "between", "minimum": low, "maximum": high}
    else:
        return None
    rule |= {
        "input_title": CELL_KINDS_VI[kind],
        "input_message": _clip(
            f"{column.description or ''} {date_prompt}".strip() if kind == "date" else column.description or ""
        ),
        "error_title": "Giá trị không hợp lệ",
        "error_message": _clip(f"Giá trị không hợp lệ cho cột «{column.title}»."),
    }
    return Validation(FIRST_DATA_ROW - 1, FIRST_DATA_ROW - 1 + VALIDATED_ROWS, col, rule)


def _clip(text: str) -> str:
    """Text cut to what Excel accepts in a validation message."""
    return text if len(text) <= _MESSAGE_MAX else text[: _MESSAGE_MAX - 1] + "…"


def indicator_rows(params: Params) -> list[dict[str, Any]]:
    """The criteria rows pre-filled in the template (a count criterion comes from the products sheet)."""
    return [{"criterion_code": c.code, "criterion_name": c.label_vi} for c in params.criteria if c.measure == "rate"]


def build_workbook(
    params: Params,
    rows: dict[type[pa.DataFrameModel], list[dict[str, Any]]] | None = None,
    registry: pd.DataFrame | None = None,
) -> Book:
    """A submission workbook as data: the instructions sheet, one sheet per schema filled with rows, and,
    given the registry, the list of units to look a code up in (the blank template's last sheet)."""
    rows = rows or {}
    book = {"HuongDan": _instructions_sheet(params)}
    for model in sc.SUBMISSION_SHEETS:
        default = indicator_rows(params) if model is sc.IndicatorModel else []
        book[sc.sheet_name(model)] = _data_sheet(model, rows.get(model, default), params)
    if registry is not None:
        book[UNIT_LIST_SHEET] = _unit_list_sheet(registry, params.structure)
    return book


def _unit_list_sheet(registry: pd.DataFrame, structure: Structure) -> Sheet:
    """Every registry unit with its code, group, level and parent: commune clerks rarely know their GSO code."""
    names = dict(zip(registry["unit_code"], registry["unit_name"], strict=True))
    rows = [
        Row([UNIT_LIST_TITLE_VI], title_style(13)),
        Row(["Mã đơn vị", "Tên đơn vị", "Khối thi đua", "Cấp", "Mã đơn vị cấp trên", "Đơn vị cấp trên"], HEADER),
    ]
    for unit in registry.itertuples():  # the registry's own order (grouped, parents before their communes)
        parent = unit.parent_code if isinstance(unit.parent_code, str) else ""
        rows.append(
            Row(
                [
                    unit.unit_code,
                    unit.unit_name,
                    structure.group_label(unit.unit_group),
                    structure.level_label(unit.admin_level),
                    parent,
                    names.get(parent, ""),
                ]
            )
        )
    return Sheet(rows=rows, widths=(14, 44, 44, 12, 20, 44), freeze_rows=2, autofilter=(1, 0, len(rows) - 1, 5))


def write_template(params: Params, path: Path, registry: pd.DataFrame | None = None) -> Path:
    """Write the blank template units download (with the unit list when the registry is given)."""
    save_workbook(build_workbook(params, registry=registry), path)
    return path


def data_dictionary_markdown(params: Params) -> str:
    """The data dictionary, one table per sheet, generated from the schemas."""
    lines = [
        "# Từ điển dữ liệu / Data dictionary",
        "",
        "Generated from `lib/contract/schemas.py` (inputs) and `lib/contract/tables.py` (outputs) by "
        "`make template`; do not edit by hand (a test keeps it in step).",
        "",
        f"Tệp mẫu: một tệp .xlsx cho mỗi đơn vị, {len(sc.SUBMISSION_SHEETS)} trang tính; "
        f"dòng tiêu đề ở dòng {HEADER_ROW}, dữ liệu từ dòng {FIRST_DATA_ROW}.",
        "",
    ]
    for model in sc.DESCRIBED_MODELS:
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
        for name, column in sc.titled_fields(model, params).items():
            m = column.metadata or {}
            flags = " (cá nhân, không công bố)" if m.get("personal") else ""
            lines.append(
                f"| `{name}` | {column.title} | {CELL_KINDS_VI[m.get('kind', 'text')]} | "
                f"{'không' if column.nullable else 'có'} | {_describe(column)}{flags} | {m.get('example', '')} |"
            )
        lines.append("")
    lines += ["## Tiêu chí / Criteria (from params)", "", "| mã | tiêu chí | tử số | mẫu số |", "|---|---|---|---|"]
    lines += [f"| {c.code} | {c.label_vi} | {c.numerator_vi} | {c.denominator_vi or '—'} |" for c in params.criteria]
    lines += ["", "## Hồ sơ đề nghị khen thưởng / Dossier (from params `dossier`)", "", dossier_sentence(params)]
    lines += ["", *systems_markdown(params), tables.markdown(params.criterion_columns())]
    return "\n".join(lines).rstrip("\n") + "\n"
