"""Readers for external miRNA-target files (used by :mod:`mirbone.targets`).

Each reader turns one file layout into a *raw* frame with the columns of
:data:`RAW_COLUMNS`: names still as written in the file (``mirna``, ``gene``), the file's
own gene identifiers (``entrez``, ``ensembl``, ``refseq``), and ``evidence``, ``score``,
``reference`` already in mirbone's vocabulary. Name resolution happens afterwards, in
:mod:`mirbone.targets`, for every format alike. A reader also returns a dict of counts
(rows read, rows of other species) that ends up in :meth:`TargetMap.summary`.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from mirbone.errors import InputError
from mirbone.names import SPECIES
from mirbone.targets._tables import (
    SPECIES_TAG,
    _clean_ids,
    _compression,
    _read,
    _refuse_binary,
)

__all__ = ["FORMATS", "RAW_COLUMNS", "detect_format", "read_raw"]

#: Columns of the frame every reader returns.
RAW_COLUMNS = ("mirna", "gene", "entrez", "ensembl", "refseq", "evidence", "score", "reference")
#: Formats :func:`read_raw` understands (``targetscan`` covers its three file kinds).
FORMATS = (
    "mirtarbase", "targetscan", "mirdb", "tarbase", "encori", "mirwalk", "microt", "pairs",
)  # fmt: skip

TAXID = {"hsa": "9606", "mmu": "10090", "rno": "10116"}

#: miRTarBase ``Support Type`` -> mirbone evidence.
MIRTARBASE_EVIDENCE = {
    "functional mti": "strong",
    "functional mti (weak)": "weak",
    "non-functional mti": "non_functional",
    "non-functional mti (weak)": "non_functional_weak",
}
# Low-throughput methods, the ones miRTarBase calls strong evidence.
_STRONG_METHOD = re.compile(
    r"reporter|luciferase|western|immunoblot|qpcr|qrt-pcr|rt-pcr|northern|elisa|"
    r"immunohisto|immunofluo|flow|3life|gfp",
    re.IGNORECASE,
)
_VERSION = re.compile(r"\.\d+$")
_SPECIES_TAG = re.compile(SPECIES_TAG)

Counts = dict[str, object]


# -- small helpers -----------------------------------------------------------------------


def _open_head(path: Path, n: int = 2) -> list[str]:
    """Return the first ``n`` lines of a (possibly gzipped) text file with text.

    Empty lines and comment lines (starting with ``#``, as ENCORI's citation lines
    above its header) are skipped.
    """
    with path.open("rb") as raw:
        magic = raw.read(2)
    opener = gzip.open if magic == b"\x1f\x8b" else open
    lines: list[str] = []
    try:
        with opener(path, "rt", encoding="utf-8-sig", errors="strict") as stream:
            for line in stream:
                if line.strip() and not line.startswith("#"):
                    lines.append(line.rstrip("\r\n"))
                if len(lines) >= n:
                    break
    except UnicodeDecodeError:
        msg = "not a text target table (not UTF-8; for Excel files use the .xlsx extension)"
        raise InputError(msg, path=path) from None
    except (OSError, EOFError, zlib.error) as error:  # a corrupt or truncated gzip file
        msg = f"corrupt or truncated gzip file ({error})"
        raise InputError(msg, path=path) from None
    if magic != b"\x1f\x8b":
        _refuse_nul_bytes(path)
    elif any("\x00" in line for line in lines):
        msg = "binary file, not a text target table (NUL bytes in the first lines)"
        raise InputError(msg, path=path)
    return lines


def _refuse_nul_bytes(path: Path, chunk: int = 1 << 24) -> None:
    """Refuse a plain file holding NUL bytes anywhere (pandas would cut the line there)."""
    offset = 0
    with path.open("rb") as stream:
        while block := stream.read(chunk):
            where = block.find(b"\x00")
            if where >= 0:
                msg = f"binary file, not a text target table (a NUL byte at byte {offset + where})"
                raise InputError(msg, path=path)
            offset += len(block)


def _is_excel(path: Path) -> bool:
    with path.open("rb") as raw:
        return raw.read(4) == b"PK\x03\x04" or path.suffix.lower() in {".xlsx", ".xlsm"}


def _header(path: Path) -> tuple[list[str], str]:
    """Return the header fields and the separator of a table."""
    if _is_excel(path):
        try:
            head = pd.read_excel(path, nrows=0, dtype=str, engine="openpyxl")
        except Exception as error:  # openpyxl raises many types for a bad workbook
            msg = f"cannot read the workbook (expected XLSX): {type(error).__name__}: {error}"
            raise InputError(msg, path=path) from None
        return [str(c) for c in head.columns], "excel"
    lines = _open_head(path, 1)
    if not lines:
        msg = "the file is empty"
        raise InputError(msg, path=path)
    line = lines[0]
    sep = "\t" if "\t" in line else ","
    return [f.strip().strip('"') for f in line.split(sep)], sep


def per_unique(values: pd.Series, func: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply a vectorised string function to the unique values only; return a categorical.

    ``func`` receives the unique non-missing values as an object Series and returns one
    value per input (missing allowed).
    """
    cat = values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")
    cats = pd.Series(cat.cat.categories.astype(str).to_numpy(dtype=object))
    new = pd.Series(func(cats)).to_numpy(dtype=object)
    new_codes, new_uniques = pd.factorize(new, use_na_sentinel=True)
    codes = cat.cat.codes.to_numpy()
    mapped = np.where(codes >= 0, new_codes[np.maximum(codes, 0)] if len(new_codes) else -1, -1)
    result = pd.Categorical.from_codes(mapped, categories=pd.Index(new_uniques, dtype=object))
    return pd.Series(result, index=values.index)


def _find(columns: list[str], *candidates: str) -> str | None:
    """Return the first column named like a candidate (any case; ``x*`` matches a prefix)."""
    folded = {c.casefold().strip(): c for c in columns}
    for cand in candidates:
        key = cand.casefold()
        if key.endswith("*"):
            for low, orig in folded.items():
                if low.startswith(key[:-1]):
                    return orig
        elif key in folded:
            return folded[key]
    return None


def _require(columns: list[str], path: Path, fmt: str, needed: dict[str, tuple[str, ...]]) -> dict:
    found = {key: _find(columns, *cands) for key, cands in needed.items()}
    missing = [cands[0] for key, cands in needed.items() if found[key] is None]
    if missing:
        msg = (
            f"not a {fmt} table: missing column(s) {', '.join(map(repr, missing))}; "
            f"found: {', '.join(map(repr, columns))}"
        )
        raise InputError(msg, path=path)
    return found


_MISSING_TEXT = {"", "na", "nan", "null", "n/a", "none", "-"}


def check_numeric(values: pd.Series, path: Path, column: str) -> None:
    """Refuse text in a numeric column (checked on the unique values); blanks/NA are allowed.

    Without this a typo would silently become a missing score.
    """
    cat = values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")
    cats = pd.Series(cat.cat.categories.astype(str).to_numpy(dtype=object))
    parsed = pd.to_numeric(cats, errors="coerce")
    bad = cats[parsed.isna() & ~cats.str.strip().str.casefold().isin(_MISSING_TEXT)]
    if len(bad):
        msg = f"non-numeric value in a score column ({int(values.isin(bad).sum())} row(s))"
        raise InputError(msg, path=path, column=column, value=str(bad.iloc[0]))


def per_unique_mask(values: pd.Series, func: Callable[[pd.Series], pd.Series]) -> np.ndarray:
    """Evaluate a vectorised test on the unique values only; missing -> False."""
    cat = values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")
    cats = pd.Series(cat.cat.categories.astype(str).to_numpy(dtype=object))
    flags = pd.array(pd.Series(func(cats)).to_numpy(), dtype="boolean").fillna(value=False)
    flags = np.append(flags.to_numpy(dtype=bool), False)
    return flags[cat.cat.codes.to_numpy()]


def clean_id(values: pd.Series) -> pd.Series:
    """Tidy identifiers: strip, drop Excel's ``.0``, a version suffix or a ``(hsa)`` tag."""
    return per_unique(values, _clean_ids)


def _strip_version(values: pd.Series) -> pd.Series:
    return per_unique(values, lambda s: s.str.strip().str.replace(_VERSION, "", regex=True))


def _raw(n: int, **columns: object) -> pd.DataFrame:
    frame = pd.DataFrame(index=pd.RangeIndex(n))
    for col in RAW_COLUMNS:
        value = columns.get(col)
        if isinstance(value, pd.Series):
            value = value.reset_index(drop=True)
            if col != "score" and not isinstance(value.dtype, pd.CategoricalDtype):
                value = value.astype(object).astype("category")
            frame[col] = value
        elif col == "score":
            frame[col] = np.nan if value is None else value
        elif value is None:
            frame[col] = pd.Categorical.from_codes(
                np.full(n, -1, dtype=np.int8), categories=pd.Index([], dtype=object)
            )
        else:
            frame[col] = pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[value])
    score = frame["score"]
    if isinstance(score.dtype, pd.CategoricalDtype):
        score = per_unique(score, lambda s: pd.to_numeric(s, errors="coerce")).astype(float)
    frame["score"] = pd.to_numeric(score, errors="coerce").astype(float)
    return frame


def _species_filter(frame: pd.DataFrame, column: str, species: str, counts: Counts) -> pd.DataFrame:
    """Keep rows whose species column names ``species``; count the others by value."""
    wanted = {species, SPECIES[species].casefold(), TAXID[species]}
    values = frame[column]
    keep = per_unique_mask(values, lambda s: s.str.strip().str.casefold().isin(wanted))
    other = values[~keep].astype(object).value_counts(dropna=False)
    if len(other):
        skipped = counts.setdefault("other_species", {})
        for name, n in other.items():
            label = "missing" if pd.isna(name) else str(name)
            skipped[label] = skipped.get(label, 0) + int(n)
    return frame.loc[keep].reset_index(drop=True)


def _predicted_rows(frame: pd.DataFrame, species: str, counts: Counts) -> pd.DataFrame:
    """Return a site-prediction database's pairs (miRDB, miRWalk, microT-CDS) as raw rows.

    ``frame`` has the columns ``mirna``, ``gene``, ``score`` and ``refseq`` or ``ensembl``
    (versions are stripped here). These files have no species column: a miRNA's species is
    its name's prefix (``hsa-``), and rows of other species are left out and counted.
    """
    prefix = per_unique(
        frame["mirna"], lambda s: s.str.extract(r"^([A-Za-z]+)-", expand=False).str.lower()
    )
    frame = _species_filter(frame.assign(_species=prefix), "_species", species, counts)
    ids = {key: _strip_version(frame[key]) for key in ("refseq", "ensembl") if key in frame}
    return _raw(
        len(frame), mirna=frame["mirna"], gene=frame["gene"], evidence="predicted",
        score=frame["score"], **ids,
    )  # fmt: skip


# -- miRTarBase -------------------------------------------------------------------------


def read_mirtarbase(path: Path, species: str) -> tuple[pd.DataFrame, Counts]:
    """Read miRTarBase ``*_MTI.csv`` or ``*_MTI.xlsx`` (both Entrez header variants)."""
    columns, sep = _header(path)
    col = _require(columns, path, "miRTarBase", {
        "mirna": ("miRNA",),
        "mirna_species": ("Species (miRNA)",),
        "gene": ("Target Gene",),
        "entrez": ("Target Gene (Entrez Gene ID)", "Target Gene (Entrez*"),
        "gene_species": ("Species (Target Gene)",),
        "support": ("Support Type",),
        "reference": ("References (PMID)", "References*"),
    })  # fmt: skip
    frame = _read(path, sep, list(col.values()))
    counts: Counts = {"rows_read": len(frame)}
    frame = _species_filter(frame, col["mirna_species"], species, counts)
    wanted = {SPECIES[species].casefold(), species}
    cross = ~per_unique_mask(
        frame[col["gene_species"]], lambda s: s.str.strip().str.casefold().isin(wanted)
    )
    if cross.any():
        counts["target_of_other_species"] = int(cross.sum())
        frame = frame.loc[~cross].reset_index(drop=True)
    evidence = per_unique(
        frame[col["support"]],
        lambda s: s.str.strip().str.casefold().map(MIRTARBASE_EVIDENCE).fillna("unknown"),
    )
    raw = _raw(
        len(frame),
        mirna=frame[col["mirna"]],
        gene=frame[col["gene"]],
        entrez=clean_id(frame[col["entrez"]]),
        evidence=evidence,
        reference=clean_id(frame[col["reference"]]),
    )
    return raw, counts


# -- TargetScan -------------------------------------------------------------------------

_MATURE_PARTS = re.compile(
    r"^(?P<sp>[a-z]{3})-(?P<kind>miR|let|lin)-(?P<num>\d+)(?P<letter>[a-z]*)"
    r"(?:-(?P<copy>\d+))?(?:-(?P<arm>[35]p))?$"
)
_FAMILY_PART = re.compile(
    r"^(?:(?P<kind>miR|let|lin)-)?(?P<num>\d+)(?P<letters>[a-z]*)(?:-(?P<arm>[35]p))?(?:\.\d+)?$",
    re.IGNORECASE,
)


def _mature_index(species: str) -> dict[tuple[str, str], list[tuple[str, str, str, str]]]:
    from mirbone.names import mature_table

    mature = mature_table()
    mature = mature.loc[mature["species"] == species]
    index: dict[tuple[str, str], list[tuple[str, str, str, str]]] = {}
    for name, seq in zip(mature["mature"], mature["sequence"], strict=True):
        m = _MATURE_PARTS.match(name)
        if m is None:
            continue
        key = (m["kind"].lower(), m["num"])
        seed = seq[1:8] if isinstance(seq, str) else ""  # a few v22 matures lack a sequence
        index.setdefault(key, []).append((m["letter"], m["arm"] or "", name, seed))
    return index


def expand_family(family: str, species: str, index: dict | None = None) -> list[str]:
    """Expand a TargetScan family name (``miR-15-5p/16-5p/195-5p``) to miRBase v22 matures.

    Each ``/``-separated part names a miRNA number (``miR-`` unless the part says
    ``let-``, so ``let-7-5p/98-5p`` is let-7 and miR-98), optional letters (``130ac`` =
    130a and 130c) and an arm. Members must share the family's seed (nucleotides 2-8,
    the most common seed among the matches), which drops the other arm when a part
    gives none.
    """
    index = _mature_index(species) if index is None else index
    matches: list[tuple[str, str]] = []
    for part in str(family).split("/"):
        m = _FAMILY_PART.match(part.strip())
        if m is None:
            continue
        kind = (m["kind"] or "miR").lower()
        letters = m["letters"].lower()
        for letter, arm, name, seed in index.get((kind, m["num"]), []):
            if letters and letter not in letters and not (len(letters) == 1 and letter == ""):
                continue
            if m["arm"] and arm and arm != m["arm"].lower():
                continue
            matches.append((name, seed))
    if not matches:
        return []
    seeds = pd.Series([s for _, s in matches]).value_counts()
    top = seeds.index[0]
    return sorted({name for name, seed in matches if seed == top})


def _expand_families(families: pd.Series, species: str) -> pd.DataFrame:
    """Map each unique family to its members: frame ``family, mirna`` (unmatched: NaN)."""
    index = _mature_index(species)
    rows = []
    for fam in families.dropna().unique():
        members = expand_family(fam, species, index)
        rows.extend((fam, m) for m in members) if members else rows.append((fam, None))
    return pd.DataFrame(rows, columns=["family", "member"], dtype=object)


def read_targetscan(path: Path, species: str) -> tuple[pd.DataFrame, Counts]:
    """Read TargetScan Predicted_Targets_Info, Predicted_Targets_Context_Scores or Summary_Counts.

    Scores: ``PCT`` for Predicted_Targets_Info; for context-score files the context++ score
    negated (``0.4`` is context++ ``-0.4``, so that larger is stronger, best site per
    gene); for Summary_Counts the cumulative weighted context++ score negated.
    """
    columns, sep = _header(path)
    gene_id = _find(columns, "Gene ID")
    taxon = _find(columns, "Species ID", "Gene Tax ID")
    if _find(columns, "context++ score") and _find(columns, "miRNA"):
        kind = "context"
        col = _require(columns, path, "TargetScan context-score", {
            "mirna": ("miRNA",), "gene": ("Gene Symbol",), "taxon": ("Gene Tax ID", "Species ID"),
            "score": ("context++ score",),
        })  # fmt: skip
    elif _find(columns, "miR Family"):
        kind = "info"
        col = _require(columns, path, "TargetScan Predicted_Targets_Info", {
            "family": ("miR Family",), "gene": ("Gene Symbol",), "taxon": ("Species ID",),
        })  # fmt: skip
        pct = _find(columns, "PCT")
        if pct:
            col["score"] = pct
    else:
        kind = "summary"
        col = _require(columns, path, "TargetScan Summary_Counts", {
            "family": ("miRNA family",), "gene": ("Gene Symbol",), "taxon": ("Species ID",),
            "representative": ("Representative miRNA",),
        })  # fmt: skip
        score = _find(columns, "Cumulative weighted context++ score", "Total context++ score")
        if score:
            col["score"] = score
    if gene_id:
        col["gene_id"] = gene_id
    taxon = col["taxon"]
    frame = _read(path, sep, list(dict.fromkeys(col.values())))
    counts: Counts = {"rows_read": len(frame), "targetscan_file": kind}
    frame = _species_filter(frame, taxon, species, counts)
    score = None
    if "score" in col:
        check_numeric(frame[col["score"]], path, col["score"])
        numbers = per_unique(frame[col["score"]], lambda s: pd.to_numeric(s, errors="coerce"))
        score = numbers.astype(float)
    if score is not None and kind != "info":
        score = -score
    ensembl = _strip_version(frame[col["gene_id"]]) if "gene_id" in col else None
    if kind == "context":
        mirna = frame[col["mirna"]]
    else:
        fams = _expand_families(frame[col["family"]], species)
        if kind == "summary":  # the representative miRNA is a member too
            rep = pd.DataFrame(
                {"family": frame[col["family"]], "member": frame[col["representative"]]}
            )
            found = pd.concat([fams.dropna(), rep.dropna()]).drop_duplicates()
            fams = pd.concat([found, fams.loc[~fams["family"].isin(found["family"])]])
        pos = pd.DataFrame(
            {"family": frame[col["family"]].to_numpy(), "_row": np.arange(len(frame))}
        )
        pos = pos.merge(fams, on="family", how="left", sort=False)
        unmatched = pos["member"].isna()
        if unmatched.any():
            counts["families_without_members"] = sorted(
                pos.loc[unmatched, "family"].dropna().unique()
            )
        rows = pos["_row"].to_numpy()
        frame = frame.iloc[rows].reset_index(drop=True)
        mirna = pos["member"].fillna(pos["family"]).reset_index(drop=True)
        score = None if score is None else score.iloc[rows].reset_index(drop=True)
        ensembl = None if ensembl is None else ensembl.iloc[rows].reset_index(drop=True)
    raw = _raw(
        len(frame), mirna=mirna, gene=frame[col["gene"]], ensembl=ensembl,
        evidence="predicted", score=score,
    )  # fmt: skip
    return raw, counts


# -- miRDB ------------------------------------------------------------------------------


def read_mirdb(path: Path, species: str) -> tuple[pd.DataFrame, Counts]:
    """Read miRDB ``miRDB_v6.0_prediction_result.txt[.gz]``: miRNA, RefSeq, score; no header."""
    frame = pd.read_csv(
        path, sep="\t", header=None, dtype="category", usecols=[0, 1, 2],
        names=["mirna", "refseq", "score"], keep_default_na=False, na_values=[""],
        compression=_compression(path),
    )  # fmt: skip
    _refuse_binary(frame, path)
    check_numeric(frame["score"], path, "score (third column)")
    counts: Counts = {"rows_read": len(frame)}
    # miRDB names no gene: the transcript (with its version) stands for it
    return _predicted_rows(frame.assign(gene=frame["refseq"]), species, counts), counts


# -- TarBase ----------------------------------------------------------------------------


def _method_evidence(method: pd.Series, negative: np.ndarray | None = None) -> pd.Series:
    strong = per_unique_mask(method, lambda s: s.str.contains(_STRONG_METHOD))
    evidence = np.where(strong, "strong", "weak").astype(object)
    if negative is not None:
        neg = np.asarray(negative, dtype=bool)
        evidence = np.where(
            neg, np.where(strong, "non_functional", "non_functional_weak"), evidence
        )
    return pd.Series(evidence, dtype=object)


def read_tarbase(path: Path, species: str) -> tuple[pd.DataFrame, Counts]:
    """Read TarBase v9 (``mirna_name, gene_name, ...``) or v8 (``geneId, geneName, mirna, ...``).

    Evidence: ``strong`` for low-throughput methods (reporter assays, western blot, qPCR,
    ...), ``weak`` for high-throughput ones (CLIP, sequencing, arrays), as miRTarBase
    classifies them; TarBase v8 ``NEGATIVE`` rows become ``non_functional[_weak]``.
    """
    columns, sep = _header(path)
    if _find(columns, "mirna_name"):
        col = _require(columns, path, "TarBase v9", {
            "mirna": ("mirna_name",), "gene": ("gene_name",), "species": ("species",),
            "method": ("experimental_method",),
        })  # fmt: skip
        optional = {"gene_id": ("gene_id",), "reference": ("article_pubmed_id",),
                    "score": ("microt_score",)}  # fmt: skip
    else:
        col = _require(columns, path, "TarBase v8", {
            "mirna": ("mirna",), "gene": ("geneName",), "species": ("species",),
            "method": ("method",),
        })  # fmt: skip
        optional = {"gene_id": ("geneId",), "sign": ("positive_negative",)}
    for key, cands in optional.items():
        found = _find(columns, *cands)
        if found:
            col[key] = found
    frame = _read(path, sep, list(col.values()))
    counts: Counts = {"rows_read": len(frame)}
    frame = _species_filter(frame, col["species"], species, counts)
    negative = None
    if "sign" in col:
        negative = per_unique_mask(
            frame[col["sign"]], lambda s: s.str.upper().str.startswith("NEG")
        )
    gene_id = clean_id(frame[col["gene_id"]]) if "gene_id" in col else None
    if "score" in col:
        check_numeric(frame[col["score"]], path, col["score"])
    raw = _raw(
        len(frame),
        mirna=per_unique(
            frame[col["mirna"]], lambda s: s.str.replace(_SPECIES_TAG, "", regex=True)
        ),
        gene=frame[col["gene"]],
        ensembl=None if gene_id is None else _strip_version(gene_id),
        evidence=_method_evidence(frame[col["method"]], negative),
        score=frame[col["score"]] if "score" in col else None,
        reference=clean_id(frame[col["reference"]]) if "reference" in col else None,
    )
    return raw, counts


# -- generic pairs ----------------------------------------------------------------------

_MIRNA_HEADERS = ("mirna", "mirna_name", "mir", "microrna", "mature", "mirna_id", "source")
_GENE_HEADERS = ("gene", "target", "target_gene", "gene_symbol", "symbol", "gene_name")
_LOOKS_MIRNA = re.compile(r"^([a-z]{2,5}-)?(mir|let|lin)-?\d", re.IGNORECASE)


def read_pairs(path: Path, species: str) -> tuple[pd.DataFrame, Counts]:
    """Read a generic table of miRNA-gene pairs: two columns, header optional.

    With a header, the miRNA and gene columns are found by name (``mirna``, ``gene``,
    ``target``, ...) and ``entrez_id``, ``evidence``, ``score``, ``reference`` are kept when
    present, so a table written from a :class:`~mirbone.targets.TargetMap` reads back.
    """
    del species
    columns, sep = _header(path)
    if sep == "excel":
        msg = "an Excel file that is not miRTarBase; save the pairs as TSV or CSV"
        raise InputError(msg, path=path)
    mirna_col = _find(columns, *_MIRNA_HEADERS)
    gene_col = _find(columns, *_GENE_HEADERS)
    if mirna_col and gene_col and mirna_col != gene_col:
        extra = {k: _find(columns, *c) for k, c in {
            "entrez": ("entrez_id", "entrez", "entrezgene"), "evidence": ("evidence",),
            "score": ("score",), "reference": ("reference", "pmid", "references"),
        }.items()}  # fmt: skip
        usecols = [mirna_col, gene_col, *[c for c in extra.values() if c]]
        frame = _read(path, sep, usecols)
        values = {k: frame[c] for k, c in extra.items() if c}
        if "score" in values:
            check_numeric(values["score"], path, extra["score"])
        if "entrez" in values:
            values["entrez"] = clean_id(values["entrez"])
        values.setdefault("evidence", "unspecified")
        raw = _raw(len(frame), mirna=frame[mirna_col], gene=frame[gene_col], **values)
        return raw, {"rows_read": len(frame)}
    if len(columns) < 2:
        msg = (
            f"not a miRNA-gene pairs table: expected two columns (miRNA, gene), found "
            f"{len(columns)} ({', '.join(map(repr, columns))})"
        )
        raise InputError(msg, path=path)
    if len(columns) > 2 and not _LOOKS_MIRNA.match(columns[0]):
        msg = (
            "not a miRNA-gene pairs table: no miRNA and gene columns; found "
            f"{', '.join(map(repr, columns))}"
        )
        raise InputError(msg, path=path)
    frame = pd.read_csv(
        path, sep=sep, header=None, usecols=[0, 1], names=["mirna", "gene"], dtype=str,
        keep_default_na=False, na_values=[""], comment="#", compression=_compression(path),
    )  # fmt: skip
    _refuse_binary(frame, path)
    raw = _raw(len(frame), mirna=frame["mirna"], gene=frame["gene"], evidence="unspecified")
    return raw, {"rows_read": len(frame)}


# -- detection --------------------------------------------------------------------------

_READERS: dict[str, Callable[[Path, str], tuple[pd.DataFrame, Counts]]] = {
    "mirtarbase": read_mirtarbase,
    "targetscan": read_targetscan,
    "mirdb": read_mirdb,
    "tarbase": read_tarbase,
    "encori": lambda path, species: _site_reader("encori")(path, species),
    "mirwalk": lambda path, species: _site_reader("mirwalk")(path, species),
    "microt": lambda path, species: _site_reader("microt")(path, species),
    "pairs": read_pairs,
}


def _site_reader(name: str) -> Callable[[Path, str], tuple[pd.DataFrame, Counts]]:
    """Return the reader of a site-level export (``mirbone.targets._readers_sites``)."""
    from mirbone.targets import _readers_sites

    return getattr(_readers_sites, f"read_{name}")


_MIRDB_LINE = re.compile(r"^[A-Za-z]{3}-\S+\t[NX][MR]_\d+(?:\.\d+)?\t\d+(?:\.\d+)?$")


def detect_format(path: Path) -> str:
    """Guess the format of a target file from its header (or first line)."""
    columns, sep = _header(path)
    folded = {c.casefold() for c in columns}
    if "support type" in folded or "mirtarbase id" in folded:
        return "mirtarbase"
    if {"mir family", "context++ score", "representative mirna"} & folded:
        return "targetscan"
    if "mirna_name" in folded or {"geneid", "genename", "mirna"} <= folded:
        return "tarbase"
    if {"mirnaname", "geneid", "clipexpnum"} <= folded:
        return "encori"
    if {"genesymbol", "binding_probability"} <= folded:
        return "mirwalk"
    if "mitg score" in folded:
        return "microt"
    if sep == "\t" and _MIRDB_LINE.match("\t".join(columns)):
        return "mirdb"
    if sep == "excel":
        msg = (
            "an Excel file without miRTarBase's columns (miRNA, Target Gene, Support Type); "
            f"found: {', '.join(map(repr, columns))}"
        )
        raise InputError(msg, path=path)
    mirna_col = _find(columns, *_MIRNA_HEADERS)
    gene_col = _find(columns, *_GENE_HEADERS)
    if (mirna_col and gene_col) or len(columns) == 2:
        return "pairs"
    msg = (
        "not a recognised target table (miRTarBase, TargetScan, miRDB, TarBase, ENCORI, "
        "miRWalk, DIANA microT-CDS, or a "
        f"two-column miRNA-gene file); found columns: {', '.join(map(repr, columns[:12]))}"
    )
    raise InputError(msg, path=path)


def read_raw(path: Path, fmt: str, species: str) -> tuple[pd.DataFrame, Counts, str]:
    """Read ``path`` in format ``fmt`` (``auto`` detects it); return raw frame, counts, format."""
    if fmt == "auto":
        fmt = detect_format(path)
    reader = _READERS.get(fmt)
    if reader is None:
        msg = f"unknown target format {fmt!r}; choose auto or one of {', '.join(FORMATS)}"
        raise InputError(msg, value=fmt)
    try:
        raw, counts = reader(path, species)
    except (pd.errors.ParserError, ValueError, EOFError, OSError, zlib.error) as error:
        if isinstance(error, InputError):
            raise
        msg = f"cannot read as {fmt}: {type(error).__name__}: {error}"
        raise InputError(msg, path=path) from None
    return raw, counts, fmt
