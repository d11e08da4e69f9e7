"""Open the report in a real browser (Debian's chromium, headless): it loads without
console errors, the award table is visible, and screenshots at 1280 and 390 px (a phone)
are kept as artefacts; on the phone the league table's score is on screen."""

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
        table = page.locator("#de-nghi-tap-the + div table")
        assert table.is_visible() and table.locator("tbody tr").count() >= 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report_top.png"))
        heading.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "report_awards.png"))
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.on("pageerror", lambda exc: errors.append(str(exc)))
        phone.goto(report.as_uri(), wait_until="load")
        phone.screenshot(path=str(ARTIFACTS / "report_top_390.png"))
        league = phone.locator("#xh-ubnd_xa + div table.league")
        league.scroll_into_view_if_needed()
        phone.screenshot(path=str(ARTIFACTS / "report_league_390.png"))
        score = league.locator("thead th").nth(2)
        assert score.inner_text() == "Điểm" and score.is_visible()
        for cell in (score, league.locator("tbody tr").first.locator("td").nth(2)):
            box = cell.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        # The rest of the row is on demand: the criteria columns are hidden, the name opens the scorecard.
        assert not league.locator("thead th").nth(5).is_visible()
        link = league.locator("tbody a").first
        link.click()
        card = link.get_attribute("href").removeprefix("#phieu-")
        assert phone.evaluate(f"document.getElementById('don-vi-{card}').open")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        browser.close()
    assert errors == []
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    assert (ARTIFACTS / "report_top.png").stat().st_size > 10_000
    assert (ARTIFACTS / "report_league_390.png").stat().st_size > 10_000
