"""Vendor the JavaScript library the report inlines (resources/vendor/).

Usage::

    python resources/build/build_vendor.py [--tarball PATH]

Runs ``npm pack cytoscape@VERSION`` in a temporary folder (or reads the tarball given with
``--tarball``), checks the SHA-256 of ``package/dist/cytoscape.min.js`` against the pinned
value and copies it and ``package/LICENSE`` to ``resources/vendor/cytoscape.min.js`` and
``resources/vendor/cytoscape.LICENSE``. A new version needs a new pin here and in
``resources/PROVENANCE.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "resources" / "vendor"
PACKAGE = "cytoscape"
VERSION = "3.35.0"
SHA256 = {
    "package/dist/cytoscape.min.js": (
        "71fa9ebec21a7ca2c40cff6aacc30d1f6464e363662ad4b2c197e1adc770cd94"
    ),
    "package/LICENSE": "eb319c6e6f233607f71e8e2f450391751883cfc0eeb3ca7ef574c13d1d9c2203",
}
TARGETS = {
    "package/dist/cytoscape.min.js": "cytoscape.min.js",
    "package/LICENSE": "cytoscape.LICENSE",
}


def fetch(work: Path) -> Path:
    """Download the package tarball with ``npm pack`` and return its path."""
    subprocess.run(["npm", "pack", "--silent", f"{PACKAGE}@{VERSION}"], cwd=work, check=True)
    return work / f"{PACKAGE}-{VERSION}.tgz"


def main(argv: list[str] | None = None) -> None:
    """Extract, check and copy the vendored files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help=f"{PACKAGE}-{VERSION}.tgz already packed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch(Path(tmp))
        OUT.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tarball) as archive:
            for member, target in TARGETS.items():
                extracted = archive.extractfile(member)
                if extracted is None:
                    msg = f"{tarball}: {member} is missing"
                    raise SystemExit(msg)
                data = extracted.read()
                digest = hashlib.sha256(data).hexdigest()
                if digest != SHA256[member]:
                    msg = f"{tarball}: {member} has SHA-256 {digest}, expected {SHA256[member]}"
                    raise SystemExit(msg)
                (OUT / target).write_bytes(data)
                print(f"{target}: {len(data)} bytes, sha256 {digest}")


if __name__ == "__main__":
    main()
