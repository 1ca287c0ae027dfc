r"""Cypher text shared by the property-graph writers, generated from the ontology mapping.

Every statement takes its values as ``$parameters``; labels, relationship types and
property names come only from :mod:`chainkg.ontology.mapping`, never from data.

Examples
--------
>>> print(merge_nodes("Park").replace(", n.", ",\n  n."))
UNWIND $rows AS row MERGE (n:Park {key: row.key}) SET n.name = row.name,
  n.name_en = row.name_en,
  n.aliases = row.aliases,
  n.sources = row.sources,
  n.ev_doc = row.ev_doc,
  n.ev_start = row.ev_start,
  n.ev_end = row.ev_end,
  n.ev_rule = row.ev_rule,
  n.ev_conf = row.ev_conf,
  n.park_type = row.park_type
>>> text = merge_rels("HAS_CHAIN", "Park", "IndustryChain")
>>> print(text.replace(" M", "\nM"))  # doctest: +ELLIPSIS
UNWIND $rows AS row
MATCH (a:Park {key: row.src})
MATCH (b:IndustryChain {key: row.dst})
MERGE (a)-[r:HAS_CHAIN {rid: row.rid}]->(b) SET r.strategy = row.strategy, ...
"""

from __future__ import annotations

from chainkg.ontology.mapping import node, rel


def _sets(var: str, names: list[str]) -> str:
    return ", ".join(f"{var}.{p} = row.{p}" for p in names)


def create_nodes(label: str) -> str:
    """Bulk insert into an empty store (a fresh build)."""
    spec = node(label)
    props = ", ".join(f"{p.name}: row.{p.name}" for p in spec.props)
    return f"UNWIND $rows AS row CREATE (n:{spec.label} {{{props}}})"


def merge_nodes(label: str) -> str:
    """Idempotent upsert on the key (Neo4j pushes, small increments)."""
    spec = node(label)
    rest = [p.name for p in spec.props if p.name != "key"]
    return f"UNWIND $rows AS row MERGE (n:{spec.label} {{key: row.key}}) SET {_sets('n', rest)}"


def _rel_props(rel_type: str) -> list[str]:
    return [p.name for p in rel(rel_type).props]


def create_rels(rel_type: str, src_label: str, dst_label: str) -> str:
    spec = rel(rel_type)
    node(src_label), node(dst_label)  # raise on an unmapped label
    props = ", ".join(f"{p}: row.{p}" for p in _rel_props(rel_type))
    return (f"UNWIND $rows AS row MATCH (a:{src_label} {{key: row.src}}) "
            f"MATCH (b:{dst_label} {{key: row.dst}}) CREATE (a)-[r:{spec.type} {{{props}}}]->(b)")


def merge_rels(rel_type: str, src_label: str, dst_label: str) -> str:
    spec = rel(rel_type)
    node(src_label), node(dst_label)
    # Qualified relationships (a park may both strengthen and extend one chain; a leader
    # leads a chain once per park) are matched on their identifier, the rest on endpoints.
    ident = ("rid",) if any(p.name == "rid" for p in spec.props) else ()
    key = " {" + ", ".join(f"{p}: row.{p}" for p in ident) + "}" if ident else ""
    rest = [p for p in _rel_props(rel_type) if p not in ident]
    sets = f" SET {_sets('r', rest)}" if rest else ""
    return (f"UNWIND $rows AS row MATCH (a:{src_label} {{key: row.src}}) "
            f"MATCH (b:{dst_label} {{key: row.dst}}) MERGE (a)-[r:{spec.type}{key}]->(b){sets}")
