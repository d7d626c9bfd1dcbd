"""Make mirbone's synthetic demo data set: EV miRNA-seq of young vs aged donors' BMSC-EVs.

Usage::

    python examples/make_demo_data.py [--data-dir DIR] [--resource-dir DIR]

writes ``counts.tsv``, ``samples.tsv``, ``deseq2_results.csv`` and ``counts_old_names.tsv``
into ``examples/data/`` and copies the first three into ``resources/demo/`` (what
``mirbone demo`` reads from an installed package). The data are SYNTHETIC: counts drawn from
a negative-binomial model over the miRBase v22 human mature miRNAs with effects planted on
some of the review's miRNAs (see ``examples/data/README.md``). Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from mirbone._resources import read_table

SEED = 2021
REPO = Path(__file__).resolve().parent.parent
N_PER_GROUP = 6
LIBRARY_MEDIAN = 2.4e6  # reads assigned to miRNAs per sample
LIBRARY_RANGE = (1.0e6, 5.0e6)
ASYMPTOTIC_DISPERSION = 0.08  # biological CV^2 of abundant miRNAs
EXTRA_POISSON = 1.0  # dispersion trend: alpha(mu) = 0.08 + 1.0 / mu
DISPERSION_SCATTER = 0.4  # SD of log(alpha) around the trend
BATCH_SD = 0.15  # SD of the per-miRNA log2 batch effect (batch B2 vs B1)
N_RANDOM_DE = 25  # further miRNAs with a random effect (not from the review)
MIN_READS = 10  # DE pre-filter: >= 10 reads in >= 6 samples (the DESeq2 vignette's)

# Abundant miRNAs of BMSC / MSC EVs and of plasma carry-over: expected CPM.
DOMINANT_CPM = {
    "hsa-miR-21-5p": 120000,
    "hsa-let-7a-5p": 60000,
    "hsa-let-7b-5p": 45000,
    "hsa-miR-143-3p": 40000,
    "hsa-miR-100-5p": 35000,
    "hsa-let-7f-5p": 30000,
    "hsa-miR-199a-3p": 25000,
    "hsa-let-7i-5p": 20000,
    "hsa-miR-125b-5p": 15000,
    "hsa-miR-26a-5p": 15000,
    "hsa-miR-221-3p": 12000,
    "hsa-miR-22-3p": 12000,
    "hsa-miR-222-3p": 10000,
    "hsa-miR-24-3p": 10000,
    "hsa-miR-486-5p": 9000,
    "hsa-miR-29a-3p": 8000,
    "hsa-miR-92a-3p": 8000,
    "hsa-miR-16-5p": 7000,
    "hsa-miR-23a-3p": 6000,
    "hsa-miR-423-5p": 6000,
    "hsa-miR-27b-3p": 5000,
    "hsa-miR-148a-3p": 5000,
    "hsa-miR-191-5p": 4000,
    "hsa-miR-30a-5p": 4000,
    "hsa-miR-181a-5p": 4000,
    "hsa-miR-122-5p": 3000,
    "hsa-miR-10b-5p": 3000,
}

# Planted effects, log2(aged / young), on miRNAs of the review (Bianciardi et al. 2021),
# with their baseline CPM where it is not set above.
PLANTED = {
    # up in aged: pro-osteoclastogenic / anti-osteogenic EV miRNAs of ageing bone
    "hsa-miR-214-3p": (2.0, 300),  # OC exosomes -> OB (ATF4), high in elderly women [24]
    "hsa-miR-31-5p": (1.8, 400),  # senescent BMSC / endothelial EVs [21, 22]
    "hsa-miR-34a-5p": (1.5, 250),  # muscle EVs, rises with age [23]
    "hsa-miR-23a-5p": (1.3, 60),  # OC exosomes -> OB (RUNX2) [9]
    "hsa-miR-218-5p": (0.9, 150),  # osteocyte EVs (SOST, TCF7) [12]
    # down in aged: pro-osteogenic BMSC-EV cargo, anti-osteoclastogenic matrix-vesicle miRNA
    "hsa-miR-196a-5p": (-1.8, 200),  # BMSC EVs -> OB [4]
    "hsa-miR-27a-3p": (-1.2, 2500),  # BMSC EVs -> OB [4]
    "hsa-miR-206": (-2.0, 80),  # BMSC EVs -> OB [4]
    "hsa-miR-122-5p": (-1.0, None),  # BMSC EVs -> OB (SPRY2)
    "hsa-miR-125b-5p": (-0.8, None),  # OB matrix vesicles -> OC (PRDM1) [8]
}

# The quirky table: (name as an older pipeline wrote it, the v22 miRNA whose counts it gets).
OLD_NAMES = [
    ("hsa-miR-21", "hsa-miR-21-5p"),  # renamed in miRBase 18+
    ("hsa-let-7a", "hsa-let-7a-5p"),
    ("hsa-miR-214", "hsa-miR-214-3p"),
    ("miR-31", "hsa-miR-31-5p"),  # no species prefix
    ("hsa-miR-23a*", "hsa-miR-23a-5p"),  # star strand
    ("hsa-mir-34a", "hsa-miR-34a-5p"),  # the precursor's name
    ("MIMAT0000226", "hsa-miR-196a-5p"),  # an accession
    ("hsa-miR-27a-3p ", "hsa-miR-27a-3p"),  # trailing space
    ("HSA-MIR-206", "hsa-miR-206"),  # upper case
    ("hsa-miR-125b", "hsa-miR-125b-5p"),
    ("hsa-miR-4532", None),  # retired after miRBase 21
    ("hsa-miR-99999-5p", None),  # not a miRNA
]


def _number(name: str) -> int | None:
    found = re.match(r"hsa-(?:miR|let)-(\d+)", name)
    return int(found.group(1)) if found else None


def simulate(seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
    """Return the counts (miRNAs x samples), the sample sheet and the planted log2 effects."""
    rng = np.random.default_rng(seed)
    mature = read_table("mirbase/mature.tsv.gz")
    names = mature.loc[mature["species"] == "hsa", "mature"].tolist()
    n = len(names)

    # Baseline abundance: most miRNAs absent or rare, a few hundred expressed, a few dominant.
    numbers = [_number(name) for name in names]
    common = np.array(
        [
            name.startswith("hsa-let-") or (k is not None and k < 800)
            for name, k in zip(names, numbers, strict=True)
        ]
    )
    expressed = rng.random(n) < np.where(common, 0.55, 0.06)
    cpm = np.where(expressed, 10 ** rng.normal(0.8, 0.9, n), 10 ** rng.normal(-1.8, 0.5, n))
    index = {name: i for i, name in enumerate(names)}
    for name, value in DOMINANT_CPM.items():
        cpm[index[name]] = value
    effects = np.zeros(n)
    for name, (log2fc, baseline) in PLANTED.items():
        if baseline is not None:
            cpm[index[name]] = baseline
        effects[index[name]] = log2fc
    fixed = set(DOMINANT_CPM) | set(PLANTED)
    candidates = [
        i for i, name in enumerate(names) if name not in fixed and expressed[i] and cpm[i] >= 20
    ]
    chosen = rng.choice(candidates, size=N_RANDOM_DE, replace=False)
    effects[chosen] = rng.choice([-1.0, 1.0], N_RANDOM_DE) * rng.uniform(0.7, 1.5, N_RANDOM_DE)
    proportion = cpm / cpm.sum()

    # Samples: 6 young and 6 aged donors, two library-preparation batches across groups.
    groups = ["young"] * N_PER_GROUP + ["aged"] * N_PER_GROUP
    samples = [f"Y{i + 1:02d}" for i in range(N_PER_GROUP)] + [
        f"A{i + 1:02d}" for i in range(N_PER_GROUP)
    ]
    ages = np.concatenate([rng.integers(22, 36, N_PER_GROUP), rng.integers(68, 83, N_PER_GROUP)])
    sexes = np.tile(["F", "M"], N_PER_GROUP)
    batches = np.tile(["B1", "B1", "B1", "B2", "B2", "B2"], 2)
    library = np.clip(LIBRARY_MEDIAN * np.exp(rng.normal(0, 0.35, len(samples))), *LIBRARY_RANGE)
    batch_effect = rng.normal(0, BATCH_SD, n)

    aged = np.array([g == "aged" for g in groups])
    in_b2 = batches == "B2"
    log2_shift = np.outer(effects, aged) + np.outer(batch_effect, in_b2)
    weights = proportion[:, None] * np.exp2(log2_shift)
    mu = weights / weights.sum(axis=0) * library[None, :]

    trend = ASYMPTOTIC_DISPERSION + EXTRA_POISSON / np.maximum(mu.mean(axis=1), 1e-3)
    alpha = trend * np.exp(rng.normal(0, DISPERSION_SCATTER, n))
    size = 1.0 / alpha[:, None]
    counts = rng.negative_binomial(size, size / (size + mu))

    count_table = pd.DataFrame(counts.astype(np.int64), index=names, columns=samples)
    count_table.index.name = "mirna"
    sheet = pd.DataFrame(
        {"sample": samples, "group": groups, "age": ages, "sex": sexes, "batch": batches}
    )
    planted = {names[i]: float(effects[i]) for i in np.flatnonzero(effects)}
    return count_table, sheet, planted


def _r_number(value: float) -> str:
    """Format a number as R's write.csv does (15 significant digits, NA for missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "NA"
    text = f"{value:.15g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{exponent[0]}{abs(int(exponent)):02d}"
    return text


def run_deseq2(counts: pd.DataFrame, sheet: pd.DataFrame) -> pd.DataFrame:
    """Run PyDESeq2 as the DESeq2 vignette does: pre-filter, ``~batch + group``, aged vs young."""
    from pydeseq2.dds import DeseqDataSet
    from pydeseq2.ds import DeseqStats

    smallest = int(sheet["group"].value_counts().min())
    kept = counts[(counts >= MIN_READS).sum(axis=1) >= smallest]
    metadata = sheet.set_index("sample").loc[kept.columns, ["group", "batch"]]
    sink = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(sink):
        warnings.simplefilter("ignore")
        dds = DeseqDataSet(
            counts=kept.T,
            metadata=metadata,
            design="~batch + group",
            refit_cooks=True,
            n_cpus=1,
            quiet=True,
        )
        dds.deseq2()
        stats = DeseqStats(dds, contrast=["group", "aged", "young"], n_cpus=1, quiet=True)
        stats.summary()
    result = stats.results_df.loc[kept.index]
    return result[["baseMean", "log2FoldChange", "lfcSE", "stat", "pvalue", "padj"]]


def r_write_csv(table: pd.DataFrame) -> str:
    """Render a table as R's ``write.csv`` does (quoted names, 15 digits, NA unquoted)."""
    lines = [",".join(f'"{c}"' for c in ["", *table.columns])]
    for name, row in table.iterrows():
        values = [_r_number(float(value)) for value in row]
        lines.append(",".join([f'"{name}"', *values]))
    return "\n".join(lines) + "\n"


def old_names_table(counts: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    """Return a small table as an older pipeline would write it (old names, accessions)."""
    rng = np.random.default_rng(seed + 1)
    columns = ["Y01", "Y02", "Y03", "A01", "A02", "A03"]
    rows = []
    for written, current in OLD_NAMES:
        values = counts.loc[current, columns] if current else rng.integers(0, 6, len(columns))
        rows.append([written, *(int(v) for v in values)])
    return pd.DataFrame(rows, columns=["miRNA", *columns])


def write(folder: Path, name: str, text: str) -> None:
    """Write ``text`` with Unix newlines."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    """Generate the demo files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=REPO / "examples" / "data")
    parser.add_argument("--resource-dir", type=Path, default=REPO / "resources" / "demo")
    args = parser.parse_args(argv)

    counts, sheet, _ = simulate()
    files = {
        "counts.tsv": counts.to_csv(sep="\t", lineterminator="\n"),
        "samples.tsv": sheet.to_csv(sep="\t", index=False, lineterminator="\n"),
        "deseq2_results.csv": r_write_csv(run_deseq2(counts, sheet)),
    }
    for name, text in files.items():
        write(args.data_dir, name, text)
        write(args.resource_dir, name, text)
    quirky = old_names_table(counts).to_csv(sep="\t", index=False, lineterminator="\n")
    write(args.data_dir, "counts_old_names.tsv", quirky)
    print(f"demo data written to {args.data_dir} and {args.resource_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
