"""Several contrasts in one run: one model fit, one analysis per contrast, a comparison.

:func:`analyze_contrasts` runs :func:`mirbone.analysis.analyze` once per contrast and puts
the results side by side (:class:`ContrastsResult`). With a count table and a sample sheet
the DESeq2 model is fitted once on the samples of every group the contrasts name
(:func:`mirbone.differential.deseq2_contrasts`), and each contrast is a Wald test of that
fit; with a multi-contrast statistics table (edgeR/limma ``A.vs.B_logFC`` ... columns) each
contrast's columns are read as they are, without counts.

The comparison holds ``comparison`` (one row per miRNA, one column block per contrast:
``<label>_log2fc``, ``<label>_padj``, ``<label>_direction``, then ``n_significant``),
``comparison_enrichment`` (every tested signature and term of every contrast in one long
table), a dot plot of signatures and terms across contrasts and an UpSet plot of the
significant miRNAs.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mirbone.errors import InputError

__all__ = ["ContrastsResult", "analyze_contrasts", "contrast_label", "expand_contrasts"]

_ALL_VS = re.compile(r"^all-vs:(?:(?P<column>[^:]+):)?(?P<reference>[^:]+)$")


def contrast_label(contrast: str) -> str:
    """Return a short name for a contrast: ``group:aged:young`` -> ``aged.vs.young``."""
    from mirbone.analysis._stats import groups_of

    if contrast.count(":") == 2:
        test, reference = groups_of(contrast)
        return f"{test}.vs.{reference}"
    return contrast


@dataclass
class ContrastsResult:
    """The analyses of several contrasts and their comparison.

    Attributes
    ----------
    contrasts
        ``COLUMN:TEST:REFERENCE`` (or contrast names of a statistics table), in order.
    results
        One :class:`~mirbone.analysis.AnalysisResult` per contrast, keyed by its label.
    comparison
        An :class:`~mirbone.analysis.AnalysisResult` holding the comparison tables and
        figures; :func:`mirbone.analysis.write_report` writes it with the per-contrast
        reports in ``contrasts/<label>/``.
    """

    contrasts: list[str]
    results: dict[str, Any] = field(default_factory=dict)
    comparison: Any = None

    def close_figures(self) -> None:
        """Close every figure of every analysis."""
        for result in self.results.values():
            result.close_figures()
        if self.comparison is not None:
            self.comparison.close_figures()


def expand_contrasts(specs: Sequence[str], data: Any, *, source: str = "") -> list[str]:
    """Turn ``--contrast`` values into a list, expanding ``all-vs:[COLUMN:]REFERENCE``.

    For a count table with a sample sheet, ``all-vs:young`` is every other group of the
    sheet column holding ``young`` against it (``all-vs:group:young`` names the column);
    for a multi-contrast statistics table, every contrast named ``<X>.vs.young``.
    """
    out: list[str] = []
    for spec in specs:
        match = _ALL_VS.match(str(spec).strip())
        if not match:
            out.append(str(spec).strip())
            continue
        reference, column = match.group("reference"), match.group("column")
        if data.stats is not None or data.counts is None:
            names = list(getattr(data, "contrasts", []) or [])
            found = [
                n
                for n in names
                if re.match(rf"^.+[._ -]vs[._ -]{re.escape(reference)}$", n, flags=re.IGNORECASE)
            ]
            if not found:
                msg = (
                    f"no contrast of the table is against {reference!r} (the table has: "
                    f"{', '.join(names) or 'no named contrasts'})"
                )
                raise InputError(msg, path=source or None, value=spec)
            out.extend(found)
            continue
        if data.samples is None:
            msg = "all-vs:REFERENCE needs a sample sheet with a count table"
            raise InputError(msg, path=source or None, value=spec, keyword="samples")
        sheet = data.samples.set_index("sample") if "sample" in data.samples else data.samples
        sheet = sheet.loc[[str(c) for c in data.counts.columns if str(c) in sheet.index]]
        columns = (
            [column]
            if column
            else [str(c) for c in sheet.columns if reference in set(sheet[c].dropna().astype(str))]
        )
        if column and column not in sheet.columns:
            msg = f"no column {column!r} in the sample sheet"
            raise InputError(msg, path=source or None, value=spec)
        if len(columns) != 1:
            msg = (
                f"{reference!r} is a group of {len(columns)} sample-sheet columns "
                f"({', '.join(columns) or 'none'}): write all-vs:COLUMN:{reference}"
            )
            raise InputError(msg, path=source or None, value=spec)
        levels = sorted(set(sheet[columns[0]].dropna().astype(str).str.strip()) - {"", reference})
        if not levels:
            msg = f"no other group than {reference!r} in column {columns[0]!r}"
            raise InputError(msg, path=source or None, value=spec)
        out.extend(f"{columns[0]}:{level}:{reference}" for level in levels)
    out = list(dict.fromkeys(out))
    if not out:
        msg = "no contrast given"
        raise InputError(msg, path=source or None)
    return out


def analyze_contrasts(
    data_or_path: Any,
    *,
    contrasts: Sequence[str],
    species: str = "hsa",
    samples: Any = None,
    format: str = "auto",
    sheet: str | None = None,
    aggregate: str = "auto",
    covariates: Sequence[str] = (),
    min_count: int = 10,
    padj: float = 0.05,
    allow_non_counts: bool = False,
    progress: Any = False,
    **options: Any,
) -> ContrastsResult:
    """Run the analysis for several contrasts (fitting a count model once) and compare them.

    Parameters
    ----------
    data_or_path
        As in :func:`mirbone.analysis.analyze`.
    contrasts
        ``COLUMN:TEST:REFERENCE`` values of one sample-sheet column (with counts), contrast
        names of a multi-contrast statistics table, or ``all-vs:[COLUMN:]REFERENCE``.
    species, samples, format, sheet, aggregate
        As in :func:`mirbone.analysis.analyze`.
    covariates, min_count, padj, allow_non_counts, progress
        As in :func:`mirbone.analysis.analyze`.
    **options
        Passed on to :func:`mirbone.analysis.analyze` for each contrast (targets,
        gene_sets, mirna_sets, log2fc, permutations, seed, ...).

    Returns
    -------
    ContrastsResult
    """
    from mirbone.analysis._analyze import _report_progress, analyze
    from mirbone.analysis._inputs import read_input
    from mirbone.analysis._stats import fit_contrasts, non_count_sentence
    from mirbone.names import normalize_species

    say = _report_progress(progress=progress)
    species = normalize_species(species)
    source = os.fspath(data_or_path) if isinstance(data_or_path, str | os.PathLike) else "data"
    first = next((c for c in contrasts if c.count(":") != 2 and not _ALL_VS.match(c)), None)
    if first is None and isinstance(data_or_path, str | os.PathLike):
        first = _first_table_contrast(Path(data_or_path))
    reading = {"samples": samples, "format": format, "sheet": sheet, "aggregate": aggregate}
    data, inputs, _ = read_input(data_or_path, species=species, contrast=first, **reading)
    if data.stats is not None and not getattr(data, "contrasts", None) and len(contrasts) > 1:
        msg = "this statistics table holds one comparison: several contrasts need counts and a "
        msg += "sample sheet, or a multi-contrast table (A.vs.B_logFC ... columns)"
        raise InputError(msg, path=source)
    specs = expand_contrasts(contrasts, data, source=source)
    labels = [contrast_label(c) for c in specs]
    if len(set(labels)) != len(labels):
        msg = "two contrasts have the same groups"
        raise InputError(msg, path=source, value=", ".join(specs))
    shared = {"species": species, "padj": padj, "progress": progress, **options}
    results: dict[str, Any] = {}
    if data.counts is not None and data.stats is None:
        if data.samples is None:
            msg = "several contrasts of a count table need a sample sheet"
            raise InputError(msg, path=source, keyword="samples")
        say(f"testing {len(specs)} contrasts with one DESeq2 fit")
        tables, reason = fit_contrasts(
            data,
            specs,
            covariates=covariates,
            min_count=min_count,
            padj=padj,
            allow_non_counts=allow_non_counts,
            source=source,
        )
        for spec, label in zip(specs, labels, strict=True):
            say(f"contrast {spec}")
            stats = tables[spec]
            one = dataclasses.replace(data, stats=stats)
            result = analyze(one, contrast=spec, **shared)
            fitted = stats.deseq2
            result.provenance["differential"] = {"source": "PyDESeq2", **fitted.record()}
            result.provenance["inputs"] = list(inputs)
            result.parameters["design"] = fitted.design
            result.parameters["covariates"] = [str(c) for c in covariates]
            result.parameters["min_count"] = int(min_count)
            result.summary["de_source"] = "PyDESeq2"
            if fitted.n_not_tested:
                result.notes.append(
                    f"{fitted.n_not_tested} miRNAs with too few reads were not tested "
                    f"(pre-filter {fitted.prefilter}, over the samples of all contrasts)."
                )
            result.notes.append(
                f"The DESeq2 model was fitted once on the {len(fitted.samples)} "
                f"samples of the groups of all {len(specs)} contrasts; this contrast is a Wald "
                "test of that fit."
            )
            if reason:
                result.warnings.append(non_count_sentence(reason))
            results[label] = result
    else:
        for spec, label in zip(specs, labels, strict=True):
            say(f"contrast {spec}")
            # each contrast of a statistics table is read from it again
            results[label] = analyze(data_or_path, contrast=spec, **reading, **shared)
    say("comparing the contrasts")
    comparison = _comparison(
        results, specs, labels, padj=padj, figures=options.get("figures", True)
    )
    return ContrastsResult(contrasts=specs, results=results, comparison=comparison)


def _first_table_contrast(path: Path) -> str | None:
    """Return the first contrast of a multi-contrast statistics table (None otherwise)."""
    from mirbone.io._readers import contrast_columns

    if path.suffix.lower() in {".xlsx", ".xls"} or not path.is_file():
        return None
    try:
        header = pd.read_csv(path, sep=None, engine="python", nrows=0).columns
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError):
        return None
    found = list(contrast_columns([str(c) for c in header]))
    return found[0] if len(found) > 1 else None


def comparison_table(results: dict[str, Any]) -> pd.DataFrame:
    """One row per miRNA, one ``<label>_log2fc/_padj/_direction`` block per contrast."""
    blocks = []
    for label, result in results.items():
        table = result.tables.get("differential")
        if table is None or table.empty:
            continue
        block = table.set_index("mirna")[["log2fc", "padj", "direction"]]
        block.columns = [f"{label}_{c}" for c in block.columns]
        blocks.append(block)
    if not blocks:
        return pd.DataFrame(columns=["mirna", "n_significant"])
    wide = pd.concat(blocks, axis=1, join="outer")
    directions = wide[[c for c in wide.columns if c.endswith("_direction")]]
    wide["n_significant"] = directions.isin(["up", "down"]).sum(axis=1).astype(int)
    for column in directions.columns:
        wide[column] = wide[column].fillna("not detected")
    wide.index.name = "mirna"
    wide = wide.reset_index()
    return wide.sort_values(
        ["n_significant", "mirna"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


_ENRICHMENT = {
    "signature_ora": "signatures (ORA)",
    "signature_gsea": "signatures (GSEA)",
    "target_enrichment": "target genes",
    "target_enrichment_go_bp": "target genes, all GO BP",
}


def comparison_enrichment(results: dict[str, Any]) -> pd.DataFrame:
    """Every tested signature and term of every contrast, one row each (long format)."""
    rows = []
    for label, result in results.items():
        for key, collection in _ENRICHMENT.items():
            table = result.tables.get(key)
            if table is None or table.empty or "fdr" not in table:
                continue
            frame = pd.DataFrame(
                {
                    "contrast": label,
                    "collection": collection,
                    "direction": table["direction"].astype(str) if "direction" in table else "",
                    "term": table["term"].astype(str),
                    "name": table["name"].astype(str)
                    if "name" in table
                    else table["term"].astype(str),
                    "size": pd.to_numeric(
                        table.get("overlap", table.get("n_targeted", table.get("size"))),
                        errors="coerce",
                    ),
                    "score": _score(table),
                    "fdr": pd.to_numeric(table["fdr"], errors="coerce"),
                }
            )
            if "representative" in table:
                frame["representative"] = table["representative"].astype(bool).to_numpy()
            rows.append(frame)
    columns = [
        "contrast",
        "collection",
        "direction",
        "term",
        "name",
        "size",
        "score",
        "fdr",
        "representative",
    ]
    if not rows:
        return pd.DataFrame(columns=columns)
    out = pd.concat(rows, ignore_index=True)
    if "representative" not in out:
        out["representative"] = np.ones(len(out), dtype=bool)
    out["representative"] = out["representative"].astype("boolean").fillna(value=True).astype(bool)
    return out[columns]


def _score(table: pd.DataFrame) -> pd.Series:
    if "fold_enrichment" in table:
        return pd.to_numeric(table["fold_enrichment"], errors="coerce")
    if "nes" in table:
        return pd.to_numeric(table["nes"], errors="coerce")
    targeted = pd.to_numeric(table.get("n_targeted"), errors="coerce")
    expected = pd.to_numeric(table.get("expected"), errors="coerce").replace(0, np.nan)
    return targeted / expected


def _comparison(
    results: dict[str, Any],
    specs: list[str],
    labels: list[str],
    *,
    padj: float,
    figures: bool = True,
) -> Any:
    from mirbone import plot
    from mirbone.analysis._analyze import AnalysisResult

    base = next(iter(results.values()))
    tables = {
        "comparison": comparison_table(results),
        "comparison_enrichment": comparison_enrichment(results),
    }
    drawn: dict[str, Any] = {}
    notes: list[str] = []
    if figures:
        significant = {
            label: set(
                result.tables["differential"].loc[
                    result.tables["differential"]["direction"].isin(["up", "down"]), "mirna"
                ]
            )
            for label, result in results.items()
            if "differential" in result.tables
        }
        if significant:
            drawn["significant_upset"] = plot.upset(significant).figure
        enrichment = tables["comparison_enrichment"]
        shown = enrichment[enrichment["representative"]]
        if not shown.empty:
            shown = shown.assign(
                term=np.where(
                    shown["direction"].isin(["up", "down"]),
                    shown["direction"] + ": " + shown["name"],
                    shown["name"],
                )
            )
            drawn["comparison_dotplot"] = plot.comparison_dotplot(
                shown, contrasts=labels, padj=max(padj, 0.25)
            ).figure
        else:
            notes.append("No signature or term was tested in any contrast: no dot plot.")
    summary = dict(base.summary)
    summary.update(
        {
            "comparison": True,
            "contrast": ", ".join(specs),
            "contrasts": [
                {
                    "label": label,
                    "contrast": spec,
                    "n_up": results[label].summary.get("n_up", 0),
                    "n_down": results[label].summary.get("n_down", 0),
                    "report": f"contrasts/{label}/report.html",
                    "padj_computed": bool(results[label].summary.get("padj_computed")),
                }
                for spec, label in zip(specs, labels, strict=True)
            ],
            "highlights": [
                f"{label}: {results[label].summary.get('n_up', 0)} up, "
                f"{results[label].summary.get('n_down', 0)} down"
                for label in labels
            ],
        }
    )
    parameters = dict(base.parameters)
    parameters["contrast"] = list(specs)
    return AnalysisResult(
        tables=tables,
        figures=drawn,
        parameters=parameters,
        provenance=dict(base.provenance),
        summary=summary,
        notes=[*notes, *(n for r in results.values() for n in r.warnings)],
        warnings=[f"{label}: {w}" for label, r in results.items() for w in r.warnings],
    )


def report_name(label: str) -> str:
    """Return the folder of a contrast's report under ``contrasts/``."""
    from mirbone.analysis._report import safe_filename

    return safe_filename(label)


def write_contrasts(
    result: ContrastsResult, outdir: str | os.PathLike[str], *, force: bool = False
) -> Path:
    """Write the comparison report with one report per contrast in ``contrasts/<label>/``."""
    from mirbone.analysis._report import write_report

    return write_report(
        result.comparison,
        outdir,
        force=force,
        subreports={report_name(k): v for k, v in result.results.items()},
    )


def comparison_methods(result: Any) -> list[str]:
    """Return the methods sentences of a comparison report."""
    p, s = result.parameters, result.summary
    de = result.provenance.get("differential", {})
    fitted = (
        f"PyDESeq2 {de.get('pydeseq2', '')} was fitted once (design "
        f"{de.get('design', '~condition')}) on the samples of every group named, and each "
        "contrast is a Wald test of that fit"
        if de.get("source") == "PyDESeq2"
        else "each contrast's statistics were read from the input table as given"
    )
    computed = [c["label"] for c in s.get("contrasts", []) if c.get("padj_computed")]
    if computed:
        fitted += (
            f"; the table had no adjusted p-values for {', '.join(computed)}: padj was "
            "computed there by Benjamini-Hochberg over that contrast's p-values"
        )
    from mirbone.analysis._report import knowledge_base_sentence

    return [
        f"{len(s.get('contrasts', []))} contrasts were analysed ({s.get('contrast', '')}): "
        f"{fitted}.",
        "Each contrast has its own full report (statistics, signatures, target genes, "
        "network; methods there) in contrasts/; tables/comparison.tsv puts the log2 fold "
        "changes, adjusted p-values and calls side by side, and "
        "tables/comparison_enrichment.tsv every tested signature and term of every "
        f"contrast. miRNAs were called at {p.get('significance', '')}.",
        *knowledge_base_sentence(result),
    ]
