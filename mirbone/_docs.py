"""Parameter descriptions shared by many functions, written once.

A docstring names a shared description with ``{name}``; :func:`shared_docs` fills it in, so
that the same parameter is described the same way everywhere (as decoupler's ``_docs.py``
and scanpy's ``preprocessing/_docs.py`` do).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])

PARAMETERS = {
    "padj_log2fc": """\
padj, log2fc
    Significance thresholds of :func:`mirbone.differential.call_significance`, the one rule
    of mirbone: a miRNA is ``up`` or ``down`` when its adjusted p-value is strictly below
    ``padj`` and its absolute log2 fold change strictly above ``log2fc``.""",
    "seed": """\
seed
    Seed of the random draws; the same seed gives the same result.""",
    "species": """\
species
    miRBase species code (``hsa``, ``mmu``, ``rno``); names such as ``human`` or
    ``Mus musculus`` are read as their code.""",
    "size_window": """\
min_size, max_size
    Keep the sets whose size, counted after intersecting with the universe, lies in this
    window (inclusive).""",
}


def shared_docs(function: F) -> F:
    """Fill in the ``{name}`` lines of ``function``'s docstring from :data:`PARAMETERS`."""
    doc = function.__doc__ or ""
    for name, text in PARAMETERS.items():
        marker = "{" + name + "}"
        for line in doc.splitlines():
            if line.strip() == marker:
                indent = line[: len(line) - len(line.lstrip())]
                doc = doc.replace(line, textwrap.indent(text, indent))
    function.__doc__ = doc
    return function
