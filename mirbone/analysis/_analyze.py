"""The main job as one plain function: :func:`analyze` (no file is written here).

``analyze`` reads a miRNA table, tests differential abundance when it is given counts and
a sample sheet (PyDESeq2), sets the review's EV miRNAs found in the data beside what the
review reports, tests the bone signatures (ORA up/down, GSEA), tests the target genes of
the significant miRNAs for bone GO processes (empirical test), annotates every target
gene and draws the figures. :func:`mirbone.analysis._report.write_report` turns the result into
files.

See :mod:`mirbone.analysis._review` for what the ``agreement`` column means.
"""

from __future__ import annotations

import os
import platform
import sys
import warnings
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from mirbone import __version__
from mirbone._deprecated import renamed_function, renamed_keywords
from mirbone._docs import shared_docs
from mirbone._identities import mapping_sentence, mature_view
from mirbone._versions import data_versions as _data_versions
from mirbone.analysis._figures import draw_figures as _figures
from mirbone.analysis._inputs import input_record as _input_record
from mirbone.analysis._inputs import n_resolved as _n_resolved
from mirbone.analysis._inputs import package_version as _package_version
from mirbone.analysis._inputs import read_input
from mirbone.analysis._inputs import species_mismatch as _species_mismatch
from mirbone.analysis._network import build_network
from mirbone.analysis._result import RunParameters, RunSummary
from mirbone.analysis._review import review_summary, review_table
from mirbone.analysis._stats import groups_of as _groups_of
from mirbone.analysis._stats import stats_from as _stats_from
from mirbone.analysis._summary import highlights as _highlights
from mirbone.analysis._targets import target_edges as _target_edges
from mirbone.differential import call_significance, check_thresholds, sheet_contrast
from mirbone.errors import InputError
from mirbone.names import normalize_species


@dataclass
class AnalysisResult:
    """Everything :func:`analyze` found, as plain DataFrames and matplotlib figures.

    Attributes
    ----------
    tables
        Result tables by name (the report writes each to ``tables/<name>.tsv``), in the
        order the report shows them.
    figures
        matplotlib figures by name (``figures/<name>.png`` and ``.svg``).
    parameters
        The options the analysis ran with (JSON-serialisable; keys: :class:`RunParameters`).
    provenance
        Input checksums and the versions of the data and software used.
    summary
        Counts for the report text (miRNAs read, resolved, detected, up, down, ...; keys:
        :class:`RunSummary`).
    notes
        Steps that were skipped or limited, and why, in plain sentences.
    warnings
        The notes a user must not miss (a test that was skipped, names that are in
        another species); the command line also prints them on standard error.
    network
        The miRNA - target gene - enriched term network (Cytoscape.js elements, see
        :func:`mirbone.analysis._network.build_network`); the report draws it and writes it
        as ``tables/network.graphml`` and ``tables/network.cyjs``.
    """

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)
    parameters: RunParameters = field(default_factory=lambda: RunParameters())
    provenance: dict[str, Any] = field(default_factory=dict)
    summary: RunSummary = field(default_factory=lambda: RunSummary())
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    network: dict[str, Any] = field(default_factory=dict)

    def close_figures(self) -> None:
        """Close every figure (free their memory)."""
        import matplotlib.pyplot as plt

        for figure in self.figures.values():
            plt.close(getattr(figure, "figure", figure))


def _report_progress(*, progress: bool | Callable[[str], None]) -> Callable[[str], None]:
    if callable(progress):
        return progress
    if progress:
        return lambda message: sys.stderr.write(f"mirbone: {message}\n")
    return lambda message: None


@renamed_keywords(min_set_size="min_size")
@shared_docs
def analyze(
    data_or_path: Any,
    *,
    species: str = "hsa",
    samples: str | os.PathLike[str] | pd.DataFrame | None = None,
    contrast: str | None = None,
    format: str = "auto",
    sheet: str | None = None,
    aggregate: str = "auto",
    targets: str | os.PathLike[str] = "kb",
    gene_sets: str | os.PathLike[str] = "bone",
    mirna_sets: str | os.PathLike[str] = "bone",
    all_go_bp: bool = False,
    evidence: str = "any",
    padj: float = 0.05,
    log2fc: float = 0.0,
    permutations: int = 10000,
    seed: int = 0,
    min_size: int | None = None,
    min_count: int = 10,
    covariates: Collection[str] = (),
    allow_non_counts: bool = False,
    fit: str = "all",
    progress: bool | Callable[[str], None] = False,
    figures: bool = True,
) -> AnalysisResult:
    """Run mirbone's whole analysis on one miRNA table.

    Parameters
    ----------
    data_or_path
        A table path (any format :func:`mirbone.io.read` understands) or a
        :class:`mirbone.io.MirnaData`.
    {species}
    samples
        Sample sheet (path or DataFrame with ``sample`` and the contrast column), needed
        with a count table to test differential abundance.
    contrast
        ``COLUMN:TEST:REFERENCE`` of the sample sheet (log2 fold changes are TEST over
        REFERENCE), or the name of one contrast of a multi-contrast result table. Required
        with a count table and a sample sheet (there is no default direction).
    format, sheet, aggregate
        Passed to :func:`mirbone.io.read` (format override; the sheet of a workbook; how
        rows resolving to one miRNA merge: ``"auto"`` sums counts and keeps the smallest
        padj of statistics, ``"sum"``, ``"max"``, ``"first"``, ``"best"``, ``"error"``).
    targets
        ``"kb"`` (the review's interactions) or a target-database file.
    gene_sets
        ``"bone"`` (bone-related GO BP), ``"go-bp"`` or a GMT file.
    mirna_sets
        The miRNA sets tested by ORA (up and down) and GSEA: a comma list of ``bone`` (the
        review's signatures), ``families`` (miRBase families) and GMT files of your own
        categories (:func:`mirbone.enrich.mirna_sets`).
    all_go_bp
        Also test all GO BP processes (when ``gene_sets`` is not already ``go-bp``).
    evidence
        Which members of the bone signatures to test: ``any`` (default), every member of
        :func:`mirbone.kb.signatures`; ``strong``, only those resting on a knowledge-base row
        whose cited primary paper's abstract states it (evidence ``primary``). The review
        table lists every finding either way, with its ``evidence`` column.
    {padj_log2fc}
    permutations
        Permutations of the GSEA and of the empirical target-gene test.
    {seed}
    min_size
        Smallest gene set (counted among the genes targeted by the universe miRNAs) tested
        in the target-gene enrichment. Default 10 for a target database; 3 for the review's
        small map (``targets="kb"``, a few dozen genes), where larger sets cannot occur.
    min_count
        DESeq2 pre-filter: test the miRNAs with at least this many reads in at least as
        many samples as the smaller group has.
    covariates
        Sample-sheet columns to adjust the DESeq2 test for (e.g. ``["batch"]``: design
        ``~batch + group`` for a contrast of the group column).
    allow_non_counts
        Test a count table whose values look normalised (CPM, fractional values) after
        rounding them, with a warning; by default such a table is refused, since DESeq2
        models raw read counts.
    fit
        ``"all"`` (default): fit DESeq2 on every sample of the sheet with its group, then
        test the contrast (the DESeq2 vignette's advice); ``"contrast"``: fit on the two
        contrasted groups only.
    progress
        True to report steps on standard error, or a callable taking a message.
    figures
        Draw the figures (False skips them, e.g. for a quick scripted run).

    Returns
    -------
    AnalysisResult
    """
    from mirbone import enrich, genesets, kb
    from mirbone import targets as mtargets

    say = _report_progress(progress=progress)
    if permutations < 1:
        msg = "permutations must be a positive number"
        raise InputError(msg, value=permutations)
    check_thresholds(padj=padj, log2fc=log2fc)
    if evidence not in kb.EVIDENCE_FILTERS:
        msg = f"evidence must be one of {', '.join(kb.EVIDENCE_FILTERS)}"
        raise InputError(msg, value=evidence)
    species = normalize_species(species)  # 'mouse', 'Mus musculus' -> 'mmu'
    notes: list[str] = []
    result = AnalysisResult(notes=notes)

    def warn(text: str) -> None:
        notes.append(text)
        result.warnings.append(text)

    say("reading the table")
    data, inputs, input_name = read_input(
        data_or_path,
        species=species,
        samples=samples,
        contrast=contrast,
        format=format,
        sheet=sheet,
        aggregate=aggregate,
    )
    source = str(data_or_path) if isinstance(data_or_path, str | os.PathLike) else input_name
    names_log = data.names.copy() if data.names is not None else pd.DataFrame()
    _species_mismatch(names_log, species, source)
    for note in getattr(data, "notes", []):
        if "left out" in note:
            warn(f"{note[:1].upper()}{note[1:]}.")
        elif "matched to count columns" in note or "samples named by" in note:
            notes.append(f"{note[:1].upper()}{note[1:]}.")
    say(
        "testing differential abundance"
        if data.stats is None and data.counts is not None
        else "preparing statistics"
    )
    stats, de_info = _stats_from(
        data,
        contrast,
        notes,
        min_count=min_count,
        padj=padj,
        covariates=covariates,
        allow_non_counts=allow_non_counts,
        source=source,
        warn=warn,
        fit=fit,
    )
    test_group, reference_group = _groups_of(contrast)

    # The miRNA universe: what was detected in the data.
    from mirbone import expression

    if stats is not None:
        # Tested = the table gives the miRNA a fold change or a p-value. Rows with a fold
        # change but no p-value (DESeq2's Cook's outliers) were tested too: they stay in
        # the universe, labelled "not tested" rather than "not detected".
        change = pd.to_numeric(stats["log2fc"], errors="coerce").notna().to_numpy()
        has_p = pd.to_numeric(stats["pvalue"], errors="coerce").notna().to_numpy()
        has_padj = pd.to_numeric(stats["padj"], errors="coerce").notna().to_numpy()
        tested = change | has_p | has_padj
        universe = [str(m) for m in stats.index[tested]]
        status = call_significance(stats, padj=padj, log2fc=log2fc)
        status[~tested] = "not detected"
        if has_p.any() or has_padj.any():
            status[tested & ~has_p & ~has_padj] = "not tested"
            # A p-value but no adjusted p-value: DESeq2's independent filtering removed
            # the miRNA (too low a mean count to reach significance); not "no change".
            status[tested & has_p & ~has_padj] = "filtered"
            if not has_padj.any():
                warn(
                    "No miRNA has an adjusted p-value (the padj column is empty): none can be "
                    "called significant; they are labelled filtered."
                )
            elif getattr(data, "padj_source", None) == "computed":
                from mirbone.io._readers import cut_short_caveat

                caveat = cut_short_caveat(stats["pvalue"].to_numpy(dtype=float))
                if caveat:
                    warn(f"{caveat[:1].upper()}{caveat[1:]}.")
        else:
            # fold changes only (e.g. lfcShrink with s-values): nothing can be called
            status[tested] = "not tested"
            warn(
                "The table has no p-values or adjusted p-values: no miRNA can be called "
                "significant, so the review comparison and the tests of up/down miRNAs are "
                "empty. Give the table with its p-value columns."
            )
    elif data.counts is not None:
        groups = None
        spec = sheet_contrast(contrast)
        if data.samples is not None and spec is not None:
            column = spec.column
            table = data.samples.set_index("sample") if "sample" in data.samples else data.samples
            if column in table.columns:
                groups = table[column].reindex(data.counts.columns.astype(str))
        mask = expression.detected(data.counts, groups=groups)
        universe = [str(m) for m in data.counts.index[mask.to_numpy()]]
        status = pd.Series("present", index=pd.Index(universe), dtype=object)
    else:
        universe = [str(m) for m in data.mirnas]
        status = pd.Series("present", index=pd.Index(universe), dtype=object)
    universe = sorted(set(universe))
    # In the input but not detected (or not tested): never counted as absent from the data.
    known = set(status.index)
    seen = [str(m) for m in data.mirnas if str(m) not in known]
    status = pd.concat([status, pd.Series("not detected", index=pd.Index(seen), dtype=object)])
    status = status[~status.index.duplicated()]
    up = sorted(status.index[status.eq("up")])
    down = sorted(status.index[status.eq("down")])

    # The review, the signatures and the targets speak of mature miRNAs: each feature
    # stands for the matures it measures (mirbone.names.mature_identities).
    view = mature_view(names_log, stats, status, universe)
    m_stats, m_status, m_universe = view.stats, view.status, view.universe
    m_query = (
        sorted(m_status.index[m_status.isin(["up", "down"])]) if stats is not None else m_universe
    )
    if not view.trivial:
        notes.append(mapping_sentence(view))
    _guard_empty_downstream(view, names_log, species, warn)

    say("comparing with the review")
    review = review_table(
        m_status, m_stats, species=species, test=test_group, reference=reference_group
    )
    if not view.trivial and not review.empty:
        review.insert(1, "measured_as", review["mirna"].map(view.feature_of).fillna(""))
    bone_signatures = {
        k: sorted(set(v)) for k, v in kb.signatures(species=species, evidence=evidence).items()
    }
    signatures = (
        bone_signatures
        if os.fspath(mirna_sets) == "bone"
        else enrich.mirna_sets(mirna_sets, species=species, evidence=evidence)
    )
    say(
        "testing the bone signatures"
        if os.fspath(mirna_sets) == "bone"
        else "testing the miRNA sets"
    )
    if stats is not None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                ora = enrich.directional_ora(
                    m_stats.loc[m_stats.index.isin(m_universe)],
                    signatures,
                    padj=padj,
                    log2fc=log2fc,
                    universe=m_universe,
                )
        except InputError as error:
            ora = pd.DataFrame()
            warn(f"Over-representation of the bone signatures was not tested: {error}")
        method = "stat" if "stat" in stats and stats["stat"].notna().any() else "signed_p"
        try:
            ranking = enrich.ranking_from_stats(
                m_stats.loc[m_stats.index.isin(m_universe)], method=method
            )
            gsea = enrich.gsea(ranking, signatures, permutations=permutations, seed=seed)
        except InputError as error:
            gsea = pd.DataFrame()
            warn(f"GSEA on the bone signatures was not run: {error}")
    else:
        from mirbone.names import mature_table

        all_mature = mature_table()
        background = sorted(
            set(all_mature.loc[all_mature["species"] == species, "mature"]) | set(m_universe)
        )
        ora = enrich.ora(m_universe, signatures, universe=background)
        ora.insert(0, "direction", "detected")
        gsea = pd.DataFrame()
        notes.append(
            "Without statistics the signatures were tested for the detected miRNAs against "
            f"all miRBase v22 {species} mature miRNAs, and GSEA was not run. Read this as a "
            "description, not a test of biology: well-studied miRNAs (the signatures' "
            "members) are detected far more often than miRBase as a whole, so most "
            "signatures will look over-represented in any EV sample."
        )

    say("loading target maps")
    kb_only = str(targets) == "kb"  # the review's edges alone, no database of the user's
    target_map = mtargets.load(targets, species=species)
    mapping = None
    if species != "hsa" and kb_only:
        notes.append(
            f"The knowledge base's genes are human (NCBI Gene snapshot), as are the GO BP "
            f"sets: the {species} miRNAs' review targets are tested as human genes."
        )
    elif species != "hsa":
        # mouse/rat genes of the target file -> human orthologues, for the human gene sets
        target_map, mapping = target_map.to_human(species)
        notes.append(mapping.sentence())
    kb_map = target_map if kb_only else mtargets.load("kb", species=species)
    if min_size is None:
        min_size = 3 if kb_only else 10
    sets, set_names = genesets.load(gene_sets)
    collections = [("target_enrichment", str(gene_sets), sets, set_names)]
    if all_go_bp and str(gene_sets) != "go-bp":
        go_sets, go_names = genesets.load("go-bp")
        collections.append(("target_enrichment_go_bp", "go-bp", go_sets, go_names))
    map_mirnas = set(target_map.mirnas)
    te_universe = sorted(set(m_universe) & map_mirnas)
    te_query = sorted(set(m_query) & map_mirnas)
    target_results: dict[str, enrich.TargetEnrichmentTable] = {}
    for key, label, gs, gs_names in collections:
        if not m_query:
            warn(
                f"Target-gene enrichment ({label}) was not run: no miRNA passed "
                "the significance thresholds."
            )
            continue
        if not te_query:
            warn(
                f"Target-gene enrichment ({label}) was not run: none of the "
                f"{len(m_query)} query miRNAs has targets in the target map."
            )
            continue
        if len(te_universe) <= len(te_query):
            warn(
                f"Target-gene enrichment ({label}) was not run: the miRNA universe with "
                f"targets ({len(te_universe)}) is no larger than the query ({len(te_query)})."
            )
            continue
        say(f"target-gene enrichment against {label} ({permutations} permutations)")
        try:
            target_results[key] = enrich.target_enrichment(
                te_query,
                target_map,
                gs,
                universe=te_universe,
                permutations=permutations,
                seed=seed,
                set_names=gs_names,
                progress=bool(progress),
                min_size=min_size,
            )
        except InputError as error:
            warn(f"Target-gene enrichment ({label}) was not run: {error}")
            continue
        space = None
        if label in {"bone", "go-bp"}:
            space = set().union(*genesets.go_bp(min_size=5, max_size=2000).values())
        counts, remnant = enrich.target_coverage(
            target_results[key],
            target_genes=list(target_map.genes),
            gene_sets=gs,
            min_size=min_size,
            max_size=500,
            gene_space=space,
            mapping=mapping,
        )
        for text in remnant:
            warn(f"Target-gene enrichment ({label}): {text}.")
        # Redundant terms (GO parent/child, shared genes) share a cluster; all rows stay.
        target_results[key] = enrich.TargetEnrichmentTable.of(
            enrich.simplify_terms(target_results[key], padj=padj),
            coverage=counts,
            remnant=remnant,
        )

    say("annotating target genes")
    edges = _target_edges(target_map, kb_map, m_query, external=not kb_only)
    if mapping is not None and not edges.empty:
        # the species' own gene beside its human orthologue
        own = mapping.pairs.groupby("human_symbol")["gene"].agg(lambda g: ";".join(sorted(g)))
        edges.insert(2, f"{species}_gene", edges["gene"].map(own).fillna(""))
    if not edges.empty:
        from mirbone.annotate import annotate

        notes_genes = annotate(sorted(set(edges["gene"])))
        keep = ["query", "symbol", "entrez_id", "name", "type", "status"]
        annotation = notes_genes[keep].rename(
            columns={
                "query": "gene",
                "entrez_id": "gene_entrez_id",
                "name": "gene_name",
                "type": "gene_type",
                "status": "annotation_status",
            }
        )
        edges = edges.merge(annotation, on="gene", how="left")

    tables: dict[str, pd.DataFrame] = {}
    tables["review_summary"] = review_summary(review) if not review.empty else pd.DataFrame()
    tables["review_mirnas"] = review
    tables["signature_ora"] = ora
    if not gsea.empty:
        tables["signature_gsea"] = gsea
    tables.update(target_results)
    tables["targets"] = edges
    if not kb_only:
        # For each review edge: does the database the user brought support it?
        tables["kb_concordance"] = mtargets.concordance(
            mtargets.from_kb(species=species, direct_only=False), target_map
        )
    if stats is not None:
        table = stats.copy()
        table.insert(0, "direction", status.reindex(table.index).fillna("not detected"))
        tables["differential"] = _with_index(table, "mirna")
    if not view.trivial and "key" in names_log.columns:
        names_log = names_log.copy()
        names_log["maps_to"] = [";".join(view.identities.get(str(k), [])) for k in names_log["key"]]
    tables["names"] = names_log
    result.tables = tables
    result.network = build_network(tables.get("differential"), edges, target_results, fdr=padj)

    if figures:
        say("drawing figures")
        result.figures = _figures(
            data,
            stats,
            review,
            ora,
            gsea,
            {k: v for k, v in target_results.items() if not v.remnant},
            edges,
            bone_signatures,  # the heatmap's row bars: the review's signatures only
            padj=padj,
            log2fc=log2fc,
            contrast=contrast,
            notes=notes,
            directions=status,
        )

    by_status = (
        names_log["status"].value_counts().to_dict() if "status" in names_log.columns else {}
    )
    result.summary = {
        "input": input_name,
        "format": str(getattr(data, "format", "")),
        "species": species,
        "contrast": contrast or "",
        "test_group": test_group,
        "reference_group": reference_group,
        "n_input_names": len(names_log),
        "name_status": {str(k): int(v) for k, v in sorted(by_status.items())},
        "n_resolved_names": _n_resolved(names_log, species),
        "n_detected": len(universe),
        "n_up": len(up),
        "n_down": len(down),
        "has_stats": stats is not None,
        "padj_computed": getattr(data, "padj_source", None) == "computed",
        "de_source": de_info.get("source", ""),
        "n_review_in_data": int(review["mirna"][review["in_data"]].nunique())
        if not review.empty
        else 0,
        "n_query": len(m_query),
        "n_signatures": len(signatures),
        "n_signatures_gsea": len(gsea) if stats is not None else 0,
        "n_matures": len(view.feature_of),
        "identity_counts": dict(view.counts),
        "n_query_with_targets": len(te_query),
        "n_target_edges": len(edges),
        "n_target_genes": int(edges["gene"].nunique()) if not edges.empty else 0,
        "targets": _targets_label(targets),
        "gene_sets": str(gene_sets)
        if str(gene_sets) in {"bone", "go-bp"}
        else Path(str(gene_sets)).name,
        "highlights": _highlights(tables),
    }
    result.parameters = {
        "species": species,
        "contrast": contrast,
        "targets": ",".join(
            item if item == "kb" else Path(item).name for item in mtargets.split_sources(targets)
        ),
        "gene_sets": result.summary["gene_sets"],
        "mirna_sets": [
            part if part in {"bone", "families"} else Path(part).name
            for part in (p.strip() for p in os.fspath(mirna_sets).split(","))
            if part
        ],
        "all_go_bp": bool(all_go_bp),
        "evidence": evidence,
        "padj": padj,
        "log2fc": log2fc,
        "permutations": int(permutations),
        "seed": int(seed),
        "min_size": int(min_size),
        "min_count": int(min_count),
        "aggregate": aggregate,
        "covariates": [str(c) for c in covariates],
        "design": de_info.get("design", ""),
        "allow_non_counts": bool(allow_non_counts),
        "fit": fit,
        "significance": f"padj < {padj} and |log2fc| > {log2fc}",
        "gsea_ranking": method if stats is not None else "",
        "gsea_min_size": enrich.GSEA_MIN_SIZE,
    }
    target_sources = mtargets.sources_provenance(targets)
    for source in target_sources:
        if source["kind"] == "file":
            inputs.append(_input_record(Path(str(source["path"])), "targets"))
    if str(gene_sets) not in {"bone", "go-bp"} and Path(str(gene_sets)).exists():
        inputs.append(_input_record(Path(str(gene_sets)), "gene_sets"))
    for part in os.fspath(mirna_sets).split(","):
        if part.strip() not in {"", "bone", "families"} and Path(part.strip()).is_file():
            inputs.append(_input_record(Path(part.strip()), "mirna_sets"))
    result.provenance = {
        "inputs": inputs,
        "differential": {k: v for k, v in de_info.items() if k != "n_samples"}
        | ({"n_samples": de_info["n_samples"]} if "n_samples" in de_info else {}),
        "data": _data_versions(kb.kb_version()),
        "target_databases": [
            {k: v for k, v in source.items() if k != "path"} for source in target_sources
        ],
        "software": {
            "mirbone": __version__,
            "python": platform.python_version(),
            **{
                name: _package_version(name)
                for name in (
                    "pandas",
                    "numpy",
                    "scipy",
                    "gseapy",
                    "pydeseq2",
                    "matplotlib",
                    "seaborn",
                    "jinja2",
                    "openpyxl",
                    "adjustText",
                )
            },
        },
    }
    say("done")
    return result


def _targets_label(targets: Any) -> str:
    """Name the target sources for the summary: the review (KB), stored names, file names."""
    from mirbone import targets as mtargets

    items = mtargets.split_sources(targets)
    names = [("the review (KB)" if i == "kb" else Path(i).name) for i in items]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _guard_empty_downstream(
    view: Any, names_log: pd.DataFrame, species: str, warn: Callable[[str], None]
) -> None:
    """Say why, and what to do, when few features are mature miRNAs of ``species``."""
    counts = view.counts
    features = counts.get("features", 0)
    usable = features - counts.get("non_mature", 0) - counts.get("none", 0)
    if features == 0 or usable >= 0.5 * features:
        return
    statuses = (
        names_log.drop_duplicates("key")["status"].value_counts().to_dict()
        if "status" in names_log.columns and "key" in names_log.columns
        else {}
    )
    listing = ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
    examples = []
    if "status" in names_log.columns:
        odd = names_log[names_log["status"].isin(["unknown", "retired", "empty"])]
        examples = [str(v) for v in odd["input"].head(3)]
    hint = f" (e.g. {', '.join(examples)})" if examples else ""
    warn(
        f"Only {usable} of {features} features ({100 * usable / features:.0f} %) are, or map "
        f"to, mature miRNAs of miRBase v22 {species}; name statuses: {listing}. The review "
        f"comparison, the signatures and the targets use those {usable} only{hint}. Check "
        "the species of the analysis, that the first column holds the miRNA names, and "
        "'mirbone names' on a few of them; non-mature features (_precursor, _stemloop, "
        "_unannotated) are tested but never used as miRNA identities."
    )


def _with_index(table: pd.DataFrame, name: str) -> pd.DataFrame:
    out = table.copy()
    out.index.name = name
    return out.reset_index()


significant = renamed_function(call_significance, "significant")
