"""policy-kg: Chinese government-policy news into a knowledge graph.

Importing the package is cheap: nothing is loaded (no jieba dictionary, no lexicon)
until a stage first needs it.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "build"]


def build(inputs, out="output", formats=None, **options):
    """Build the graph of the articles in ``inputs`` into the folder ``out``; return a ``BuildReport``.

    See :func:`kg.building.build` for every option (``workers``, ``scheduler``, ``store``,
    ``base_iri``, ``cache``, ``bounds``, progress callbacks). Imported on first call.
    """
    from kg.building import build as run

    return run(inputs, out, formats, **options)
