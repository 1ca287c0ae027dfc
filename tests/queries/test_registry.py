"""The canned-query registry: complete headers, parameters that match the texts, both
languages for every query, and helpful errors."""

from __future__ import annotations

import re

import pytest

from chainkg.errors import QueryError
from chainkg.graph.store import Rows
from chainkg.queries.registry import LANGUAGES, all_queries, get, parse_header

QUERIES = all_queries()
NAMES = [q.name for q in QUERIES]
# Every parameter name any query declares: a SPARQL text using one of these as a variable
# without declaring it would run with the variable silently unbound.
ALL_PARAMS = {p.name for q in QUERIES for p in q.params}


def _body(text: str, marker: str) -> str:
    """The query text without comment lines and string literals."""
    lines = [ln for ln in text.splitlines() if not ln.strip().startswith(marker)]
    body = "\n".join(lines)
    return re.sub(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"", "''", body)


def cypher_params(text: str) -> set[str]:
    return set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", _body(text, "//")))


def sparql_vars(text: str) -> set[str]:
    return set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", _body(text, "#")))


def test_there_are_enough_queries() -> None:
    assert len(QUERIES) >= 12, NAMES


@pytest.mark.parametrize("name", NAMES)
def test_every_query_exists_in_both_languages(name: str) -> None:
    assert set(get(name).texts) == set(LANGUAGES)


@pytest.mark.parametrize("name", NAMES)
def test_headers_are_complete_and_agree(name: str) -> None:
    q = get(name)
    headers = {lang: parse_header(q.texts[lang], LANGUAGES[lang][1], f"{name}.{lang}")
               for lang in LANGUAGES}
    for lang, h in headers.items():
        for key in ("name", "title_zh", "title_en", "description"):
            assert h[key].strip(), f"{name} ({lang}): empty {key}"
        assert re.search(r"[\u4e00-\u9fff]", h["title_zh"]), f"{name}: title_zh is not Chinese"
        assert h["name"] == name
        for p in h["param"]:
            assert p.description.strip(), f"{name} ({lang}): parameter {p.name} undescribed"
    cy, sp = headers["cypher"], headers["sparql"]
    for key in ("title_zh", "title_en", "description"):
        assert cy[key] == sp[key], f"{name}: {key} differs between Cypher and SPARQL"
    assert cy["param"] == sp["param"], f"{name}: parameters differ between the languages"


@pytest.mark.parametrize("name", NAMES)
def test_declared_params_are_the_ones_the_texts_use(name: str) -> None:
    q = get(name)
    declared = {p.name for p in q.params}
    texts = [q.texts["cypher"], *q.overrides.values()]
    for text in texts:
        assert cypher_params(text) == declared, f"{name}: Cypher $params vs header"
    used = sparql_vars(q.texts["sparql"])
    # SPARQL cannot bind LIMIT: the registry cuts the ordered rows instead (registry.py)
    limits = {p.name for p in q.params if p.type == "limit"}
    assert not limits & used, f"{name}: a limit parameter cannot be a SPARQL variable"
    declared -= limits
    assert declared <= used, f"{name}: SPARQL never uses {sorted(declared - used)}"
    undeclared = (used & ALL_PARAMS) - declared
    assert not undeclared, f"{name}: SPARQL uses undeclared parameters {sorted(undeclared)}"


@pytest.mark.parametrize("name", NAMES)
def test_defaults_bind(name: str) -> None:
    q = get(name)
    values = q.bind({})
    assert set(values) == {p.name for p in q.params}
    for p in q.params:
        expected = {"string": str, "int": int, "limit": int, "float": float,
                    "park": str, "chain": str, "enterprise": str, "year": str,
                    "strategy": str}[p.type]
        assert isinstance(values[p.name], expected)


def test_unknown_query_names_close_matches() -> None:
    with pytest.raises(QueryError, match=r"no canned query 'park_overveiw'.*park_overview"):
        get("park_overveiw")


def test_unknown_parameter_lists_the_known_ones() -> None:
    with pytest.raises(QueryError, match=r"query 'park_overview' has no parameter 'prak'; "
                                         r"it takes park"):
        get("park_overview").bind({"prak": "x"})


def test_bad_int_parameter_is_named() -> None:
    q = next(q for q in QUERIES if any(p.type in ("int", "limit") for p in q.params))
    p = next(p for p in q.params if p.type in ("int", "limit"))
    with pytest.raises(QueryError, match=rf"parameter '{p.name}' expects a whole number, "
                                         r"got 'many'"):
        q.bind({p.name: "many"})


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_required_entity_is_refused(value: str) -> None:
    """Empty means "no filter" only for parameters whose default is empty; for the others
    Cypher would match nothing and SPARQL (UNDEF) everything."""
    required = [(q, p) for q in QUERIES for p in q.params
                if p.type in ("park", "chain", "enterprise") and p.default]
    optional = [(q, p) for q in QUERIES for p in q.params
                if p.type in ("park", "chain", "enterprise") and not p.default]
    assert required and optional
    for q, p in required:
        with pytest.raises(QueryError, match=rf"needs a {p.type} for '{p.name}'"):
            q.bind({p.name: value})
        assert q.bind({})[p.name] == p.default
    for q, p in optional:
        assert q.bind({p.name: value})[p.name] == value


def test_negative_limit_is_refused() -> None:
    q = next((q for q in QUERIES if any(p.type == "limit" for p in q.params)), None)
    if q is None:
        pytest.skip("no query takes a limit")
    p = next(p for p in q.params if p.type == "limit")
    with pytest.raises(QueryError, match="must not be negative"):
        q.bind({p.name: -1})


def test_cypher_param_extraction_ignores_comments_and_strings() -> None:
    text = "// $nope in a comment\nMATCH (n) WHERE n.x = '$not' AND n.y = $yes RETURN n"
    assert cypher_params(text) == {"yes"}


class _Recorder:
    """A SPARQL 'store' that records what it is sent."""

    language = "sparql"

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, object]]] = []

    def query(self, text: str, params: dict[str, object] | None = None) -> Rows:
        self.sent.append((text, dict(params or {})))
        return Rows(["key"], [])


def test_limit_goes_on_the_marked_line_and_at_the_end() -> None:
    q = get("largest_projects")
    assert "# @LIMIT" in q.text("sparql")
    store = _Recorder()
    q.run(store, {"park": "", "limit": 7})  # type: ignore[arg-type]
    text, params = store.sent[-1]
    assert not re.search(r"^\s*# @LIMIT\s*$", text, re.M)
    assert text.count("LIMIT 7") == 2 and text.rstrip().endswith("LIMIT 7")
    assert params == {"park": None}  # the empty park filter is unbound, the limit is text
    store.sent.clear()
    q.run(store, {"park": "", "limit": 0})  # type: ignore[arg-type]
    assert not re.search(r"^\s*LIMIT", store.sent[-1][0], re.M)


def test_year_parameter_takes_written_forms_and_refuses_words() -> None:
    q = get("projects")
    for written in ("2024", "２０２４", "2024年", " 2024 "):
        assert q.bind({"year": written})["year"] == "2024"
    assert q.bind({"year": ""})["year"] == ""
    for bad in ("24", "今年", "2024-05", "abcd"):
        with pytest.raises(QueryError, match=r"parameter 'year' expects a year such as 2024"):
            q.bind({"year": bad})


def test_strategy_parameter_takes_labels_and_ids_and_lists_them() -> None:
    q = get("chains_by_strategy")
    assert q.bind({"strategy": "补链"})["strategy"] == "补链"
    assert q.bind({"strategy": "Strengthen"})["strategy"] == "有链强链"
    assert q.bind({"strategy": ""})["strategy"] == ""
    with pytest.raises(QueryError, match=r"one of 有链强链 \(strengthen\), 无链建链 \(build\)"):
        q.bind({"strategy": "强链"})
