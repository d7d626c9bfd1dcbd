"""Deprecated: ``mirbone.report`` is now :mod:`mirbone.analysis` (removed in mirbone 0.3).

Importing it warns once with a :class:`DeprecationWarning`; its names are those of
:mod:`mirbone.analysis`.
"""

from __future__ import annotations

import warnings

from mirbone._deprecated import REMOVED_IN
from mirbone.analysis import (
    check_outdir,
    markdown_escape,
    safe_filename,
    sheet_name,
    write_report,
)
from mirbone.errors import user_stacklevel

__all__ = ["check_outdir", "markdown_escape", "safe_filename", "sheet_name", "write_report"]

#: What the warning says (also raised by ``mirbone.report`` as an attribute).
MOVED = f"mirbone.report is now mirbone.analysis; the old name goes in mirbone {REMOVED_IN}"

warnings.warn(MOVED, DeprecationWarning, stacklevel=user_stacklevel())
