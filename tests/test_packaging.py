"""The wheel carries every bundled resource, and an installed copy loads them all."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

from mirbone._resources import list_resources

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(out), str(ROOT)],
        check=True,
    )  # fmt: skip
    (built,) = out.glob("mirbone-*.whl")
    return built


def test_wheel_contains_every_resource(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    expected = {f"mirbone/resources/{name}" for name in list_resources()}
    assert expected, "no resources found in the source tree"
    assert expected <= names, sorted(expected - names)[:10]
    assert "mirbone/cli/__init__.py" in names


def test_installed_wheel_loads_every_resource(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    )  # fmt: skip
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    # The dependencies (pandas, ...) come from the test environment, mirbone from the wheel.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    script = textwrap.dedent(
        """
        import mirbone, mirbone._resources as r
        from pathlib import Path
        assert "site-packages" in mirbone.__file__, mirbone.__file__
        names = r.list_resources()
        for name in names:
            if ".tsv" in name:
                data = r.read_table(name)
            elif name.endswith((".md", ".txt", ".json", ".gmt", ".csv")):
                data = r.read_text(name)
            else:
                data = r.resource(name).read_bytes()
            assert len(data) > 0, name
        from mirbone.names import normalize
        assert normalize(["hsa-miR-21"]).loc[0, "mirna"] == "hsa-miR-21-5p"
        print(len(names))
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [python, "-I", "-c", script], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) == len(list_resources())
