"""Writing output files so that a reader never finds half of one.

Examples
--------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.html"
>>> write_text_atomic(target, "<p>园区</p>").read_text(encoding="utf-8")
'<p>园区</p>'
>>> try:
...     with atomic_path(target) as part:
...         _ = part.write_text("<p>半", encoding="utf-8")
...         raise OSError("disk full")
... except OSError:
...     pass
>>> target.read_text(encoding="utf-8"), part.name, part.exists()
('<p>园区</p>', 'out.html.part', False)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A ``<path>.part`` to write, renamed to ``path`` when the block ends normally and
    removed when it raises: an interrupted write leaves the previous file (or none),
    never a truncated one."""
    path = Path(path)
    part = path.with_name(path.name + ".part")
    try:
        yield part
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)  # only a failed write's is left here


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` through :func:`atomic_path`."""
    with atomic_path(path) as part:
        part.write_text(text, encoding="utf-8")
    return Path(path)
