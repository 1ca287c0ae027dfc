"""`chainkg map` through click's CliRunner: HTML + CSV, offline, escaped."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import DATA

from chainkg.cli import main

MAPS = DATA / "maps"


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("map-ws")
    result = CliRunner().invoke(main, ["-w", str(path), "build", str(MAPS / "parks.yaml"),
                                       "-t", str(MAPS / "templates")])
    assert result.exit_code == 0, result.output
    return path


def test_map_writes_html_and_csv(ws: Path, tmp_path: Path) -> None:
    html_path, csv_path = tmp_path / "east.html", tmp_path / "east.csv"
    result = CliRunner().invoke(main, ["-w", str(ws), "map", "东园", "示例链", "-o", str(html_path),
                                       "--csv", str(csv_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [str(html_path), str(csv_path)]
    html = html_path.read_text(encoding="utf-8")
    # offline: no script at all, no reference to anything on the network
    assert "<script" not in html and not re.search(r"https?://", html)
    # every segment drawn; the gap dashed; names escaped
    assert html.count('class="seg covered"') == 4 and html.count('class="seg gap"') == 1
    assert "stroke-dasharray" in html
    assert "无园&lt;原料&gt;厂 &amp; &quot;引号&quot;" in html and "<原料>" not in html
    assert "推断 derived: <b>有链强链、短链延链、补链</b>" in html
    assert "报道所称 claimed: <b>有链强链、补链</b>" in html
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert [(r["segment"], r["covered"]) for r in table] == [
        ("原料", "False"), ("部件", "True"), ("模块", "True"), ("总装", "True"), ("服务", "True")]
    assert table[0]["gap_targets"].startswith("1. 南三原料集团 (leads 示例链")


def test_map_on_the_rdf_store_draws_the_same(ws: Path, tmp_path: Path) -> None:
    out = {}
    for engine in ("cypher", "sparql"):
        path = tmp_path / f"{engine}.html"
        result = CliRunner().invoke(main, ["-w", str(ws), "map", "西园", "mx-chain", "-o",
                                           str(path), "--engine", engine])
        assert result.exit_code == 0, result.output
        out[engine] = path.read_text(encoding="utf-8")
    assert out["cypher"] == out["sparql"]
    assert "西园总装项目 [短链延链 / 称补链]" in out["cypher"]


def test_map_unknown_park_is_one_line_error(ws: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["-w", str(ws), "map", "无此园", "示例链", "-o",
                                       str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert result.output == "Error: no park '无此园' in the graph\n"
    assert not (tmp_path / "x.html").exists()


def test_build_without_templates_has_no_demo_segments(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    result = CliRunner().invoke(main, ["-w", str(ws), "build", str(MAPS / "parks.yaml"),
                                       "--no-templates"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["-w", str(ws), "map", "东园", "示例链", "-o",
                                       str(tmp_path / "x.html")])
    # only the two segments the table names, no placements: every segment is a gap
    assert result.exit_code == 0, result.output
    html = (tmp_path / "x.html").read_text(encoding="utf-8")
    assert html.count('class="seg gap"') == 2 and 'class="seg covered"' not in html
