"""Canned queries: one file per query and language, each opening with a header.

``queries/cypher/<name>.cypher`` and ``queries/sparql/<name>.rq`` start with comment lines
(``//`` or ``#``) of the form ``key: value``::

    // name: park_overview
    // title_zh: 园区概览
    // title_en: Park overview
    // description: Each chain of a park with the park's strategy, projects and investment.
    // param: park (park, default 株洲高新区): the park's name, alias or key

Parameter types are ``string``, ``int``, ``float``, ``park``, ``chain``, ``enterprise`` and
``limit``. ``park``, ``chain`` and ``enterprise`` take a key, name, alias (or legal name)
and reach the query as the entity's key (:mod:`chainkg.queries.entities`), so query texts
match keys only; left empty ("no filter") they reach Cypher as ``''`` and SPARQL as an
unbound variable. ``limit`` is a row cap on the ordered
answer, ``0`` meaning no cap: Cypher uses ``LIMIT $limit``, given a cap past any real answer
for ``0``; SPARQL cannot bind LIMIT, so the registry appends ``LIMIT n`` to the query text,
``n`` being the whole number :meth:`Param.convert` checked, never the caller's text; a
line ``# @LIMIT`` in the text gets the same ``LIMIT n``, for a sub-SELECT that keeps the
top rows).
An optional filter takes the empty string as "no filter".

Examples
--------
>>> q = get("park_overview")
>>> q.title_zh
'园区概览'
>>> q.bind({"park": "湘潭高新区"})["park"]
'湘潭高新区'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from chainkg.errors import QueryError
from chainkg.graph.store import GraphStore, Rows
from chainkg.queries.entities import KINDS, resolve

LANGUAGES = {"cypher": ("cypher", "//"), "sparql": ("rq", "#")}
TYPES = ("string", "int", "float", "limit", "year", "strategy", *KINDS)
#: what Cypher's ``LIMIT $limit`` gets for ``limit = 0`` (no cap): more rows than any answer
NO_LIMIT = 2**31 - 1
_LIMIT_MARK = re.compile(r"^[ \t]*# @LIMIT[ \t]*$", re.MULTILINE)
_HEADER = re.compile(r"^(?P<key>[a-z_]+):\s*(?P<value>.*)$")
_PARAM = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s*\((?P<type>\w+)(?:,\s*default\s+(?P<default>[^)]*))?\)"
    r"\s*:\s*(?P<desc>.+)$"
)


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    description: str

    def convert(self, raw: Any) -> Any:
        if raw is None:
            raw = self.default if self.default is not None else ""
        if self.type == "string" or self.type in KINDS:
            return str(raw)
        if self.type == "year":
            return self._year(str(raw))
        if self.type == "strategy":
            return self._strategy(str(raw))
        try:
            value = int(raw) if self.type in ("int", "limit") else float(raw)
        except (TypeError, ValueError):
            expected = "a number" if self.type == "float" else "a whole number"
            raise QueryError(
                f"parameter {self.name!r} expects {expected}, got {raw!r}") from None
        if self.type == "limit" and value < 0:
            raise QueryError(f"parameter {self.name!r} must not be negative, got {raw!r}")
        return value

    def _year(self, raw: str) -> str:
        """``2024``, also written ``２０２４`` or ``2024年``; empty for none. A word that is no
        year would match nothing: an error says so instead of an empty answer."""
        text = unicodedata.normalize("NFKC", raw).strip().removesuffix("年")
        if text and not re.fullmatch(r"\d{4}", text):
            raise QueryError(f"parameter {self.name!r} expects a year such as 2024, "
                             f"got {raw!r}")
        return text

    def _strategy(self, raw: str) -> str:
        """One of the four strategies, by its Chinese label or its identifier (strengthen,
        build, extend, fill); empty for all."""
        from chainkg.graph.model import STRATEGIES

        text = unicodedata.normalize("NFKC", raw).strip()
        if not text or text in STRATEGIES:
            return text
        by_id = {v: k for k, v in STRATEGIES.items()}
        if text.lower() in by_id:
            return by_id[text.lower()]
        choices = ", ".join(f"{zh} ({en})" for zh, en in STRATEGIES.items())
        raise QueryError(f"parameter {self.name!r} expects one of {choices}; got {raw!r}")


@dataclass
class CannedQuery:
    name: str
    title_zh: str
    title_en: str
    description: str
    params: list[Param]
    texts: dict[str, str] = field(default_factory=dict)
    #: per-engine texts, e.g. {"ladybug": "..."} in queries/cypher/ladybug/, used only where
    #: the common Cypher subset cannot say it (each such file says why)
    overrides: dict[str, str] = field(default_factory=dict)
    ordered: bool = True

    def text(self, language: str, engine: str | None = None) -> str:
        if engine and engine in self.overrides:
            return self.overrides[engine]
        try:
            return self.texts[language]
        except KeyError:
            raise QueryError(f"query {self.name!r} has no {language} version") from None

    def bind(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Check ``given`` against the declared parameters; apply defaults and types."""
        given = dict(given or {})
        known = {p.name for p in self.params}
        for name in given:
            if name not in known:
                hint = f"; it takes {', '.join(sorted(known))}" if known else "; it takes none"
                raise QueryError(f"query {self.name!r} has no parameter {name!r}{hint}")
        for p in self.params:
            # An empty park/chain/enterprise means "no filter" only where the query says
            # so (its default is empty). Elsewhere Cypher would match nothing and SPARQL,
            # where empty is UNDEF, everything: neither is an answer, so say so.
            if (p.type in KINDS and p.default and given.get(p.name) is not None
                    and not str(given[p.name]).strip()):
                raise QueryError(f"query {self.name!r} needs a {p.type} for {p.name!r}; "
                                 f"leave it out for the default ({p.default})")
        return {p.name: p.convert(given.get(p.name)) for p in self.params}

    def run(self, store: GraphStore, params: Mapping[str, Any] | None = None) -> Rows:
        """Run on ``store`` in the store's language, parameters bound."""
        values = self.bind(params)
        for p in self.params:
            if p.type in KINDS:
                values[p.name] = resolve(store, p.type, values[p.name])
                if store.language == "sparql" and values[p.name] == "":
                    # no filter: the variable stays free (UNDEF), so `?p dcterms:identifier
                    # ?park` matches every park (see graph/sparql_params.py)
                    values[p.name] = None
        text = self.text(store.language, getattr(store, "engine", None))
        limits = [p.name for p in self.params if p.type == "limit"]
        if store.language == "sparql":
            # SPARQL has no LIMIT parameter: the checked int goes into the text, and the
            # limit is not a query variable (so not bound as one)
            for name in limits:
                cap = int(values.pop(name))
                if cap > 0:
                    # also inside the query, where a line says `# @LIMIT` (a sub-SELECT that
                    # keeps the top rows before the costly lookups on them)
                    text = _LIMIT_MARK.sub(f"LIMIT {cap}", text)
                    text = f"{text.rstrip()}\nLIMIT {cap}\n"
        else:
            for name in limits:
                if values[name] == 0:
                    values[name] = NO_LIMIT
        return store.query(text, values)


def parse_header(text: str, marker: str, origin: str) -> dict[str, Any]:
    """The ``key: value`` comment lines at the top of a query file."""
    header: dict[str, Any] = {"param": []}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith(marker):
            break
        body = stripped[len(marker):].strip()
        m = _HEADER.match(body)
        if not m:
            continue
        key, value = m["key"], m["value"].strip()
        if key == "param":
            pm = _PARAM.match(value)
            if not pm or pm["type"] not in TYPES:
                raise QueryError(f"{origin}:{number}: bad param line {value!r}; expected "
                                 f"`name ({'|'.join(TYPES)}, default X): description`")
            default = pm["default"].strip() if pm["default"] is not None else None
            header["param"].append(Param(pm["name"], pm["type"], default, pm["desc"].strip()))
        else:
            header[key] = value
    for required in ("name", "title_zh", "title_en", "description"):
        if not header.get(required):
            raise QueryError(f"{origin}: header lacks {required!r}")
    return header


@lru_cache(maxsize=1)
def _load() -> dict[str, CannedQuery]:
    queries: dict[str, CannedQuery] = {}
    root = resources.files(__package__)
    for language, (ext, marker) in LANGUAGES.items():
        folder = root.joinpath(language)
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if not entry.name.endswith("." + ext):
                continue
            text = entry.read_text(encoding="utf-8")
            origin = f"queries/{language}/{entry.name}"
            h = parse_header(text, marker, origin)
            if h["name"] != entry.name[: -len(ext) - 1]:
                raise QueryError(f"{origin}: header name {h['name']!r} differs from the file name")
            q = queries.get(h["name"])
            if q is None:
                q = queries[h["name"]] = CannedQuery(
                    h["name"], h["title_zh"], h["title_en"], h["description"], h["param"])
            elif [p.name for p in q.params] != [p.name for p in h["param"]]:
                raise QueryError(f"{origin}: parameters differ from the other language's")
            q.texts[language] = text
    # Per-engine overrides: queries/cypher/<engine>/<name>.cypher
    for engine_dir in root.joinpath("cypher").iterdir():
        if not engine_dir.is_dir() or engine_dir.name.startswith("_"):
            continue
        for entry in engine_dir.iterdir():
            if entry.name.endswith(".cypher"):
                name = entry.name[: -len(".cypher")]
                if name not in queries:
                    raise QueryError(f"queries/cypher/{engine_dir.name}/{entry.name} overrides "
                                     "a query that does not exist")
                queries[name].overrides[engine_dir.name] = entry.read_text(encoding="utf-8")
    return queries


def all_queries() -> list[CannedQuery]:
    """Every canned query, sorted by name."""
    return sorted(_load().values(), key=lambda q: q.name)


def get(name: str) -> CannedQuery:
    """The canned query ``name``; QueryError naming close matches when unknown."""
    queries = _load()
    try:
        return queries[name]
    except KeyError:
        close = difflib.get_close_matches(name, queries, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `chainkg query list`"
        raise QueryError(f"no canned query {name!r}{hint}") from None
