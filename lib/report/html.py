"""Small HTML building blocks for the report, escaping everything they are given.

Every text that reaches the page passes through :func:`esc`, so a unit named
``<script>`` is shown as text. Numbers are formatted one way throughout:
decimal comma, one decimal for scores and percentages, and the words
"không áp dụng" / "thiếu số liệu" instead of NaN or None.
"""

from __future__ import annotations

import html
import math
import re
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


class Safe(str):
    """Markup built here from escaped parts (a table header with a tooltip); :func:`esc` keeps it as is."""


def esc(value: Any) -> str:
    """HTML-escaped text of any value; blanks become the 'missing' wording."""
    if isinstance(value, Safe):
        return value
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
    cards: bool = False,
    cell_html: Callable[[str, dict[str, Any], str], str] | None = None,
) -> str:
    """An HTML table from a frame: (column, header, formatter) per column.

    Formatters return plain text, which is escaped here; ``cell_style`` may add
    an inline style (used for the heat-map cells); ``cell_html`` may wrap a cell's
    escaped text (a link). ``cards`` labels every cell with its header, so that a
    phone shows each row as a card instead of a table too wide for it. The table
    sits in a box that scrolls sideways on a narrow screen, never the page.
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
    card_labels = {
        key: f' data-label="{html.escape(_plain(label), quote=True)}"' if cards else "" for key, label, _ in columns
    }
    rows = []
    for record in frame.to_dict("records"):
        cells = []
        for key, _, fmt in columns:
            value = record.get(key)
            text = esc(fmt(value) if fmt else ("" if is_blank(value) else str(value)))
            if cell_html:
                text = cell_html(key, record, text)
            style = cell_style(key, value) if cell_style else ""
            attrs = (_NUM if key in numeric else "") + (f' style="{style}"' if style else "") + card_labels[key]
            cells.append(f"<td{attrs}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    classes = f"rt {css}{' cards' if cards else ''}".strip()
    body = "".join(rows)
    return (
        f'<div class="tw"><table class="{esc(classes)}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
        f"</table></div>{note}"
    )


def _plain(label: str) -> str:
    """A header's words without its markup (a card's label)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", label)).split()) if isinstance(label, Safe) else label


_NUMERIC = (pct, num1, integer)
_NUM = ' class="num"'


def details(summary: str, body: str, anchor: str = "", *, printed: str = "") -> str:
    """A collapsible block (no JavaScript needed).

    On paper nothing can be clicked open: a block is printed open when ``printed`` is
    ``"open"``; otherwise its summary is printed followed by ``printed``, the sentence
    saying which file holds what the screen would unfold (the PDF stays short).
    """
    ident = f' id="{esc(anchor)}"' if anchor else ""
    if printed == "open":
        return f'<details{ident} class="print-open"><summary>{esc(summary)}</summary>{body}</details>'
    note = f'<p class="print-only">{esc(printed)}</p>' if printed else ""
    return f'<details{ident}><summary>{esc(summary)}</summary><div class="screen-only">{body}</div></details>{note}'
