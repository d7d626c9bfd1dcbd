"""Real public small-RNA-seq studies with the authors' own differential results.

Each study is a public GitHub repository that holds both the counts and the authors'
DE table. Nothing here goes online: the files are looked up in a local folder,
``$MIRBONE_REALDATA_STUDIES`` or ``<cache>/studies`` (see :func:`_realdata.cache_root`),
one sub-folder per study, and checked against the sha256 recorded below. A test that
needs a study calls :func:`study_dir` and skips when it returns None.

To install a study, clone its repository yourself and copy the files out of the recorded
commit with :func:`install_from_git` (``python tests/_realstudies.py STUDY GIT_DIR``);
:func:`install_from_git` reads the commit with ``git show``, so a bare clone works too.

None of the repositories states a licence, so no excerpt of their data is committed to
this project; only their addresses, commits, paths and checksums are.
"""

from __future__ import annotations

import hashlib
import math
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from _realdata import cache_root


@dataclass(frozen=True)
class Study:
    """One public study: where its files are and how the authors analysed them."""

    key: str
    citation: str
    repository: str
    commit: str
    files: Mapping[str, str]  # path in the repository -> sha256
    input_format: str
    design: str
    authors_method: str
    authors_results: str  # path in the repository of the authors' DE table
    notes: tuple[str, ...] = field(default_factory=tuple)

    def file_names(self) -> list[str]:
        """The local file names (the base names of the repository paths)."""
        return [Path(path).name for path in self.files]


# fmt: off
STUDIES: dict[str, Study] = {
    study.key: study
    for study in (
        Study(
            key="carberry2023_pfas_ev",
            citation=(
                "Carberry CK et al. (2023) Extracellular vesicles altered by a per- and "
                "polyfluoroalkyl substance mixture ... Toxicol Sci kfad108, PMID 37851381"
            ),
            repository=(
                "Ragerlab/Script_for_Extracellular-Vesicles-altered-by-Per--and-"
                "Polyfluoroalkyl-Substance-Mixtures"
            ),
            commit="77bc5e63daa744e06ebad71c345800e3744b6066",
            files={
                "Experiment_1/input/220304_UNC51-VH00562_34_AAATNNVM5_2022-03-24_miRNA.csv":
                    "ed375f77ede45c6c67b739f0ecac188a1d1204445c28875b7bcc1a06bc992ec7",
                "Experiment_1/input/PFAS_miRNA_tracseqmanifest_RAGER.xlsx":
                    "79333d21a9aa3a4d397b5d8ed406344a187b1d18f0dd13d6991fd5d11ede9c73",
                "Experiment_1/output/PFAS_vs_Ctrl_statistical_results_bg20.csv":
                    "a0ac034da80d83b2c609efe413e1498b039d5716de45bf956486bd4c2991718d",
            },
            input_format=(
                "count matrix CSV, one row per hairpin and read class "
                "(hsa-mir-21_mature, _precursor, _stemloop, _unannotated); sample columns "
                "decorated by the sequencer (9_5_3_1_CAGGCG_S1_L001)"
            ),
            design=(
                "human HepG2 EVs, PFAS mixture (6) vs control (6); sheet: the sequencing "
                "manifest (Sample ID (Required), External Code = 'Control ' with a "
                "trailing space / 'PFAS')"
            ),
            authors_method=(
                "DESeq2 ~External.Code on all 12 samples, rows with counts above the "
                "overall median (0) in more than 20 % of samples, Wald test, no shrinkage"
            ),
            authors_results="Experiment_1/output/PFAS_vs_Ctrl_statistical_results_bg20.csv",
        ),
        Study(
            key="goh2024_atg_ko",
            citation="Goh et al. (2024), miRNA-seq of Atg7/Atg14 knockout cells (set 1)",
            repository="harmstonlab/LC3_miRNA",
            commit="7bd99f9181fb613c62bc2ea16754fee59079dc4f",
            files={
                "set1/counts/GFP-KO-1.txt":
                    "b4d4f6ad4ab7f1879d8513be6a91575193005602957a301a092dff8abcbf7f92",
                "set1/counts/GFP-KO-2.txt":
                    "0af8830cecb37acbd7645b05e1651586a8d32232b207a44c02de5fd088ee6056",
                "set1/counts/Atg7-KO-1.txt":
                    "9befb6f0b3e4afc74b088bb36ca62d96858b62d8ae83ca3e05a458808918c891",
                "set1/counts/Atg7-KO-2.txt":
                    "daf98f83c68c126e8e7126d39f762f6928e58051ca9765628c10cafac4680ff2",
                "set1/counts/Atg14-KO-1.txt":
                    "5e94f698c35bb354b611f598848351d221910b3e8af1ca3a80b4db54609b2faf",
                "set1/counts/Atg14-KO-2.txt":
                    "b407b2cba5b5481e37c2264134d22900b1d19de339f220fe657e0fc79510b7cf",
                # two more knockdowns of the same run that set1.txt does not name
                "set1/counts/shLuc-1.txt":
                    "973c6d0b9953878860241f66814ec1839cbd9515f595b5432cc7366e73529771",
                "set1/counts/shLuc-2.txt":
                    "a5262336fa018c73101a3eaf4df431a43a9777bd9dccc845ca1764a5c5b1b1fa",
                "set1/counts/shRaptor-1.txt":
                    "22e1d6f61481889de8bad2091ba77d29fc4c955059501971532bb342bff48a83",
                "set1/counts/shRaptor-2.txt":
                    "d6b4631ee19ec61a33844b4d46854576753b285e448ad4168dfdfe2f1c20b0db",
                "set1/set1.txt":
                    "0b4fd9eff5f93ffb4d7cc90482b59b28622e6ff6479f15ef55037df6b4ade704",
                "set1/results/set1_mirna_df.csv":
                    "33179d6ca463c5ff9f7dad0a72456873d57bd657fdab32b08d52dd39a5223d24",
            },
            input_format=(
                "featureCounts, one file per sample, generic count column 'Count', "
                "mouse MIMAT accessions (multi-locus miRNAs as MIMAT..._1, MIMAT..._2)"
            ),
            design=(
                "mouse cells, Atg7 KO (2), Atg14 KO (2), GFP KO control (2); "
                "sheet set1.txt (sample_id, sample, condition)"
            ),
            authors_method=(
                "loci summed per MIMAT; DESeq2 ~condition on all 6 samples, rows with mean "
                "normalised count >= 10, pairwise Wald tests, log2FC shrunk with ashr"
            ),
            authors_results="set1/results/set1_mirna_df.csv",
        ),
        Study(
            key="soul_acl_oa",
            citation="Soul J et al., ACL rupture model of osteoarthritis, knee joint miRNA",
            repository="soulj/OAModelmicroRNA",
            commit="50dfb4d60283502f53abb4e8c44cbe001e7d92d8",
            files={
                "data/mature_counts.csv":
                    "0520676af45b97228474deb730d97610a306b21ab897f5814736c1912cf98f0b",
                "data/miR_sampleTable.txt":
                    "036e4f514f845273fc5257e94fdadc698c80a7a4c47e4b6d41a5d623cfa03a74",
                "results/d7aclvsnaive_miRNA.txt":
                    "842f50e116ee25d5450292e6b063bc557e6569e9ad491a7a19deb1e16a4fdbf3",
            },
            input_format=(
                "nf-core/smrnaseq 1.1.0 mature_counts.csv (samples in rows named "
                "U120-H-014_S14_ME_L001_R1_001.mature, miRNAs in columns named "
                "mmu-let-7g-5p_MIMAT0000121_Mus_musculus_let-7g-5p)"
            ),
            design=(
                "mouse knee joints, 6 groups of 3 (day 1/day 7, ACL rupture, contralateral, "
                "naive); contrast day 7 ACL rupture (day_7_right) vs day 7 naive"
            ),
            authors_method=(
                "rows with mean raw count >= 3; limma-voom on DESeq2-normalised counts, "
                "~0 + Condition over all 18 samples, duplicateCorrelation on Mouse"
            ),
            authors_results="results/d7aclvsnaive_miRNA.txt",
            notes=("the authors' result names are R-mangled (mmu.let.7a.5p_MIMAT0000521_...)",),
        ),
        Study(
            key="saiki2024_pd_serum_ev",
            citation=(
                "Saiki lab (2024), serum exosome miRNA transcriptome in Parkinson's disease, "
                "GEO GSE269781 (2021 cohort)"
            ),
            repository="SSaikiLab/SciData",
            commit="455af865a1c5b6ca004486d16e27444b51392b98",
            files={
                "2021/2021.xlsx":
                    "2d5c0ed0e67b1a055bcb82ba99a1e14dd56ded73dc719098dd7ae5af065bb4a4",
                "2021/results.csv":
                    "55b1d0e9fec0e785ab5fe6635d02746693c15e3ebef1a24970062a1d33feccdb",
            },
            input_format=(
                "Ion Torrent count workbook (XLSX): a row of numbers above the header "
                "'Geneid, J1 ... J76', names <hairpin>_<mature> "
                "(hsa-mir-200b_hsa-miR-200b-5p), extra sheets of ratios"
            ),
            design=(
                "human serum EVs, Parkinson's disease (J1-J46) vs healthy controls "
                "(J47-J76); no sample sheet is published: the groups are in the script"
            ),
            authors_method=(
                "rows with median count > 0; zeros replaced by half the row's smallest "
                "count; DESeq2 ~Disease on all 76 samples, Wald test, no shrinkage"
            ),
            authors_results="2021/results.csv",
            notes=("the authors' result rows keep the input names (hairpin_mature)",),
        ),
    )
}
# fmt: on


def studies_root() -> Path:
    """The folder holding one sub-folder per study."""
    env = os.environ.get("MIRBONE_REALDATA_STUDIES")
    return Path(env) if env else cache_root() / "studies"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def study_dir(key: str) -> Path | None:
    """The study's local folder when every file is there with its recorded checksum."""
    study = STUDIES[key]
    folder = studies_root() / key
    for path, digest in study.files.items():
        local = folder / Path(path).name
        if not local.is_file() or _sha256(local) != digest:
            return None
    return folder


def install_from_git(key: str, git_dir: str | os.PathLike[str], dest: Path | None = None) -> Path:
    """Copy the study's files out of a local clone (bare or not) at the recorded commit."""
    study = STUDIES[key]
    folder = (dest or studies_root()) / key
    folder.mkdir(parents=True, exist_ok=True)
    for path, digest in study.files.items():
        blob = subprocess.run(
            ["git", f"--git-dir={git_dir}", "show", f"{study.commit}:{path}"],
            capture_output=True, check=True,
        ).stdout  # fmt: skip
        if hashlib.sha256(blob).hexdigest() != digest:
            msg = f"{path} at {study.commit} does not have the recorded checksum"
            raise ValueError(msg)
        (folder / Path(path).name).write_bytes(blob)
    return folder


# ---------------------------------------------------------------------------------------
# Comparison with the authors' results


@dataclass(frozen=True)
class Agreement:
    """How far our differential table agrees with the authors' one."""

    n_common: int  # features in both tables with a finite log2FC in each
    pearson_log2fc: float
    spearman_log2fc: float
    n_authors_significant: int  # authors' padj < cut-off, among the common features
    n_reproduced: int  # of those, ours padj < cut-off with the same sign
    n_ours_significant: int
    n_ours_only: int  # ours significant, authors' not
    n_authors_significant_all: int = 0  # in the whole authors' table
    n_authors_significant_untested: int = 0  # of those, no p-value of ours (not tested)

    @property
    def reproduced_fraction(self) -> float:
        """Share of the authors' significant calls that we reproduce."""
        if self.n_authors_significant == 0:
            return math.nan
        return self.n_reproduced / self.n_authors_significant

    def line(self) -> str:
        """One line for a table of results."""
        return (
            f"common {self.n_common}, log2FC r {self.pearson_log2fc:.3f} "
            f"(Spearman {self.spearman_log2fc:.3f}), authors' significant "
            f"{self.n_authors_significant}, reproduced {self.n_reproduced} "
            f"({100 * self.reproduced_fraction:.0f} %), ours only {self.n_ours_only}; "
            f"authors' significant in all {self.n_authors_significant_all}, not tested by "
            f"mirbone {self.n_authors_significant_untested}"
        )


def agreement(
    ours: Mapping[str, tuple[float, float]],
    authors: Mapping[str, tuple[float, float]],
    *,
    padj: float = 0.05,
) -> Agreement:
    """Compare two ``{feature: (log2fc, padj)}`` maps (padj may be NaN: not significant)."""
    import numpy as np
    from scipy import stats

    common = [k for k in authors if k in ours
              and math.isfinite(ours[k][0]) and math.isfinite(authors[k][0])]  # fmt: skip
    a = np.array([authors[k][0] for k in common])
    o = np.array([ours[k][0] for k in common])

    def sig(value: float) -> bool:
        return math.isfinite(value) and value < padj

    authors_sig = [k for k in common if sig(authors[k][1])]
    ours_sig = [k for k in common if sig(ours[k][1])]
    reproduced = [k for k in authors_sig
                  if sig(ours[k][1]) and np.sign(ours[k][0]) == np.sign(authors[k][0])]  # fmt: skip
    all_sig = [k for k in authors if sig(authors[k][1])]
    untested = [k for k in all_sig if k not in ours or not math.isfinite(ours[k][1])]
    return Agreement(
        n_authors_significant_all=len(all_sig),
        n_authors_significant_untested=len(untested),
        n_common=len(common),
        pearson_log2fc=float(stats.pearsonr(a, o).statistic) if len(common) > 2 else math.nan,
        spearman_log2fc=float(stats.spearmanr(a, o).statistic) if len(common) > 2 else math.nan,
        n_authors_significant=len(authors_sig),
        n_reproduced=len(reproduced),
        n_ours_significant=len(ours_sig),
        n_ours_only=len(set(ours_sig) - set(authors_sig)),
    )


def _float(value: str) -> float:
    return math.nan if value in {"", "NA", "NaN", "nan"} else float(value)


def _read_delimited(path: Path, delimiter: str) -> Iterable[dict[str, str]]:
    import csv

    with path.open(newline="", encoding="utf-8-sig") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def authors_results(key: str, contrast: str | None = None) -> dict[str, tuple[float, float]]:
    """The authors' ``{feature: (log2fc, padj)}``, feature named as in the input counts.

    ``goh2024_atg_ko`` has several contrasts: ``contrast`` is ``ATG7.vs.GFP`` or
    ``ATG14.vs.GFP`` (feature = MIMAT accession). ``soul_acl_oa`` names features
    R-mangled; they are mapped back to the MIMAT accession in the name.
    """
    import re

    folder = study_dir(key)
    if folder is None:
        msg = f"study {key} is not installed"
        raise FileNotFoundError(msg)
    study = STUDIES[key]
    path = folder / Path(study.authors_results).name
    out: dict[str, tuple[float, float]] = {}
    if key == "carberry2023_pfas_ev":
        for row in _read_delimited(path, ","):
            out[row["miRNA"]] = (_float(row["log2FoldChange"]), _float(row["padj"]))
    elif key == "goh2024_atg_ko":
        label = contrast or "ATG7.vs.GFP"
        for row in _read_delimited(path, ","):
            out[row[""]] = (_float(row[f"{label}_LFC"]), _float(row[f"{label}_FDR"]))
    elif key == "saiki2024_pd_serum_ev":
        for row in _read_delimited(path, ","):
            out[row[""]] = (_float(row["log2FoldChange"]), _float(row["padj"]))
    elif key == "soul_acl_oa":
        for row in _read_delimited(path, "\t"):
            accession = re.search(r"MIMAT\d{7}", row["ID"])
            name = accession.group(0) if accession else row["ID"]
            out[name] = (_float(row["logFC"]), _float(row["adj.P.Val"]))
    else:  # pragma: no cover - every study above has a reader
        raise KeyError(key)
    return out


# ---------------------------------------------------------------------------------------
# Running mirbone on a study as a new user would: the files as published, no rewriting


@dataclass(frozen=True)
class Run:
    """One analyze run on a study and how it compares with the authors' table."""

    key: str
    contrast: str
    agreement: Agreement
    result: object  # mirbone.analysis.AnalysisResult


def _by_accession(result: object) -> dict[str, str]:
    names = result.tables["names"]  # type: ignore[attr-defined]
    return dict(zip(names["key"].astype(str), names["accession"].astype(str), strict=True))


def _by_input(result: object) -> dict[str, str]:
    names = result.tables["names"]  # type: ignore[attr-defined]
    return dict(zip(names["input"].astype(str), names["key"].astype(str), strict=True))


def _ours(result: object) -> dict[str, tuple[float, float]]:
    de = result.tables["differential"]  # type: ignore[attr-defined]
    return {str(k): (float(a), float(b))
            for k, a, b in zip(de["mirna"], de["log2fc"], de["padj"], strict=True)}  # fmt: skip


def run_study(key: str, workdir: Path, *, permutations: int = 100, fit: str = "all") -> Run:
    """Run ``analyze`` on the study's published files; compare with the authors' table."""
    import shutil

    from mirbone.analysis import analyze

    folder = study_dir(key)
    if folder is None:
        msg = f"study {key} is not installed"
        raise FileNotFoundError(msg)
    workdir.mkdir(parents=True, exist_ok=True)
    common = {"permutations": permutations, "figures": False, "fit": fit}
    if key == "carberry2023_pfas_ev":
        contrast = "External Code:PFAS:Control"
        result = analyze(
            folder / "220304_UNC51-VH00562_34_AAATNNVM5_2022-03-24_miRNA.csv",
            samples=folder / "PFAS_miRNA_tracseqmanifest_RAGER.xlsx",
            contrast=contrast, **common,
        )  # fmt: skip
        ours, authors = _ours(result), authors_results(key)
    elif key == "goh2024_atg_ko":
        counts = workdir / "counts"  # the repository's counts folder: ten files
        counts.mkdir(exist_ok=True)
        for file in folder.glob("*.txt"):
            if file.name != "set1.txt":
                shutil.copy(file, counts / file.name)
        contrast = "condition:Atg7_KO:GFP_KO"
        result = analyze(counts, samples=folder / "set1.txt", species="mmu",
                         contrast=contrast, **common)  # fmt: skip
        accession = _by_accession(result)
        ours = {accession.get(k, k): v for k, v in _ours(result).items()}
        authors = authors_results(key, "ATG7.vs.GFP")
    elif key == "soul_acl_oa":
        contrast = "Condition:day_7_right:day_7_naive"
        result = analyze(folder / "mature_counts.csv", samples=folder / "miR_sampleTable.txt",
                         species="mmu", contrast=contrast, **common)  # fmt: skip
        accession = _by_accession(result)
        ours = {accession.get(k, k): v for k, v in _ours(result).items()}
        authors = authors_results(key)
    elif key == "saiki2024_pd_serum_ev":
        # No sheet is published: the script puts the first 46 columns in PD and the other
        # 30 in HC. The columns are J1-J57, J60-J62 and J65-J80.
        sheet = workdir / "samples.tsv"
        names = [f"J{i}" for i in (*range(1, 58), 60, 61, 62, *range(65, 81))]
        rows = [f"{name}\t{'PD' if i < 46 else 'HC'}" for i, name in enumerate(names)]
        sheet.write_text("sample\tgroup\n" + "\n".join(rows) + "\n")
        contrast = "group:PD:HC"
        result = analyze(folder / "2021.xlsx", sheet="Sheet1", samples=sheet,
                         contrast=contrast, **common)  # fmt: skip
        # The authors kept one row per hairpin_mature; mirbone sums the rows of one mature.
        # Compare the matures measured by a single row of the authors' table.
        to_key = _by_input(result)
        raw = authors_results(key)
        keys = [to_key.get(name) for name in raw]
        single = {k for k in keys if k is not None and keys.count(k) == 1}
        authors = {to_key[n]: v for n, v in raw.items() if to_key.get(n) in single}
        ours = _ours(result)
    else:  # pragma: no cover
        raise KeyError(key)
    return Run(key, contrast, agreement(ours, authors), result)


if __name__ == "__main__":
    # python tests/_realstudies.py install STUDY GIT_DIR | compare [STUDY ...]
    import tempfile

    if len(sys.argv) == 4 and sys.argv[1] == "install" and sys.argv[2] in STUDIES:
        sys.stdout.write(f"{install_from_git(sys.argv[2], sys.argv[3])}\n")
    elif len(sys.argv) >= 2 and sys.argv[1] == "compare":
        for key in sys.argv[2:] or list(STUDIES):
            if study_dir(key) is None:
                sys.stdout.write(f"{key}: not installed\n")
                continue
            for fit in ("all", "contrast"):
                with tempfile.TemporaryDirectory() as tmp:
                    run = run_study(key, Path(tmp), fit=fit)
                sys.stdout.write(f"{key} [{run.contrast}, fit {fit}]: {run.agreement.line()}\n")
    else:
        sys.stderr.write(
            f"usage: {sys.argv[0]} install {{{','.join(STUDIES)}}} GIT_DIR | compare [STUDY]\n"
        )
        sys.exit(2)
