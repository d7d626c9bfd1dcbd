"""mirbone: miRNA target analysis of extracellular-vesicle sequencing in bone biology.

The data flow is ``io.read -> names.normalize -> kb / targets -> annotate -> enrich ->
plot / report``; every step is a plain function on pandas objects.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mirbone")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
