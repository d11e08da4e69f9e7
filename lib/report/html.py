"""Small HTML building blocks for the report, escaping everything they are given.

Every text that reaches the page passes through :func:`esc`, so a unit named
``<script>`` is shown as text. Numbers are formatted one way throughout:
decimal comma, one decimal for scores and percentages, and the words
"không áp dụng" / "thiếu số liệu" instead of NaN or None.
"""

from __future__ import annotations

import html
import math
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from lib.contract.labels import CRITERION_STATUS_VI, MISSING

MISSING_VI = CRITERION_STATUS_VI[MISSING]
NUMBER_FORMAT_VI = (
    "Số thập phân dùng dấu phẩy; điểm và tỷ lệ phần trăm làm tròn một chữ số thập phân khi hiển thị "
    "(so sánh, xếp hạng dùng giá trị chưa làm tròn); số nguyên dùng dấu chấm phân cách hàng nghìn."
)


def esc(value: Any) -> str:
    """HTML-escaped text of any value; blanks become the 'missing' wording."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return MISSING_VI
    # NFC even for a raw value quoted from a submission: the page must render one way.
    return html.escape(unicodedata.normalize("NFC", str(value)), quote=True)


def is_blank(value: Any) -> bool:
    """True for None, NaN and pd.NA."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def pct(value: Any, blank: str = MISSING_VI) -> str:
    """0.755 -> '75,5%'."""
    return blank if is_blank(value) else f"{100 * float(value):.1f}%".replace(".", ",")


def num1(value: Any, blank: str = MISSING_VI) -> str:
    """87.26 -> '87,3'."""
    return blank if is_blank(value) else f"{float(value):.1f}".replace(".", ",")


def integer(value: Any, blank: str = MISSING_VI) -> str:
    """1245 -> '1.245'."""
    return blank if is_blank(value) else f"{round(float(value)):,}".replace(",", ".")


def heading(level: int, anchor: str, title: str) -> str:
    """A heading with an id the table of contents links to."""
    return f'<h{level} id="{esc(anchor)}">{esc(title)}</h{level}>'


def paragraph(text: str) -> str:
    """An escaped paragraph."""
    return f"<p>{esc(text)}</p>"


def bullet_list(items: Iterable[str]) -> str:
    """An escaped bullet list."""
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


Column = tuple[str, str, Callable[[Any], str] | None]


def table(
    frame: pd.DataFrame,
    columns: list[Column],
    *,
    caption: str = "",
    css: str = "",
    cell_style: Callable[[str, Any], str] | None = None,
    empty: str = "Không có",
    limit: int | None = None,
    full_list: str = "",
) -> str:
    """An HTML table from a frame: (column, header, formatter) per column.

    Formatters return plain text, which is escaped here; ``cell_style`` may add
    an inline style (used for the heat-map cells).
    """
    if frame.empty:
        return f'<p class="empty">{esc(empty)}</p>'
    note = ""
    if limit is not None and len(frame) > limit:
        # A national run has tens of thousands of rows: the page shows the first ones, the files hold all.
        note = (
            f'<p class="more">{esc(f"Hiển thị {limit}/{integer(len(frame))} dòng đầu; đầy đủ trong {full_list}.")}</p>'
        )
        frame = frame.head(limit)
    numeric = {key for key, _, fmt in columns if fmt in _NUMERIC}
    head = "".join(f"<th{_NUM if key in numeric else ''}>{esc(label)}</th>" for key, label, _ in columns)
    rows = []
    for record in frame.to_dict("records"):
        cells = []
        for key, _, fmt in columns:
            value = record.get(key)
            text = fmt(value) if fmt else ("" if is_blank(value) else str(value))
            style = cell_style(key, value) if cell_style else ""
            attrs = (_NUM if key in numeric else "") + (f' style="{style}"' if style else "")
            cells.append(f"<td{attrs}>{esc(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    classes = f"rt {css}".strip()
    body = "".join(rows)
    return f'<table class="{esc(classes)}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}'


_NUMERIC = (pct, num1, integer)
_NUM = ' class="num"'


def details(summary: str, body: str, anchor: str = "") -> str:
    """A collapsible block (no JavaScript needed)."""
    ident = f' id="{esc(anchor)}"' if anchor else ""
    return f"<details{ident}><summary>{esc(summary)}</summary>{body}</details>"
