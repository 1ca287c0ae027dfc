"""Bind SPARQL parameters as a ``VALUES`` block, the same way on every SPARQL engine.

SPARQL 1.1 has no parameter markers. The protocol-level way to bind variables (what
rdflib's SPARQLStore does with ``initBindings``) is a ``VALUES`` clause; we put it at the
start of the query's outermost group, where FILTERs and FILTER EXISTS see it. Values are
serialised as RDF terms by rdflib (``Literal.n3()`` escapes quotes, backslashes and line
breaks), so a value can never become query syntax: ``x" } ; DROP ALL #`` stays one string.

The same block also opens the WHERE group of every sub-SELECT, whose variables are
otherwise private to it: a subquery can then resolve a name parameter to its entity first
(``{ SELECT DISTINCT ?p WHERE { ?p dcterms:identifier ?park } … }``), which an engine answers
from its indexes. A sub-SELECT that does not use a parameter is unchanged by it (a one-row
join on variables it does not mention, and it projects only what it names).

A parameter whose value is ``None`` is bound as ``UNDEF``: the variable stays free, so
``?p dcterms:identifier ?park`` then matches every park. The canned-query registry passes an
empty park/chain/enterprise filter this way ("no filter" without a ``FILTER(?park = "")``
that would stop the engine from starting at the park). A query that must tell the two
cases apart mentions ``?park__given``, bound to ``true`` or ``false``.

A string parameter ``name`` also binds ``?name__zh`` (the value tagged ``@zh``) when the
query mentions that variable, so ``{ ?p skos:prefLabel ?park__zh }`` is an index lookup.

Why not Oxigraph's own ``substitutions``: it only binds variables that the SELECT clause
projects, so a filter parameter such as ``?park`` would have to appear as a result column.

Examples
--------
>>> print(bind_values('SELECT ?n WHERE { ?p ex:name ?n FILTER(STR(?n) = ?park) }',
...                   {"park": 'a"b'}))
SELECT ?n WHERE { VALUES (?park) { ("a\\"b") } ?p ex:name ?n FILTER(STR(?n) = ?park) }
>>> print(bind_values('SELECT ?p WHERE { ?p ex:id ?park }', {"park": None}))
SELECT ?p WHERE { VALUES (?park) { (UNDEF) } ?p ex:id ?park }
>>> print(bind_values('SELECT ?p WHERE { ?p skos:prefLabel ?park__zh }', {"park": "株洲"}))
SELECT ?p WHERE { VALUES (?park ?park__zh) { ("株洲" "株洲"@zh) } ?p skos:prefLabel ?park__zh }
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from chainkg.errors import QueryError

_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _outer_group(query: str) -> int:
    """Index of the ``{`` opening the WHERE group of a SELECT/ASK query."""
    groups = _where_groups(query)
    if not groups:
        raise QueryError("the SPARQL query has no WHERE { … } group to bind parameters in")
    return groups[0]


_SELECT = re.compile(r"SELECT\b", re.IGNORECASE)


def _where_groups(query: str) -> list[int]:
    """Indexes of the ``{`` opening the outer WHERE group and each sub-SELECT's group.

    Skips comments, IRIs and string literals, which may hold braces or the word SELECT.

    >>> q = 'SELECT ?a WHERE { ?a ?b "{" { SELECT ?a WHERE { ?a ?c ?d } } }'
    >>> [q[i:i + 4] for i in _where_groups(q)]
    ['{ ?a', '{ ?a']
    """
    found: list[int] = []
    after_select = False
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if ch == "<":
            # an IRI (no spaces inside) or a comparison operator
            m = re.match(r"<[^<>\"{}|^`\\\s]*>", query[i:])
            i += m.end() if m else 1
            continue
        if ch in "\"'":
            triple = query[i:i + 3] == ch * 3
            quote = ch * 3 if triple else ch
            j = i + len(quote)
            while j < n:
                if query[j] == "\\":
                    j += 2
                    continue
                if query.startswith(quote, j):
                    break
                j += 1
            i = j + len(quote)
            continue
        if ch == "{":
            if not found or after_select:
                found.append(i)
            after_select = False
            i += 1
            continue
        if ch in "?$:_" or ch.isalnum():
            # a whole token: a variable, prefixed name or keyword
            m = re.match(r"[?$]?[\w:.-]*", query[i:])
            token = m.group(0) if m and m.group(0) else ch
            if _SELECT.fullmatch(token):
                after_select = True
            i += len(token)
            continue
        i += 1
    return found


def bind_values(query: str, params: Mapping[str, Any]) -> str:
    """``query`` with ``params`` bound by a VALUES block (unchanged when there are none)."""
    if not params:
        return query
    from chainkg.graph.rdf_store import to_term

    names = list(params)
    for name in names:
        if not _VAR.match(name):
            raise QueryError(f"bad parameter name {name!r}")
    values = {k: None if params[k] is None else to_term(params[k]) for k in names}
    for name in list(names):
        # a ``?<name>__zh`` the query mentions gets the string value tagged @zh, so a name
        # parameter can meet ``skos:prefLabel`` in an index lookup (a BIND(STRLANG(…)) would
        # be evaluated after the pattern, which then scans every label)
        companion = f"{name}__zh"
        if (isinstance(params[name], str) and companion not in values
                and re.search(rf"[?$]{companion}\b", query)):
            from rdflib import Literal

            values[companion] = Literal(params[name], lang="zh")
        given = f"{name}__given"
        if given not in values and re.search(rf"[?$]{given}\b", query):
            values[given] = to_term(params[name] is not None)
    terms = " ".join("UNDEF" if term is None else term.n3() for term in values.values())
    block = f"VALUES ({' '.join('?' + k for k in values)}) {{ ({terms}) }}"
    groups = _where_groups(query)
    if not groups:
        raise QueryError("the SPARQL query has no WHERE { … } group to bind parameters in")
    for at in reversed(groups):  # from the end, so earlier indexes stay valid
        query = query[:at + 1] + " " + block + query[at + 1:]
    return query
