"""Sphinx configuration of mirbone's API reference (``make docs``)."""

from __future__ import annotations

from importlib import metadata

project = "mirbone"
author = "mirbone developers"
release = metadata.version("mirbone")
version = release
extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.intersphinx"]
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "imported-members": True, "show-inheritance": True}
# No network at build time: intersphinx would fetch inventories, so it has none.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
nitpicky = False
html_theme = "alabaster"
exclude_patterns = ["_build"]
suppress_warnings = ["ref.python"]  # the same name re-exported by a subpackage and its module
