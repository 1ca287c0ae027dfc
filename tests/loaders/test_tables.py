"""Curated tables (loaders/tables.py): bad input fails with an InputError naming file, line
and field, a failed build leaves the workspace graph as it was, and CSV input works."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from support import FIXTURE_DIR

from chainkg.cli import main
from chainkg.errors import InputError
from chainkg.graph.ladybug_store import LadybugStore
from chainkg.graph.workspace import Workspace
from chainkg.loaders.tables import load_tables

AMOUNT = "expected a number with a unit like 1.5亿元, got 'about 2'"
SOURCE = "source: {key: t-doc, name: 测试报道, outlet: 测试日报, date: 2024-08-09}\n"

# A park and a project in block style, so that each field sits on its own line (the
# project's `amount` is line 8, its record starts on line 5).
BAD_AMOUNT = SOURCE + """\
parks:
  - {key: 甲园区, name: 甲园区}
projects:
  - key: 甲项目
    name: 甲项目
    park: 甲园区
    amount: about 2
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load_tables([path])
    return info.value


@pytest.mark.parametrize("name, text, line, field, reason", [
    ("syntax.yaml", "parks:\n  - {key: 甲园区, name: 甲园区\n  - {key: 乙园区, name: 乙园区}\n",
     3, None, "not valid YAML"),
    ("amount.yaml", BAD_AMOUNT, 8, "amount", AMOUNT),
    ("unknown.yaml", SOURCE + "parks:\n  - {key: 甲园区, name: 甲园区,\n     colour: red}\n",
     4, "colour", "unknown field in parks; expected one of aliases, key, name, name_en, "
                  "park_type, region, sources"),
    ("dangling.yaml", SOURCE + "parks:\n  - {key: 甲园区, name: 甲园区}\nprojects:\n"
                      "  - {key: 甲项目, name: 甲项目, park: 乙园区}\n",
     5, "park", "'乙园区' is not defined; expected the key of a Park"),
    ("date.yaml", SOURCE + "projects:\n  - {key: 甲项目, name: 甲项目, signed: soon}\n",
     3, "signed", "expected a date like 2024-02-04, 2023年6月 or 今年2月4日, got 'soon'"),
    # Looks like a YAML date, is none: reported like any bad date, not as a crash.
    ("nodate.yaml", SOURCE + "projects:\n  - {key: 甲项目, name: 甲项目, signed: 2024-02-30}\n",
     3, "signed", "no such date: '2024-02-30'"),
    ("relative.yaml", "projects:\n  - {key: 甲项目, name: 甲项目, signed: 今年2月4日}\n",
     2, "signed", "relative date '今年2月4日' needs the article's date"),
    ("indicator.yaml", SOURCE + "parks:\n  - {key: 甲园区, name: 甲园区}\nindicators:\n"
                       "  - {key: 甲园区/签约项目/2024, park: 甲园区, metric: 签约项目,\n"
                       "     value: 很多}\n",
     6, "value", "expected a number, an amount like 435.5亿元 or a percentage, got '很多'"),
    ("strategy.yaml", SOURCE + "parks:\n  - {key: 甲园区, name: 甲园区}\nchains:\n"
                      "  - {key: 氢能, name: 氢能}\npark_chains:\n"
                      "  - {park: 甲园区, chain: 氢能, strategy: 强化}\n",
     7, "strategy", "expected one of 有链强链, 无链建链, 短链延链, 补链, got '强化'"),
])
def test_bad_yaml_names_file_line_and_field(tmp_path: Path, name: str, text: str, line: int,
                                            field: str | None, reason: str) -> None:
    error = _error(_write(tmp_path, name, text))
    assert (error.file, error.line, error.field) == (name, line, field)
    assert error.reason.startswith(reason)
    column = f"column '{field}': " if field else ""
    assert str(error).startswith(f"{name}:{line}: {column}{reason}")


def test_bad_csv_amount(tmp_path: Path) -> None:
    _write(tmp_path, "projects.csv",
           "key,name,amount\n甲项目,甲项目,1亿元\n乙项目,乙项目,about 2\n")
    assert str(_error(tmp_path)) == f"projects.csv:3: column 'amount': {AMOUNT}"


def test_csv_row_with_too_many_cells(tmp_path: Path) -> None:
    _write(tmp_path, "projects.csv", "key,name,amount\n甲项目,甲项目,1亿元,多余\n")
    assert str(_error(tmp_path)) == "projects.csv:2: row has 4 cells but the header has 3"


def test_csv_bad_date(tmp_path: Path) -> None:
    _write(tmp_path, "projects.csv", "key,name,signed\n甲项目,甲项目,2024-13-01\n")
    assert str(_error(tmp_path)) == "projects.csv:2: column 'signed': no such date: '2024-13-01'"


def test_csv_input_builds_a_graph(tmp_path: Path) -> None:
    _write(tmp_path, "parks.csv", "key,name,aliases,park_type\n"
                                  "甲园区,甲园区,甲市高新技术产业开发区;甲高新区,高新区\n")
    _write(tmp_path, "enterprises.csv", "key,name,legal_name,parks\n"
                                        "甲公司,甲公司,甲科技有限公司,甲园区\n乙公司,乙公司,,\n")
    _write(tmp_path, "projects.csv", "key,name,park,amount,signed,investors\n"
                                     "甲项目,甲项目,甲园区,2.5亿元,2024年3月,甲公司;乙公司\n"
                                     "乙项目,乙项目,甲园区,800万美元,2024-05-06,\n")
    facts = load_tables([tmp_path])
    assert facts.parks["甲园区"].aliases == ["甲市高新技术产业开发区", "甲高新区"]
    first, second = facts.projects["甲项目"], facts.projects["乙项目"]
    assert (first.amount_cny, first.signed, first.investors) == (
        250000000.0, "2024-03", ["甲公司", "乙公司"])
    assert (second.amount, second.currency, second.signed) == (8000000.0, "USD", "2024-05-06")
    with LadybugStore() as store:
        store.load(facts)
        rows = store.query(
            "MATCH (e:Enterprise)-[:INVESTS_IN]->(j:Project)-[:LOCATED_IN]->(p:Park) "
            "WHERE p.key = $park RETURN e.key, j.key ORDER BY e.key", {"park": "甲园区"}).rows
        located = store.query("MATCH (e:Enterprise)-[:LOCATED_IN]->(p:Park) RETURN e.key").rows
    assert rows == [("乙公司", "甲项目"), ("甲公司", "甲项目")]
    assert located == [("甲公司",)]


def test_failed_build_keeps_the_previous_graph(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    runner = CliRunner()
    built = runner.invoke(main, ["-w", str(ws), "build", str(FIXTURE_DIR)])
    assert built.exit_code == 0, built.output
    before = Workspace(ws).manifest()

    bad = _write(tmp_path, "bad.yaml", BAD_AMOUNT)
    failed = runner.invoke(main, ["-w", str(ws), "build", str(bad)])
    assert failed.exit_code == 1
    assert failed.output.splitlines() == [f"Error: bad.yaml:8: column 'amount': {AMOUNT}"]

    assert Workspace(ws).manifest() == before
    query = runner.invoke(main, ["-w", str(ws), "cypher", "-f", "csv",
                                 "MATCH (p:Park) WHERE p.key = $k RETURN p.name AS name",
                                 "-p", "k=fx-park-a"])
    assert query.exit_code == 0, query.output
    assert query.output.split() == ["name", "甲市高新区"]
    with Workspace(ws).property_graph() as pg:
        assert pg.counts() == before["counts"]
