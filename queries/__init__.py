"""Canned queries in Cypher and SPARQL, and their registry."""
