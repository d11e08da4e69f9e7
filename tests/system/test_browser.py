"""Open the report in a real browser (Debian's chromium, headless): it loads without
console errors, the award table is visible, and a screenshot is kept as an artefact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.requires_tool("chromium")]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def test_report_renders_in_headless_chromium(published: Path) -> None:
    from playwright.sync_api import sync_playwright

    report = published / "outputs" / "2023" / "report.html"
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 2000})
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("request", lambda req: requests.append(req.url))
        page.goto(report.as_uri(), wait_until="load")
        heading = page.locator("#de-nghi")
        assert heading.is_visible()
        table = page.locator("#de-nghi-tap-the + table")
        assert table.is_visible() and table.locator("tbody tr").count() >= 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report_top.png"))
        heading.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "report_awards.png"))
        browser.close()
    assert errors == []
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    assert (ARTIFACTS / "report_top.png").stat().st_size > 10_000
