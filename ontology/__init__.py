"""The chainkg ontology: OWL classes and properties, the strategy scheme, SHACL shapes,
and the mapping onto property-graph names (:mod:`chainkg.ontology.mapping`)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

FILES = ("chainkg.ttl", "strategies.ttl")
SHAPES = "shapes.ttl"


def path(name: str) -> Path:
    """Filesystem path of a bundled ontology file, e.g. ``path("chainkg.ttl")``."""
    return Path(str(resources.files(__package__).joinpath(name)))
