"""The lock (requirements/lock.txt) and pyproject.toml agree.

pyproject.toml declares ranges (a library's contract); the lock pins the exact versions that
`make test`, `make demo`, `make lint` and `make bench` install. Each declared dependency must be
pinned in the lock within its declared range, and each pin the lock attributes to
pyproject.toml must still be declared there.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
PYPROJECT = ROOT / "pyproject.toml"
EXTRAS = ("test", "docs")


def declared(pyproject: dict) -> dict[str, Requirement]:
    project = pyproject["project"]
    requirements = list(project["dependencies"])
    for extra in EXTRAS:
        requirements += project["optional-dependencies"][extra]
    parsed = [Requirement(text) for text in requirements]
    return {canonicalize_name(r.name): r for r in parsed}


def parse_lock(text: str) -> tuple[dict[str, Version], set[str]]:
    """Return the pins and the names the lock says come from pyproject.toml."""
    pins: dict[str, Version] = {}
    direct: set[str] = set()
    current = None
    for line in text.splitlines():
        pin = re.match(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==([^\s;]+)", line)
        if pin:
            current = canonicalize_name(pin.group(1))
            if current in pins:
                msg = f"{current} is pinned twice in the lock"
                raise AssertionError(msg)
            pins[current] = Version(pin.group(3))
        elif line.strip() and not line.startswith(" ") and not line.startswith("#"):
            msg = f"lock line is not an exact pin: {line!r}"
            raise AssertionError(msg)
        elif current and "pyproject.toml" in line:
            direct.add(current)
    return pins, direct


def mismatches(pyproject: dict, lock_text: str) -> list[str]:
    wanted = declared(pyproject)
    pins, direct = parse_lock(lock_text)
    problems = []
    for name, requirement in sorted(wanted.items()):
        if name not in pins:
            problems.append(f"{name}: declared in pyproject.toml but not pinned in the lock")
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            problems.append(
                f"{name}: the lock pins {pins[name]}, outside the declared range "
                f"{requirement.specifier}"
            )
    for name in sorted(direct - set(wanted)):
        problems.append(f"{name}: the lock says it comes from pyproject.toml, which lacks it")
    return problems


def test_lock_and_pyproject_agree():
    pyproject = tomllib.loads(PYPROJECT.read_text())
    assert mismatches(pyproject, LOCK.read_text()) == []


def test_key_packages_are_pinned():
    pins, _ = parse_lock(LOCK.read_text())
    for name in ("pydeseq2", "pandas", "numpy", "scipy", "gseapy", "matplotlib", "seaborn"):
        assert name in pins, name
    for name in ("ruff", "pytest", "scikit-learn", "anndata"):
        assert name in pins, name


LOCK_SNIPPET = """\
pandas==2.3.3
    # via
    #   mirbone (pyproject.toml)
    #   pydeseq2
numpy==2.4.6
    # via pandas
"""


@pytest.mark.parametrize(
    ("dependencies", "lock", "expected"),
    [
        (["pandas>=2.2", "numpy>=1.26"], LOCK_SNIPPET + "numpy==9\n", "pinned twice"),
        (["pandas>=2.2", "numpy>=1.26", "scipy>=1.11"], LOCK_SNIPPET, "scipy: declared"),
        (["pandas>=2.4", "numpy>=1.26"], LOCK_SNIPPET, "outside the declared range"),
        (["numpy>=1.26"], LOCK_SNIPPET, "pandas: the lock says it comes from pyproject"),
    ],
)
def test_disagreements_are_caught(dependencies, lock, expected):
    pyproject = {
        "project": {
            "dependencies": dependencies,
            "optional-dependencies": {extra: [] for extra in EXTRAS},
        }
    }
    try:
        problems = mismatches(pyproject, lock)
    except AssertionError as error:
        problems = [str(error)]
    assert any(expected in p for p in problems), problems


def test_every_install_in_the_makefile_uses_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    installs = [line for line in makefile.splitlines() if "pip install" in line]
    project_installs = [line for line in installs if "-e " in line]
    assert project_installs, "the Makefile installs the project somewhere"
    for line in project_installs:
        assert "--constraint requirements/lock.txt" in line, line
    assert "LOCK := requirements/lock.txt" in makefile
    for target in ("demo:", "test:", "lint:", "bench:"):
        assert re.search(rf"^{target} \$\(STAMP\)", makefile, re.M), target
