"""The chain map (`chainkg map`) as a person sees it: opened from file:// in headless
Chromium with the network cut off, its covered and gap segments counted in the rendered
page against the CSV the same command wrote."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from support import DATA

from chainkg.cli import main

MAPS = DATA / "maps"


def test_chain_map_renders_offline(browser: Any, screenshot: Any, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    runner = CliRunner()
    built = runner.invoke(main, ["-w", str(ws), "build", str(MAPS / "parks.yaml"),
                                 "-t", str(MAPS / "templates")])
    assert built.exit_code == 0, built.output
    html_path, csv_path = tmp_path / "map.html", tmp_path / "map.csv"
    result = runner.invoke(main, ["-w", str(ws), "map", "东园", "示例链", "-o", str(html_path),
                                  "--csv", str(csv_path)])
    assert result.exit_code == 0, result.output
    with csv_path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    covered = sum(r["covered"] == "True" for r in rows)
    gaps = len(rows) - covered
    assert covered and gaps, "the fixture is meant to have both covered segments and gaps"

    browser.get_log("browser")
    browser.get(html_path.resolve().as_uri())
    counts = browser.execute_script(
        "return {covered: document.querySelectorAll('.seg.covered').length,"
        " gap: document.querySelectorAll('.seg.gap').length,"
        " resources: performance.getEntriesByType('resource').length,"
        " title: document.title};")
    logs = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    screenshot(browser, "chain-map")
    assert (counts["covered"], counts["gap"]) == (covered, gaps)
    assert counts["resources"] == 0, "the map fetched something"
    assert logs == []
    # Gaps are drawn with dashed borders, as the legend says.
    dashed = browser.execute_script(
        "return Array.from(document.querySelectorAll('.seg.gap > rect')).map("
        "e => getComputedStyle(e).strokeDasharray || e.getAttribute('stroke-dasharray'));")
    assert len(dashed) == gaps and all(d and d != "none" for d in dashed), dashed
