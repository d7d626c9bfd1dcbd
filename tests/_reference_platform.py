"""Whether this machine computes PyDESeq2 bit for bit like the one that made the demo table.

``examples/data/deseq2_results.csv`` is reproduced byte for byte only with the locked
versions of the numerical packages *and* the same floating-point kernels: OpenBLAS picks a
kernel per CPU (and numpy its SIMD paths), and PyDESeq2's dispersion optimiser can stop just
short of its tolerance on one kernel and just past it on another (see the README section
"Reproducibility of the DESeq2 numbers"). The table was made on x86-64 with AVX-512
(OpenBLAS SkylakeX kernels).
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

LOCK = Path(__file__).resolve().parents[1] / "requirements" / "lock.txt"
NUMERICAL = ("pydeseq2", "numpy", "scipy", "scikit-learn", "pandas", "anndata", "formulaic")
REFERENCE_KERNELS = {"skylakex", "cooperlake", "sapphirerapids"}


def locked_versions() -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", LOCK.read_text(), flags=re.M)
    return {name.lower(): pinned for name, pinned in pins}


def why_not_reference() -> str | None:
    """Return why this machine may differ in the last digits, or None when it should not."""
    locked = locked_versions()
    for name in NUMERICAL:
        if version(name) != locked.get(name):
            return f"{name} {version(name)} is not the locked {locked.get(name)}"
    from threadpoolctl import threadpool_info

    kernels = {
        str(info.get("architecture", "")).lower()
        for info in threadpool_info()
        if info.get("internal_api") == "openblas"
    }
    if not kernels or not kernels <= REFERENCE_KERNELS:
        return f"OpenBLAS kernel {', '.join(sorted(kernels)) or 'unknown'}, not AVX-512 SkylakeX"
    from numpy._core._multiarray_umath import __cpu_features__

    if not __cpu_features__.get("AVX512F"):
        return "numpy runs without AVX-512"
    return None
