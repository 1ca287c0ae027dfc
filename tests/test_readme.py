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
