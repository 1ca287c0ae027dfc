"""Loaders: curated tables (YAML/CSV) and Chinese news articles -> facts."""

from importlib import resources
from pathlib import Path

#: The bundled seed dataset: the facts the five source articles state, one YAML file each.
SEED_DIR = Path(str(resources.files(__package__).joinpath("seed")))
