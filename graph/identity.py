"""Identity: stable keys, IRIs, name normalisation and alias resolution.

Examples
--------
>>> entity_iri("Park", "株洲高新区")
'https://w3id.org/chainkg/id/park/株洲高新区'
>>> entity_iri("Enterprise", "a b/c")
'https://w3id.org/chainkg/id/enterprise/a%20b%2Fc'
>>> normalize_name(" 株洲高新区（天元区） ")
'株洲高新区(天元区)'
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from chainkg.ontology.mapping import BASE

# ASCII characters that may stand unescaped in an IRI path segment; every other ASCII
# character is percent-encoded, non-ASCII letters are kept (IRIs allow them, RFC 3987), so
# IRIs of Chinese names stay readable.
_SAFE = "-._~"


def iri_segment(key: str) -> str:
    return "".join(ch if ord(ch) > 127 else quote(ch, safe=_SAFE) for ch in key)


def entity_iri(label: str, key: str) -> str:
    """The IRI of the entity with PG ``label`` and ``key``."""
    return f"{BASE}id/{label.lower()}/{iri_segment(key)}"


def graph_iri(source_key: str) -> str:
    """The named graph holding what source document ``source_key`` states."""
    return f"{BASE}graph/{iri_segment(source_key)}"


def statement_iri(rel_type: str, rid: str) -> str:
    """The IRI of a qualified relationship with identifier ``rid`` (see graph.rows.rid)."""
    return f"{BASE}id/{rel_type.lower().replace('_', '-')}/{rid}"


def normalize_name(name: str) -> str:
    """NFKC (full-width -> half-width punctuation), trimmed, inner spaces removed between
    CJK characters."""
    text = unicodedata.normalize("NFKC", name).strip()
    out = []
    for i, ch in enumerate(text):
        if ch.isspace():
            prev = text[i - 1] if i else ""
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if _is_cjk(prev) or _is_cjk(nxt):
                continue
        out.append(ch)
    return "".join(out)


def _is_cjk(ch: str) -> bool:
    return bool(ch) and "\u3400" <= ch <= "\u9fff"


# Equivalent park-type suffixes: the long form -> the short form used as canonical.
PARK_SUFFIXES = {
    "经济技术开发区": "经开区",
    "经济开发区": "经开区",
    "高新技术产业开发区": "高新区",
    "高新技术开发区": "高新区",
}


def canonical_park_name(name: str) -> str:
    """Fold a park's long form onto its short form and drop a trailing (district).

    >>> canonical_park_name("郴州经济开发区")
    '郴州经开区'
    >>> canonical_park_name("株洲高新区(天元区)")
    '株洲高新区'
    """
    text = normalize_name(name)
    if text.endswith(")") and "(" in text:
        text = text[: text.rindex("(")]
    for long, short in PARK_SUFFIXES.items():
        if text.endswith(long):
            return text[: -len(long)] + short
    return text
