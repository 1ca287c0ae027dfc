"""chainkg: industry-chain knowledge graphs from Chinese park investment promotion.

Importing the package is cheap: heavy dependencies (the neo4j driver, Oxigraph, pyvis, the
NLP model) are imported by the modules that need them, when they are used.
"""

__version__ = "0.1.0"
