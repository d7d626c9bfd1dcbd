"""mirbone: miRNA target analysis of extracellular-vesicle sequencing in bone biology.

The data flow is ``io.read -> names.normalize -> kb / targets -> annotate -> enrich ->
analysis (report) / plot``; every step is a plain function on pandas objects, reached as
``mirbone.<subpackage>.<function>`` (``mirbone.io.read``, ``mirbone.enrich.ora``,
``mirbone.plot.volcano``). Subpackages load on first use, so ``import mirbone`` stays fast.
"""

from __future__ import annotations

import importlib
import warnings
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType

try:
    __version__ = version("mirbone")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

#: The public subpackages and modules, in the order data flows through them.
SUBPACKAGES = (
    "io",
    "names",
    "kb",
    "targets",
    "annotate",
    "genesets",
    "expression",
    "differential",
    "enrich",
    "analysis",
    "plot",
    "errors",
)

__all__ = ["SUBPACKAGES", "__version__", *SUBPACKAGES]


#: Modules renamed in this release: the old name works for one release, with a warning.
_MOVED = {"report": "analysis"}


def __getattr__(name: str) -> ModuleType:
    if name in SUBPACKAGES:
        return importlib.import_module(f"mirbone.{name}")
    if name in _MOVED:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # said here, at the caller
            module = importlib.import_module(f"mirbone.{name}")
        from mirbone.errors import user_stacklevel

        warnings.warn(module.MOVED, DeprecationWarning, stacklevel=user_stacklevel())
        return module
    msg = f"module 'mirbone' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted(__all__)
