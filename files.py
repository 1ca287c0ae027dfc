"""Writing output files so that a reader never finds half of one.

Examples
--------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.html"
>>> write_text_atomic(target, "<p>园区</p>").read_text(encoding="utf-8")
'<p>园区</p>'
"""

from __future__ import annotations

import os
from pathlib import Path


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` through ``<path>.part`` and a rename, so an
    interrupted write leaves the previous file (or none), never a truncated one."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path
