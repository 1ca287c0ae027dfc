"""The README stays true: its two commands, the CI script, the queries and commands it names."""

from __future__ import annotations

import re
from pathlib import Path

import click

from chainkg.cli import main
from chainkg.queries.registry import all_queries

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks() -> list[str]:
    return re.findall(r"```bash\n(.*?)```", README, flags=re.S)


def test_readme_opens_with_setup_then_test_command() -> None:
    setup, test = (b.strip() for b in _blocks()[:2])
    assert "pip install -e ." in setup and "chainkg build" in setup
    assert "chainkg query run" in setup
    assert test.endswith("python -m pytest")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test = _blocks()[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci, "the last command of .ci/run must be the README's test command"
    assert ci[-1] == test


def test_every_canned_query_is_documented() -> None:
    missing = [q.name for q in all_queries() if f"`{q.name}`" not in README]
    assert not missing, f"README does not mention the canned queries {missing}"


def test_every_command_is_documented() -> None:
    missing = [name for name, cmd in main.commands.items()
               if f"chainkg {name}" not in README and isinstance(cmd, click.Command)]
    assert not missing, f"README does not show the commands {missing}"


def test_readme_shows_the_figures_of_the_results_table() -> None:
    """The README's benchmark summary is the one `benchmarks/run.py --readme` wrote in the
    same run as benchmarks/RESULTS.md: their build, memory and export figures agree."""
    begin = "<!-- benchmark-summary:begin (written by benchmarks/run.py --readme) -->"
    end = "<!-- benchmark-summary:end -->"
    assert begin in README and end in README
    block = README.split(begin, 1)[1].split(end, 1)[0]
    results = (ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8")
    rows = {(m[0], m[1].strip()): m[2].strip()
            for m in re.findall(r"^\| (\w+) \| ([^|]+) \| ([^|]+) \|", results, flags=re.M)}
    checked = 0
    for (section, what), figure in rows.items():
        if section in ("build", "memory") and what != "throughput":
            label = what
        elif section == "export":
            label = f"export {what}"
        else:
            continue
        if section == "memory" and "after generating" not in what:
            continue
        assert f"| {label} | {figure} |" in block, (label, figure)
        checked += 1
    assert checked >= 6, "RESULTS.md lacks the build, memory and export rows"
