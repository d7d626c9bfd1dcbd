"""miRNA sets to test: the bone signatures, miRBase families and the user's GMT categories."""

from __future__ import annotations

import os
from pathlib import Path

from mirbone.errors import InputError

__all__ = ["MIRNA_SET_LIBRARIES", "mirna_sets"]

#: Names :func:`mirna_sets` understands besides GMT paths.
MIRNA_SET_LIBRARIES = ("bone", "families")


def mirna_sets(
    spec: str | os.PathLike[str], *, species: str = "hsa", evidence: str | None = None
) -> dict[str, list[str]]:
    """Load the miRNA sets a user names (``signatures`` of enrich, ``mirna_sets`` of analyze).

    Parameters
    ----------
    spec
        A comma list of ``bone`` (the knowledge base's bone signatures), ``families``
        (miRBase families, :func:`mirbone.genesets.mirna_families`) and paths of GMT files
        of the user's own categories (disease, tissue, ...). GMT members are normalised to
        miRBase v22 names of ``species`` (``miR-21`` -> ``hsa-miR-21-5p``); members that do
        not resolve are kept as written.
    species
        Species of the sets and of GMT names without a prefix.
    evidence
        ``any`` or ``strong``: the evidence level of the knowledge-base rows the ``bone``
        signatures are built from (:func:`mirbone.kb.signatures`); it applies to ``bone``
        only, and naming it without ``bone`` is an error. Default ``any``.

    Returns
    -------
    dict
        Set name to members (in the library's order, duplicates dropped); a name used by
        two libraries is an error.
    """
    from mirbone import kb
    from mirbone.genesets import mirna_families, read_gmt
    from mirbone.names import normalize

    parts = [part.strip() for part in os.fspath(spec).split(",") if part.strip()]
    if not parts:
        msg = "no miRNA sets named: give bone, families or a GMT file"
        raise InputError(msg, value=os.fspath(spec), keyword="signatures")
    if evidence is not None and "bone" not in parts:
        msg = (
            f"an evidence level applies to the bone signatures only, not to "
            f"{', '.join(parts)}: leave it out or add bone to the sets"
        )
        raise InputError(msg, value=evidence, keyword="evidence")
    out: dict[str, list[str]] = {}
    for part in parts:
        if part == "bone":
            found = {
                k: list(dict.fromkeys(v))
                for k, v in kb.signatures(species=species, evidence=evidence or "any").items()
            }
        elif part == "families":
            found = mirna_families(species=species)
        elif Path(part).is_file():
            found = {}
            for name, members in read_gmt(part).items():
                resolved = normalize(list(members), species=species)
                names = [
                    m if isinstance(m, str) and m else str(raw)
                    for raw, m in zip(resolved["input"], resolved["mirna"], strict=True)
                ]
                found[name] = list(dict.fromkeys(names))
        else:
            msg = "signatures must be 'families', 'bone' or an existing GMT file (comma-separated)"
            raise InputError(msg, value=part, keyword="signatures")
        clash = sorted(set(found) & set(out))
        if clash:
            msg = f"the set name {clash[0]} is used by two of the miRNA set libraries"
            raise InputError(msg, path=part if Path(part).is_file() else None, value=clash[0])
        out.update(found)
    return out
