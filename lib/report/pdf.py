"""report.pdf: the published report.html printed on A4 by WeasyPrint.

The PDF is the same page as the HTML, laid out by the page's own print
stylesheet (notebooks/templates/offline): A4 portrait, league tables on
landscape pages, the report's title and page numbers on every page. WeasyPrint
is a Python package of the lock, so no browser has to be installed where the
report is built. Nothing in the file depends on when or where it was written:
its dates are the params' ``as_of``, its identifier a hash of the HTML, and
nothing outside the page (no network, no file) is fetched.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from lib.contract.params import Params

# The page embeds everything it shows as data: URIs; a reference to anything else is not followed.
_ALLOWED_SCHEMES = ("data",)


class _Quiet(logging.Filter):
    """WeasyPrint warns about every screen-only CSS property of JupyterLab's stylesheet it does not know
    (hundreds of lines that say nothing about the report): kept out of the run's progress lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR


# What the print stylesheet hides (display: none on paper): the interactive scorecards, the bodies of the
# collapsible blocks. They are left out of the tree before layout, which gives the same pages in half the time
# (WeasyPrint computes the style of every element, shown or not).
SCREEN_ONLY = "screen-only"


def _drop_screen_only(root: Any) -> int:
    """Remove every element of class ``screen-only`` from an ElementTree; return how many were removed."""
    removed = 0
    for parent in root.iter():
        for child in list(parent):
            if SCREEN_ONLY in (child.get("class") or "").split():
                parent.remove(child)
                removed += 1
    return removed


# A list longer than params report.max_table_rows (at national scale, the exact ties among 100,000 nominees:
# 32,730 lines, 1,450 pages) prints its first rows and says where all of them are, as the tables do.
PRINT_LIST_CAPPED = "Bản in hiển thị {limit}/{total} dòng đầu; đầy đủ trong report.html."


def _cap_long_lists(root: Any, limit: int) -> int:
    """Keep the first ``limit`` items of every longer list, then one item saying so; return the items left out.

    The page (report.html) keeps every line; only the paper is bounded, so the PDF costs the same at any scale.
    """
    from xml.etree import ElementTree as ET

    from lib.report.html import integer

    removed = 0
    for element in [e for e in root.iter() if e.tag in ("ul", "ol")]:
        items = [child for child in element if child.tag == "li"]
        if len(items) <= limit:
            continue
        for item in items[limit:]:
            element.remove(item)
        note = ET.SubElement(element, "li", {"class": "more"})
        note.text = PRINT_LIST_CAPPED.format(limit=limit, total=integer(len(items)))
        removed += len(items) - limit
    return removed


def write_report_pdf(html_path: Path, pdf_path: Path, params: Params) -> int:
    """Print ``html_path`` to ``pdf_path`` (A4, the page's print stylesheet); return the number of pages.

    Title, language, author and dates are set from params, never from the clock, so two
    renders of the same HTML give the same bytes.
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = html_path.read_bytes()
    logger = logging.getLogger("weasyprint")
    quiet = _Quiet()
    logger.addFilter(quiet)
    try:
        page = HTML(
            string=html.decode("utf-8"),
            base_url=html_path.parent.resolve().as_uri() + "/",
            url_fetcher=URLFetcher(allowed_protocols=_ALLOWED_SCHEMES),
            media_type="print",
        )
        _drop_screen_only(page.etree_element)
        _cap_long_lists(page.etree_element, params.report.max_table_rows)
        document = page.render()
        metadata = document.metadata
        metadata.title = params.title
        metadata.authors = [params.issuing_body]
        metadata.lang = "vi"
        metadata.created = metadata.modified = params.as_of.isoformat()
        metadata.generator = None
        document.write_pdf(pdf_path, pdf_identifier=hashlib.sha256(html).hexdigest()[:32].encode("ascii"))
    finally:
        logger.removeFilter(quiet)
    return len(document.pages)
