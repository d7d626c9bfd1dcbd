"""The API reference builds from the docstrings without a warning (``make docs``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_api_reference_builds_without_warnings(tmp_path):
    pytest.importorskip("sphinx", reason="the docs extra is not installed")
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         str(ROOT / "docs"), str(tmp_path / "html")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    page = (tmp_path / "html" / "api.html").read_text()
    for name in (
        "mirbone.io.read",
        "mirbone.enrich.ora",
        "mirbone.plot.volcano",
        "mirbone.differential.call_significance",
        "mirbone.analysis.analyze",
    ):
        assert f'id="{name}"' in page, name


def test_shared_parameter_text_is_filled_in():
    from mirbone import analysis, differential, enrich

    for function in (enrich.ora, enrich.directional_ora, analysis.analyze):
        assert "{" + "padj_log2fc}" not in function.__doc__
        assert "{" + "size_window}" not in function.__doc__
    assert "strictly below" in differential.call_significance.__doc__
    assert "strictly below" in enrich.directional_ora.__doc__
