"""policy-kg: Chinese government-policy news into a knowledge graph.

Importing the package is cheap: nothing is loaded (no jieba dictionary, no lexicon)
until a stage first needs it.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
