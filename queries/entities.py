"""Resolve an entity parameter (a park, chain or enterprise named by key, name, alias or
legal name) to its key before a canned query runs.

Canned queries match the entity a parameter names by its key alone
(``MATCH (p:Park {key: $park})``, ``?p dcterms:identifier ?park``): one index lookup that
every engine can start its plan from. Matching "key, name or any alias" inside the query
instead made Oxigraph scan (a UNION or FILTER EXISTS over three properties stops it from
driving the joins from the park; 3-50x slower at 100k enterprises) and made ladybug scan
every enterprise. So the registry turns the user's word into the key first, with one
small lookup per parameter: the key itself (the common case: keys are canonical names),
else the Chinese name, an alias, or for enterprises the legal name.

A word that names nothing is passed on unchanged, so the query answers with no rows, as it
would have before. A word that names two entities of the type (two parks sharing an alias)
is an error that lists their keys, rather than a silent pick.

Examples
--------
>>> KINDS["park"]
'Park'
>>> sorted(KINDS)
['chain', 'enterprise', 'park']
"""

from __future__ import annotations

from chainkg.errors import QueryError
from chainkg.graph.store import GraphStore

#: parameter type -> node label of the entity it names
KINDS = {"park": "Park", "chain": "IndustryChain", "enterprise": "Enterprise"}
_WHAT = {"Park": "park", "IndustryChain": "chain", "Enterprise": "enterprise"}

# The label comes from KINDS (our own constant), never from the caller; the value is
# always a bound parameter.
_CYPHER_KEY = "MATCH (n:{label}) WHERE n.key = $value RETURN n.key AS key"
_CYPHER_NAME = ("MATCH (n:{label}) WHERE n.name = $value OR $value IN n.aliases{legal} "
                "RETURN DISTINCT n.key AS key ORDER BY key")
_SPARQL_KEY = """PREFIX ckg: <https://w3id.org/chainkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?key WHERE {{ ?n dcterms:identifier ?value . ?n a ckg:{label} . BIND(STR(?value) AS ?key) }}
"""
_SPARQL_NAME = """PREFIX ckg: <https://w3id.org/chainkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?key WHERE {{
  {{ ?n skos:prefLabel ?value__zh }} UNION {{ ?n skos:altLabel ?value__zh }}{legal}
  ?n a ckg:{label} ; dcterms:identifier ?k .
  BIND(STR(?k) AS ?key)
}} ORDER BY ?key
"""


def lookups(label: str, language: str) -> tuple[str, str]:
    """The two lookup queries (by key, then by name/alias/legal name) for ``label``.

    >>> by_key, by_name = lookups("Enterprise", "cypher")
    >>> by_key
    'MATCH (n:Enterprise) WHERE n.key = $value RETURN n.key AS key'
    >>> "n.legal_name = $value" in by_name
    True
    """
    if label not in _WHAT:
        raise QueryError(f"cannot resolve a {label!r} parameter")
    enterprise = label == "Enterprise"
    if language == "cypher":
        legal = " OR n.legal_name = $value" if enterprise else ""
        return _CYPHER_KEY.format(label=label), _CYPHER_NAME.format(label=label, legal=legal)
    if language == "sparql":
        legal = " UNION { ?n schema:legalName ?value }" if enterprise else ""
        return _SPARQL_KEY.format(label=label), _SPARQL_NAME.format(label=label, legal=legal)
    raise QueryError(f"no entity lookup for query language {language!r}")


def find(store: GraphStore, kind: str, value: str) -> str | None:
    """The key of the ``kind`` entity (``park``, ``chain``, ``enterprise``) that ``value``
    names (its key, name, alias or legal name), or None when it names none."""
    if not value:
        return None
    label = KINDS[kind]
    by_key, by_name = lookups(label, store.language)
    if store.query(by_key, {"value": value}).rows:
        return value
    keys = [str(row[0]) for row in store.query(by_name, {"value": value}).rows]
    if len(keys) > 1:
        raise QueryError(f"{value!r} names {len(keys)} {_WHAT[label]}s ({', '.join(keys)}); "
                         "give one of these keys instead")
    return keys[0] if keys else None


def resolve(store: GraphStore, kind: str, value: str) -> str:
    """The key of the ``kind`` entity that ``value`` names (see :func:`find`); ``value``
    itself when it names none, or when it is empty (no filter)."""
    key = find(store, kind, value)
    return value if key is None else key
