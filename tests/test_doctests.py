"""Run the examples in every module's docstrings (NumPy-style docs whose examples are doctests)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import chainkg


def _modules() -> list[str]:
    names = ["chainkg", "chainkg.cli", "chainkg.errors"]
    for info in pkgutil.walk_packages(chainkg.__path__, "chainkg."):
        if info.name.split(".")[1] in ("tests", "benchmarks"):
            continue
        names.append(info.name)
    return sorted(set(names))


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
