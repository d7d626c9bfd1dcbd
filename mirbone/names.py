"""Normalise miRNA names and accessions to miRBase v22, and map miRNAs between species.

Real tables name miRNAs in many ways: old releases (``hsa-miR-21``, ``hsa-miR-214*``,
``hsa-miR-122a``), other case (``HSA-MIR-21-5P``), no species prefix (``miR-206``),
accessions (``MIMAT0000076``, ``MI0000077``), hairpin names (``hsa-mir-21``) and pipeline
suffixes (``hsa-mir-30d_mature``). :func:`normalize` resolves each through the bundled
miRBase tables (releases 6-22 for hsa, mmu and rno) and says what it did in ``status``:

==============  =====================================================================
status          meaning
==============  =====================================================================
``exact``       the input is a miRBase v22 mature name as written
``corrected``   the same v22 name after fixing case, spaces, dashes or the species prefix
``renamed``     an older miRBase name (or a star name) of one accession, now renamed
``accession``   a mature accession (MIMAT...) of a v22 miRNA
``precursor``   a hairpin name or accession, or a hairpin's mature reads
                (``hsa-mir-21_mature``): ``mirna`` is the hairpin, ``candidates`` its
                mature miRNAs; no mature is chosen for you
``non_mature``  reads of a hairpin outside its matures, as some EV pipelines write them
                (``hsa-mir-21_precursor``, ``_stemloop``, ``_unannotated``): ``mirna`` is
                the hairpin; never a miRNA identity
``ambiguous``   several v22 miRNAs fit (no arm given, or a merged name such as miRge3's
                ``hsa-miR-27a-3p/27b-3p``); ``candidates`` lists them
``retired``     a name or accession that miRBase removed (``candidates`` says when)
``unknown``     not a miRBase name of a supported species
``empty``       a blank or missing input
==============  =====================================================================

Only the first four resolve to one v22 mature miRNA (:data:`RESOLVED_STATUSES`).
:func:`mature_identities` is the one rule by which every command turns a row into the
mature miRNAs it measures (itself, a hairpin's matures, a merged name's members).

Other name forms read: Ion Torrent's ``<hairpin>_<mature>`` (``hsa-mir-200b_hsa-miR-200b-5p``
is ``hsa-miR-200b-5p``), nf-core's ``<mature>_<MIMAT>_<species>_<name>``, and an arm added to
a miRNA that has a single, arm-less mature in v22 (``hsa-miR-1179-3p`` is ``hsa-miR-1179``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from mirbone._resources import read_table
from mirbone.errors import InputError

__all__ = [
    "COLUMNS",
    "RESOLVED_STATUSES",
    "SPECIES",
    "mature_identities",
    "mature_table",
    "normalize",
    "normalize_species",
    "resolved_key",
    "to_species",
]

#: Output columns of :func:`normalize`.
COLUMNS = ("input", "mirna", "accession", "species", "status", "candidates")
#: Statuses that resolve to exactly one miRBase v22 mature miRNA.
RESOLVED_STATUSES = frozenset({"exact", "corrected", "renamed", "accession"})
#: Species codes with bundled miRBase tables, and the names users may give for them.
SPECIES = {"hsa": "Homo sapiens", "mmu": "Mus musculus", "rno": "Rattus norvegicus"}
_SPECIES_ALIASES = {
    "hsa": "hsa", "human": "hsa", "homo sapiens": "hsa", "9606": "hsa",
    "mmu": "mmu", "mouse": "mmu", "mus musculus": "mmu", "10090": "mmu",
    "rno": "rno", "rat": "rno", "rattus norvegicus": "rno", "10116": "rno",
}  # fmt: skip

_MATURE_ACC = re.compile(r"MIMAT\d{7}", re.IGNORECASE)
_HAIRPIN_ACC = re.compile(r"(?<![A-Z])MI\d{7}(?!\d)", re.IGNORECASE)
_SUFFIX = re.compile(r"[_.](mature|star|hairpin|pre|primary)$", re.IGNORECASE)
# Read classes of one hairpin written by EV small-RNA pipelines: the mature reads, and the
# reads elsewhere in the hairpin (never summed together, never a miRNA identity).
_READ_CLASS = re.compile(r"_(mature|precursor|stemloop|unannotated)$", re.IGNORECASE)
_NON_MATURE_CLASSES = frozenset({"precursor", "stemloop", "unannotated"})
# Ion Torrent: <hairpin>_<mature> (hsa-mir-200b_hsa-miR-200b-5p).
_HAIRPIN_MATURE = re.compile(
    r"^[A-Za-z]{3}-(?:mir|let|lin)-[^_]+_(?P<mature>[A-Za-z]{3}-(?:mir|let|lin)-\S+)$",
    re.IGNORECASE,
)
# The prefix a merged member without one borrows from the first member (hsa-miR-, hsa-let-).
_MEMBER_PREFIX = re.compile(r"^((?:[A-Za-z]{3}-)?(?:miR|let|lin|mir)-)(?=\d)", re.IGNORECASE)
# miRBase organism codes are three letters (hsa, mmu, cel, dme, ...): a longer word
# before ``-mir`` (``novel-mir-17``) is part of the name, not a species.
_SPECIES_PREFIX = re.compile(r"^([A-Za-z]{3})-((?:mir|let|lin|bantam)\b.*)$", re.IGNORECASE)
# A name written with underscores for dashes (``hsa_miR_21_5p``).
_UNDERSCORED = re.compile(r"^(?:[A-Za-z]{3}_)?(?:mir|let|lin)_?\d", re.IGNORECASE)
# A family without letter or arm (``miR-133``): its v22 members are the candidates.
_FAMILY_ONLY = re.compile(r"^[a-z]{3}-(?:mir|let|lin)-\d+$", re.IGNORECASE)
_STEM = re.compile(r"^([a-z]{3}-(?:mir|let|lin)-\d+)[a-z]?(?:-\d+)?(?:-[35]p)?$")
_LONG_PREFIX = re.compile(r"^(?:micro-?rna|mirna|mir)[-_ ]?(?=\d)", re.IGNORECASE)
_LET = re.compile(r"^let[-_ ]?(?=\d)", re.IGNORECASE)
_ARM = re.compile(r"-[35]p$", re.IGNORECASE)
_FAMILY = re.compile(r"^[a-z]{2,5}-(mir|let|lin)-(\d+)", re.IGNORECASE)
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
                         "\u2014": "-", "\u2212": "-",
                         # invisible characters pasted from web pages and PDFs
                         "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None,
                         "\ufeff": None, "\u00ad": None})  # fmt: skip


def normalize_species(species: str) -> str:
    """Return the miRBase species code (``hsa``, ``mmu``, ``rno``) for a code or name.

    Raises
    ------
    InputError
        For a species without bundled miRBase tables.
    """
    code = _SPECIES_ALIASES.get(str(species).strip().lower())
    if code is None:
        supported = ", ".join(f"{code} ({name})" for code, name in SPECIES.items())
        msg = f"unknown species {species!r}; supported: {supported}"
        raise InputError(msg)
    return code


@dataclass
class _Index:
    """Lookup tables built once from the bundled miRBase files."""

    mature_by_name: dict[str, str] = field(default_factory=dict)
    mature_name: dict[str, str] = field(default_factory=dict)
    mature_species: dict[str, str] = field(default_factory=dict)
    mature_lower: dict[str, list[str]] = field(default_factory=dict)
    history_by_name: dict[str, set[str]] = field(default_factory=dict)
    history_lower: dict[str, set[str]] = field(default_factory=dict)
    history_last: dict[str, tuple[str, str]] = field(default_factory=dict)
    hairpin_by_name: dict[str, str] = field(default_factory=dict)
    hairpin_lower: dict[str, list[str]] = field(default_factory=dict)
    hairpin_name: dict[str, str] = field(default_factory=dict)
    hairpin_species: dict[str, str] = field(default_factory=dict)
    hairpin_matures: dict[str, list[str]] = field(default_factory=dict)
    mature_stem: dict[str, list[str]] = field(default_factory=dict)


def _version_key(label: str) -> float:
    major, _, minor = label.removeprefix("v").partition(".")
    return int(major) + (int(minor) / 10 if minor else 0.0)


@cache
def _index() -> _Index:
    mature = read_table("mirbase/mature.tsv.gz")
    hairpin = read_table("mirbase/precursor.tsv.gz")
    history = read_table("mirbase/mature_history.tsv.gz")
    idx = _Index()
    for acc, name, species in zip(
        mature["mature_acc"], mature["mature"], mature["species"], strict=True
    ):
        idx.mature_by_name[name] = acc
        idx.mature_name[acc] = name
        idx.mature_species[acc] = species
        idx.mature_lower.setdefault(name.lower(), []).append(acc)
        stem = _STEM.match(name.lower())
        if stem:
            idx.mature_stem.setdefault(stem.group(1), []).append(acc)
    for acc, name, first, last, species in zip(
        history["mature_acc"], history["mature"], history["first_version"],
        history["last_version"], history["species"], strict=True,
    ):  # fmt: skip
        idx.history_by_name.setdefault(name, set()).add(acc)
        idx.history_lower.setdefault(name.lower(), set()).add(acc)
        idx.mature_species.setdefault(acc, species)
        known = idx.history_last.get(acc)
        if known is None or _version_key(last) > _version_key(known[1]):
            idx.history_last[acc] = (name, last)
        del first
    for acc, name, species, matures in zip(
        hairpin["precursor_acc"], hairpin["precursor"], hairpin["species"],
        hairpin["mature_acc"].fillna(""), strict=True,
    ):  # fmt: skip
        idx.hairpin_by_name[name] = acc
        idx.hairpin_lower.setdefault(name.lower(), []).append(acc)
        idx.hairpin_name[acc] = name
        idx.hairpin_species[acc] = species
        idx.hairpin_matures[acc] = [m for m in matures.split(";") if m]
    return idx


def mature_table() -> pd.DataFrame:
    """Return the bundled miRBase v22 mature table (species, mature_acc, mature, sequence, ...)."""
    return read_table("mirbase/mature.tsv.gz")


# One resolution: (mirna, accession, species, status, candidates)
_Row = tuple[str | None, str | None, str | None, str, str]


def _mature_row(acc: str, status: str) -> _Row:
    idx = _index()
    return (idx.mature_name[acc], acc, idx.mature_species[acc], status, "")


def _hairpin_row(acc: str) -> _Row:
    idx = _index()
    matures = [idx.mature_name[m] for m in idx.hairpin_matures[acc] if m in idx.mature_name]
    return (idx.hairpin_name[acc], acc, idx.hairpin_species[acc], "precursor", ";".join(matures))


def _retired_row(acc: str) -> _Row:
    idx = _index()
    name, last = _index().history_last[acc]
    return (None, acc, idx.mature_species.get(acc), "retired", f"{name} (last in miRBase {last})")


def _ambiguous_row(accs: Iterable[str], species: str | None) -> _Row:
    idx = _index()
    names = sorted({idx.mature_name[a] for a in accs if a in idx.mature_name})
    return (None, None, species, "ambiguous", ";".join(names))


def _from_accessions(accs: set[str], species: str | None, status: str) -> _Row | None:
    """Resolve a set of accessions that share one name: one alive, several, or none alive."""
    if not accs:
        return None
    idx = _index()
    alive = {a for a in accs if a in idx.mature_name}
    if len(alive) == 1:
        return _mature_row(alive.pop(), status)
    if alive:
        return _ambiguous_row(alive, species)
    retired = sorted(accs)
    if len(retired) == 1:
        return _retired_row(retired[0])
    names = sorted({idx.history_last[a][0] for a in retired})
    return (None, None, species, "retired", ";".join(names))


def _resolve_accession(text: str) -> _Row | None:
    idx = _index()
    mature = _MATURE_ACC.findall(text)
    if mature:
        acc = mature[0].upper()
        if acc in idx.mature_name:
            return _mature_row(acc, "accession")
        if acc in idx.history_last:
            return _retired_row(acc)
        return (None, acc, None, "unknown", "")
    hairpin = _HAIRPIN_ACC.findall(text)
    if hairpin:
        acc = hairpin[0].upper()
        if acc in idx.hairpin_name:
            return _hairpin_row(acc)
        return (None, acc, None, "unknown", "")
    return None


def _clean(text: str) -> str:
    """Fix dashes, spaces and spelled-out prefixes; keep the case as written."""
    text = " ".join(text.translate(_DASHES).split())
    text = text.replace(" ", "-")
    return text


def _split_species(text: str, default: str) -> tuple[str, str, bool]:
    """Return (species code, name without prefix, prefix was given)."""
    match = _SPECIES_PREFIX.match(text)
    if match:
        return match.group(1).lower(), match.group(2), True
    return default, text, False


def _canonical_body(body: str) -> str:
    """``microRNA-21``/``mir21`` -> ``miR-21``, ``let7a`` -> ``let-7a`` (case kept otherwise)."""
    match = _LONG_PREFIX.match(body)
    if match:
        written = match.group(0).rstrip("-_ ")
        # Keep the case of a written mir/miR/MIR: it tells a hairpin from a mature.
        prefix = written if written.lower() == "mir" else "miR"
        return f"{prefix}-{body[match.end() :]}"
    match = _LET.match(body)
    if match:
        return f"let-{body[match.end() :]}"
    return body


def _lookup_exact(name: str) -> _Row | None:
    idx = _index()
    acc = idx.mature_by_name.get(name)
    if acc is not None:
        return _mature_row(acc, "exact")
    acc = idx.hairpin_by_name.get(name)
    if acc is not None:
        return _hairpin_row(acc)
    accs = idx.history_by_name.get(name)
    if accs:
        return _from_accessions(accs, None, "renamed")
    return None


def _lookup_folded(name: str, species: str) -> _Row | None:
    """Case-insensitive lookup; the case of ``mir``/``miR`` decides mature vs hairpin."""
    idx = _index()
    low = name.lower()
    matures = {a for a in idx.mature_lower.get(low, []) if idx.mature_species[a] == species}
    history = {a for a in idx.history_lower.get(low, set()) if idx.mature_species[a] == species}
    hairpins = [a for a in idx.hairpin_lower.get(low, []) if idx.hairpin_species[a] == species]
    body = name.split("-", 1)[1] if "-" in name else name
    written_hairpin = body.startswith("mir-")
    has_arm = bool(_ARM.search(name)) or name.endswith("*")

    mature_row: _Row | None = None
    if len(matures) == 1:
        mature_row = _mature_row(next(iter(matures)), "corrected")
    elif matures:
        mature_row = _ambiguous_row(matures, species)
    elif history:
        mature_row = _from_accessions(history, species, "renamed")

    if mature_row is None and body.startswith("miR-"):
        # Written as a mature but no mature of that name: offer the arms, if any.
        mature_row = _lookup_arms(name, species)
    if hairpins and ((written_hairpin and not has_arm) or mature_row is None):
        return _hairpin_row(hairpins[0])
    if mature_row is not None and hairpins and not has_arm and not body.startswith("miR-"):
        # Written neither as a mature (miR) nor as a hairpin (mir): say both fit.
        candidates = mature_row[0] or mature_row[4]
        return (None, None, species, "ambiguous", f"{candidates};{idx.hairpin_name[hairpins[0]]}")
    return mature_row


def _lookup_arms(name: str, species: str) -> _Row | None:
    """Offer the -5p/-3p matures of a name given without arm (status ambiguous)."""
    if _ARM.search(name) or name.endswith("*"):
        return None
    idx = _index()
    accs = set()
    for arm in ("-5p", "-3p"):
        accs.update(
            a
            for a in idx.mature_lower.get(f"{name}{arm}".lower(), [])
            if idx.mature_species[a] == species
        )
    if not accs and _FAMILY_ONLY.match(name):
        # miR-133 -> the members miR-133a-3p, miR-133a-5p, miR-133b, ...
        accs.update(
            a for a in idx.mature_stem.get(name.lower(), []) if idx.mature_species[a] == species
        )
    if accs:
        return _ambiguous_row(accs, species)
    return None


def _resolve_one(raw: object, default_species: str) -> _Row:
    if raw is None or (isinstance(raw, float) and raw != raw):
        return (None, None, None, "empty", "")
    text = _clean(str(raw))
    if not text:
        return (None, None, None, "empty", "")
    row = _resolve_accession(text)
    if row is not None:
        return row
    parts = [p for p in re.split(r"[|;/,]", text) if p.strip()]
    if len(parts) > 1:
        return _resolve_multi(parts, default_species)
    read_class = _READ_CLASS.search(text)
    if read_class:
        return _resolve_read_class(text[: read_class.start()], read_class.group(1).lower(),
                                   default_species)  # fmt: skip
    pair = _HAIRPIN_MATURE.match(text)
    if pair:
        row = _resolve_one(pair.group("mature"), default_species)
        if row[3] in RESOLVED_STATUSES:
            return (*row[:3], "corrected", row[4])
        if row[3] in {"retired", "ambiguous"}:
            return row
    suffix = _SUFFIX.search(text)
    from_hairpin_suffix = bool(suffix) and suffix.group(1).lower() != "star"
    if suffix:
        star = suffix.group(1).lower() == "star"
        text = text[: suffix.start()] + ("*" if star else "")
    if "-" not in text and _UNDERSCORED.match(text):
        text = text.replace("_", "-")
    species, body, _ = _split_species(text, default_species)
    if species not in SPECIES:
        return (None, None, species, "unknown", "")
    name = f"{species}-{_canonical_body(body)}"
    if from_hairpin_suffix:
        acc = next((a for a in _index().hairpin_lower.get(name.lower(), [])
                    if _index().hairpin_species[a] == species), None)  # fmt: skip
        if acc is not None:
            return _hairpin_row(acc)
    row = _lookup_exact(name)
    if row is not None:
        if row[3] == "exact" and name != str(raw):
            row = (*row[:3], "corrected", row[4])
        return row
    for lookup in (_lookup_folded, _lookup_arms, _lookup_single_without_arm):
        row = lookup(name, species)
        if row is not None:
            return row
    return (None, None, species, "unknown", "")


def _resolve_read_class(text: str, read_class: str, default_species: str) -> _Row:
    """``<hairpin>_mature`` is the hairpin's matures; ``_precursor`` etc. are non-mature reads."""
    row = _resolve_one(text, default_species)
    if read_class not in _NON_MATURE_CLASSES:
        return row
    if row[3] == "precursor":
        return (row[0], row[1], row[2], "non_mature", "")
    if row[3] in RESOLVED_STATUSES:  # a mature name: reads of its hairpin outside it
        return (row[0], None, row[2], "non_mature", "")
    return (None, None, row[2], "unknown", "")  # never a family's members


def _lookup_single_without_arm(name: str, species: str) -> _Row | None:
    """``hsa-miR-1179-3p`` when v22 has only ``hsa-miR-1179`` (its hairpin's one mature)."""
    arm = _ARM.search(name)
    if arm is None:
        return None
    idx = _index()
    base = name[: arm.start()].lower()
    accs = [a for a in idx.mature_lower.get(base, []) if idx.mature_species[a] == species]
    if len(accs) != 1:
        return None
    acc = accs[0]
    hairpins = [h for h, matures in idx.hairpin_matures.items() if acc in matures]
    if not hairpins or any(len(idx.hairpin_matures[h]) != 1 for h in hairpins):
        return None
    return _mature_row(acc, "corrected")


def _resolve_multi(parts: list[str], default_species: str) -> _Row:
    """``a|b`` (exceRpt), ``a/b`` (miRge3): one miRNA if all agree, else every member.

    A member written without prefix takes the first member's (``hsa-miR-27a-3p/27b-3p``
    is ``hsa-miR-27a-3p`` and ``hsa-miR-27b-3p``; ``hsa-let-7a-5p/7c-5p``).
    """
    parts = [p.strip() for p in parts]
    prefix = _MEMBER_PREFIX.match(parts[0])
    if prefix:
        parts = [parts[0], *[f"{prefix.group(1)}{p}" if p[:1].isdigit() else p
                             for p in parts[1:]]]  # fmt: skip
    rows = [_resolve_one(p, default_species) for p in parts]
    names = {r[0] for r in rows if r[3] in RESOLVED_STATUSES}
    if len(names) == 1 and all(r[3] in RESOLVED_STATUSES for r in rows):
        first = next(r for r in rows if r[3] in RESOLVED_STATUSES)
        return (first[0], first[1], first[2], "corrected", "")
    candidates: list[str] = []
    for r in rows:
        pick = r[0] if r[3] in RESOLVED_STATUSES else (r[4] or r[0])
        for c in str(pick or "").split(";"):
            if c and c not in candidates:
                candidates.append(c)
    species = next((r[2] for r in rows if r[2]), None)
    return (None, None, species, "ambiguous" if candidates else "unknown", ";".join(candidates))


def normalize(names: Iterable[object], *, species: str = "hsa") -> pd.DataFrame:
    """Normalise miRNA names or accessions to miRBase v22.

    Parameters
    ----------
    names
        Names as found in a table: any case, with or without species prefix, old or
        current, mature or hairpin, or miRBase accessions. Missing values are allowed;
        a single string is one name.
    species
        Species of names written without a prefix (``hsa``, ``mmu``, ``rno``, or
        ``human``/``mouse``/``rat``). Prefixed names keep their own species.

    Returns
    -------
    pandas.DataFrame
        One row per input, in input order, with columns ``input, mirna, accession,
        species, status, candidates`` (see the module docstring for ``status``).
        ``mirna`` is empty unless the name resolved (or is a hairpin).
    """
    default = normalize_species(species)
    if isinstance(names, (str, bytes)):  # one name, not its characters
        names = [names]
    values = pd.Series(list(names), dtype=object)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    resolved = [_resolve_one(u, default) for u in uniques]
    resolved.append((None, None, None, "empty", ""))  # the NaN sentinel -1 maps here
    table = pd.DataFrame(resolved, columns=list(COLUMNS[1:]), dtype=object)
    out = table.iloc[codes].reset_index(drop=True)
    out.insert(0, "input", values.to_numpy())
    return out


def resolved_key(table: pd.DataFrame) -> pd.Series:
    """Return the name to use downstream for each row of a :func:`normalize` table.

    The v22 mature name when resolved, the hairpin name for ``precursor``, else the
    input as written (stripped), so that unresolved names are kept, never dropped.
    """
    keep = table["status"].isin(RESOLVED_STATUSES) | table["status"].eq("precursor")
    fallback = table["input"].map(lambda v: v.strip() if isinstance(v, str) and v.strip() else None)
    key = table["mirna"].where(keep, fallback).astype(object)
    # A hairpin's read classes stay apart: hsa-mir-21_mature and hsa-mir-21_precursor are
    # two features, never summed into one row.
    read_class = table["input"].map(
        lambda v: (
            m.group(1).lower()
            if isinstance(v, str) and (m := _READ_CLASS.search(_clean(v)))
            else None
        )
    )
    classed = read_class.notna() & table["status"].isin({"precursor", "non_mature"})
    if classed.any():
        key = key.where(~classed, table["mirna"].astype(str) + "_" + read_class.astype(str))
    return key


def mature_identities(table: pd.DataFrame) -> list[list[str]]:
    """Return, for each row of a :func:`normalize` table, the mature miRNAs it measures.

    The one rule every command applies: a resolved name is itself; a hairpin (or a
    hairpin's ``_mature`` reads) is each of its v22 matures; a merged or arm-less name
    (``ambiguous``) is each of its candidates; ``non_mature`` reads, retired, unknown and
    empty names measure no mature miRNA.
    """
    out: list[list[str]] = []
    for mirna, status, candidates in zip(
        table["mirna"], table["status"], table["candidates"].fillna(""), strict=True
    ):
        if status in RESOLVED_STATUSES:
            out.append([str(mirna)])
        elif status in {"precursor", "ambiguous"} and candidates:
            out.append([c for c in str(candidates).split(";") if c])
        else:
            out.append([])
    return out


@cache
def _by_species() -> dict[str, pd.DataFrame]:
    mature = mature_table()
    mature["family"] = (
        mature["mature"]
        .str.extract(_FAMILY)
        .agg(lambda r: f"{r.iloc[0].lower()}-{r.iloc[1]}", axis=1)
    )
    mature["seed"] = mature["sequence"].str.slice(1, 8)
    return {sp: frame.reset_index(drop=True) for sp, frame in mature.groupby("species")}


def _family(name: str) -> str | None:
    match = _FAMILY.match(name)
    return f"{match.group(1).lower()}-{match.group(2)}" if match else None


def _orthologue(name: str, species: str, sequence: str, target: str) -> tuple[str | None, str, str]:
    table = _by_species()[target]
    family = _family(name)
    arm = _ARM.search(name)
    same_sequence = table[table["sequence"] == sequence]
    if not same_sequence.empty:
        names = same_sequence["mature"].tolist()
        preferred = [n for n in names if _family(n) == family] or names
        return preferred[0], "sequence", ";".join(names)
    seed_family = table[(table["seed"] == sequence[1:8]) & (table["family"] == family)]
    if not seed_family.empty:
        names = seed_family["mature"].tolist()
        if arm:
            names = sorted(names, key=lambda n: not n.lower().endswith(arm.group(0).lower()))
        return names[0], "seed_family", ";".join(names)
    return None, "none", ""


def to_species(names: Iterable[object], *, target: str = "hsa") -> pd.DataFrame:
    """Map mature miRNAs to their orthologue in another species.

    The orthologue is the target-species mature with the identical sequence
    (``method="sequence"``); failing that, one with the same seed (nucleotides 2-8) in
    the same family number (``seed_family``, e.g. rno-miR-31a-5p -> hsa-miR-31-5p);
    failing that, none (``none``). Names already in the target species map to
    themselves (``same_species``).

    Parameters
    ----------
    names
        miRNA names in any form :func:`normalize` understands (species from the prefix).
    target
        The species to map into.

    Returns
    -------
    pandas.DataFrame
        ``mirna, species, orthologue, method, candidates`` (one row per input;
        ``candidates`` lists every target miRNA that fits the method).
    """
    target = normalize_species(target)
    resolved = normalize(names, species=target)
    sequences = mature_table().set_index("mature_acc")["sequence"]
    rows = []
    for mirna, acc, species, status in zip(
        resolved["mirna"],
        resolved["accession"],
        resolved["species"],
        resolved["status"],
        strict=True,
    ):
        if status not in RESOLVED_STATUSES:
            rows.append((mirna, species, None, "none", ""))
        elif species == target:
            rows.append((mirna, species, mirna, "same_species", ""))
        elif not isinstance(sequences[acc], str) or not sequences[acc]:
            rows.append((mirna, species, None, "none", ""))  # no v22 sequence to compare
        else:
            rows.append((mirna, species, *_orthologue(mirna, species, sequences[acc], target)))
    out = pd.DataFrame(rows, columns=["mirna", "species", "orthologue", "method", "candidates"])
    out.insert(0, "input", resolved["input"])
    return out
