"""Park, chain and enterprise parameters: a key, name, alias or legal name reaches the
canned query as the entity's key, the same way on every engine."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from chainkg.errors import QueryError
from chainkg.graph.ladybug_store import LadybugStore
from chainkg.graph.model import Facts
from chainkg.graph.rdf_store import RdfStore
from chainkg.queries.entities import resolve
from chainkg.queries.registry import get

ENGINES = ("ladybug", "neo4j", "sparql")

# (kind, what the user types, the key it names) in tests/data/fixture
WORDS = [
    ("park", "fx-park-a", "fx-park-a"),          # the key
    ("park", "甲市高新区", "fx-park-a"),            # the Chinese name
    ("park", "甲市经济开发区", "fx-park-b"),         # an alias
    ("enterprise", "甲车集团", "fx-ent-car"),
    ("enterprise", "甲车", "fx-ent-car"),           # alias
    ("enterprise", "乙配件制造有限公司", "fx-ent-parts"),  # legal name
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("kind", "word", "key"), WORDS)
def test_a_word_resolves_to_its_key(engines: Any, engine: str, kind: str, word: str,
                                    key: str) -> None:
    _, stores = engines("fixture")
    assert resolve(stores[engine], kind, word) == key


@pytest.mark.parametrize("engine", ENGINES)
def test_unknown_and_empty_words_pass_through(engines: Any, engine: str) -> None:
    _, stores = engines("fixture")
    store = stores[engine]
    assert resolve(store, "park", "无此园区") == "无此园区"
    assert resolve(store, "park", "") == ""
    # a key of another type names no park
    assert resolve(store, "park", "fx-ent-car") == "fx-ent-car"


@pytest.mark.parametrize("engine", ENGINES)
def test_name_alias_and_key_give_the_same_rows(engines: Any, engine: str) -> None:
    _, stores = engines("fixture")
    q = get("park_overview")
    answers = [q.run(stores[engine], {"park": word}).rows
               for word in ("fx-park-a", "甲市高新区", "甲市高新技术产业开发区")]
    assert answers[0], "the fixture park has chains"
    assert answers[1] == answers[0] and answers[2] == answers[0]


@pytest.fixture(scope="module")
def shared_alias(fixture_facts: Facts) -> Facts:
    facts = copy.deepcopy(fixture_facts)
    facts.parks["fx-park-b"].aliases.append("甲市高新技术产业开发区")
    return facts


@pytest.mark.parametrize("backend", [LadybugStore, RdfStore])
def test_an_alias_two_parks_share_is_an_error_naming_both(shared_alias: Facts,
                                                           backend: Any) -> None:
    with backend() as store:
        store.load(shared_alias)
        with pytest.raises(QueryError, match=r"names 2 parks \(fx-park-a, fx-park-b\)"):
            get("park_overview").run(store, {"park": "甲市高新技术产业开发区"})
        # the keys themselves still work
        assert get("park_overview").run(store, {"park": "fx-park-b"}).rows
