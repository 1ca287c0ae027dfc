"""Exceptions raised by chainkg.

Every error the library raises derives from :class:`ChainKGError`, so a caller (the CLI
included) can catch one type. Subclasses say *what kind* of thing went wrong; their
message says *where* (file, line, field) and *what was expected*.
"""

from __future__ import annotations


class ChainKGError(Exception):
    """Root of every chainkg error."""


class InputError(ChainKGError):
    """Bad input data: a curated table row, a YAML field, an article file.

    Parameters
    ----------
    message:
        What is wrong, e.g. ``expected a number with a unit like 1.5亿元, got 'about 2'``.
    file, line, field:
        Where it is wrong. Any of them may be ``None`` when unknown.

    Examples
    --------
    >>> str(InputError("expected a date, got 'soon'", file="parks.csv", line=14, field="signed"))
    "parks.csv:14: column 'signed': expected a date, got 'soon'"
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.reason = message
        self.file = file
        self.line = line
        self.field = field
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line is not None else "") + ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        col = f"column '{self.field}': " if self.field else ""
        return f"{where}{col}{self.reason}"


class OntologyError(ChainKGError):
    """A term is not defined by the chainkg ontology or its mapping."""


class QueryError(ChainKGError):
    """A canned or ad-hoc query is unknown, malformed, or got bad parameters."""


class BackendError(ChainKGError):
    """A store (ladybug, Neo4j, Oxigraph, a SPARQL endpoint) failed or cannot be reached."""


class WorkspaceError(ChainKGError):
    """The workspace is missing, locked by another build, or damaged."""


class ValidationError(ChainKGError):
    """The graph does not conform to the SHACL shapes."""
