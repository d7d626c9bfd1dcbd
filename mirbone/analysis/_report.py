"""Write an :class:`~mirbone.analysis.AnalysisResult` as a report folder.

``write_report(result, outdir)`` writes ``report.html`` (self-contained: figures embedded as
base64 PNG, CSS and a small sorting script inline, works offline), ``report.md``,
``tables/*.tsv``, ``tables.xlsx``, ``figures/*.png`` and ``*.svg`` and ``run.json``.
Everything is written into a temporary sibling folder that is renamed into place at the
end, so an error or Ctrl-C never leaves a half-written report. Every string that came
from the user (sample, miRNA, term and file names) is escaped: by Jinja2's autoescape in
HTML, by :func:`markdown_escape` in Markdown (Markdown backslash escapes only: report.md
holds no HTML entities, so it reads as plain text too). The one timestamp is ``run.json``'s
``created`` field: two runs on the same input are otherwise byte-identical (tables, the
workbook, figures, run.json, report.md, report.html).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import math
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mirbone._versions import GENE_ONTOLOGY, NCBI_GENE
from mirbone.analysis._stats import cooks_clause, fit_sentence
from mirbone.analysis._workbook import sheet_name as sheet_name  # re-exported
from mirbone.analysis._workbook import write_xlsx as _write_xlsx
from mirbone.errors import InputError

#: Rows of a table shown in the report (the full table is in ``tables/``).
MAX_ROWS = 200
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-]|\d+)([.)]?)(?=\s|$)")
#: ``<`` that could open an HTML tag, comment or autolink; ``&`` that could open an entity.
_MD_HTML_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_UNSAFE_FILE = re.compile(r"[^A-Za-z0-9._-]+")
_RESERVED_FILE = re.compile(r"(?i)con|prn|aux|nul|com[0-9]|lpt[0-9]")

CITATIONS = (
    (
        "review",
        "Bianciardi S, Merlotti D, Materozzi M. Vescicole extracellulari e metabolismo "
        "osseo. L'Endocrinologo 2021. doi:10.1007/s40619-021-00817-4 (CC BY 4.0): the source of "
        "the knowledge base.",
    ),
    (
        "mirbase",
        "Kozomara A, Birgaoanu M, Griffiths-Jones S. miRBase: from microRNA sequences "
        "to function. Nucleic Acids Res 2019;47:D155-D162 (miRBase release 22).",
    ),
    (
        "bleazard",
        "Bleazard T, Lamb JA, Griffiths-Jones S. Bias in microRNA functional "
        "enrichment analysis. Bioinformatics 2015;31:1592-1598.",
    ),
    (
        "godard",
        "Godard P, van Eyll J. Pathway analysis from lists of microRNAs: common pitfalls "
        "and alternative strategy. Nucleic Acids Res 2015;43:3490-3497.",
    ),
    (
        "gseapy",
        "Fang Z, Liu X, Peltz G. GSEApy: a comprehensive package for performing gene "
        "set enrichment analysis in Python. Bioinformatics 2023;39:btac757.",
    ),
    (
        "go",
        "The Gene Ontology Consortium. The Gene Ontology knowledgebase in 2023. Genetics "
        f"2023;224:iyad031 (GO release {GENE_ONTOLOGY.date} via Bioconductor "
        f"{GENE_ONTOLOGY.package}).",
    ),
    (
        "ncbi_gene",
        f"NCBI Gene (snapshot {NCBI_GENE.date} via Bioconductor {NCBI_GENE.package}).",
    ),
)
CITATIONS_DE = (
    (
        "pydeseq2",
        "Muzellec B, Telenczuk M, Cabeli V, Andreux M. PyDESeq2: a python package for "
        "bulk RNA-seq differential expression analysis. Bioinformatics 2023;39:btad547.",
    ),
    (
        "deseq2",
        "Love MI, Huber W, Anders S. Moderated estimation of fold change and dispersion "
        "for RNA-seq data with DESeq2. Genome Biol 2014;15:550.",
    ),
)
TARGET_DB_CITATIONS = {
    "mirtarbase": "Huang HY et al. miRTarBase update 2022: an informative resource for "
    "experimentally validated miRNA-target interactions. Nucleic Acids Res "
    "2022;50:D222-D230.",
    "targetscan": "McGeary SE et al. The biochemical basis of microRNA targeting efficacy. "
    "Science 2019;366:eaav1741 (TargetScan 8).",
    "mirdb": "Chen Y, Wang X. miRDB: an online database for prediction of functional microRNA "
    "targets. Nucleic Acids Res 2020;48:D127-D131.",
    "tarbase": "Skoufos G et al. TarBase-v9.0 extends experimentally supported miRNA-gene "
    "interactions to cell-types and virally encoded miRNAs. Nucleic Acids Res "
    "2024;52:D304-D310.",
}

_TITLES = {
    "differential": "Differential abundance",
    "review_mirnas": "Review EV miRNAs in your data",
    "review_summary": "What the changes of review miRNAs imply",
    "signature_ora": "Bone signatures: over-representation (up and down)",
    "signature_gsea": "Bone signatures: GSEA",
    "target_enrichment": "Target-gene enrichment (empirical test)",
    "target_enrichment_go_bp": "Target-gene enrichment, all GO BP (empirical test)",
    "targets": "Target genes of the query miRNAs",
    "kb_concordance": "Review miRNA-target edges supported by your target database",
    "names": "miRNA name resolution",
    "comparison": "Contrasts side by side (one column block per contrast)",
    "comparison_enrichment": "Signatures and terms across contrasts",
}
#: The section (table) each figure is shown with; ``<table>_dotplot`` goes with ``<table>``.
_FIGURE_SECTION = {
    "volcano": "differential",
    "expression_heatmap": "review_mirnas",
    "target_heatmap": "targets",
    "significant_upset": "comparison",
    "comparison_dotplot": "comparison_enrichment",
}
_FIGURE_TITLES = {
    "volcano": "Volcano plot (review miRNAs labelled)",
    "expression_heatmap": "Expression (z-scored log-CPM) of the review miRNAs in the data "
    "(or, when fewer than two are in the data, the 30 most significant "
    "miRNAs)",
    "target_heatmap": "miRNA x target gene",
    "signature_ora_dotplot": "Bone signatures, ORA",
    "signature_gsea_dotplot": "Bone signatures, GSEA",
    "target_enrichment_dotplot": "Target-gene enrichment",
    "target_enrichment_go_bp_dotplot": "Target-gene enrichment, all GO BP",
    "significant_upset": "Significant miRNAs per contrast (UpSet: exclusive intersections)",
    "comparison_dotplot": "Signatures and terms by contrast (colour: FDR, fixed scale)",
}


def safe_filename(name: str, *, taken: Iterable[str] = ()) -> str:
    """Return ``name`` reduced to ``[A-Za-z0-9._-]`` (max 80 characters), unique in ``taken``.

    No path separator, NUL or ``..`` survives, the name never starts with a dot, and
    names Windows reserves (``CON``, ``NUL.txt``, ``COM1``, ...) get a ``_`` after the stem.
    """
    base = _UNSAFE_FILE.sub("_", str(name)).strip("._-")[:80].rstrip("._-") or "item"
    stem, dot, rest = base.partition(".")
    if _RESERVED_FILE.fullmatch(stem):
        base = f"{stem}_{dot}{rest}"
    used = {t.lower() for t in taken}
    candidate, number = base, 2
    while candidate.lower() in used:
        candidate = f"{base}_{number}"
        number += 1
    return candidate


def markdown_escape(value: object) -> str:
    r"""Escape a string for Markdown text or a table cell, with backslash escapes only.

    Markdown syntax (``\ ` * _ [ ] | ~``, a list or heading marker at the start) is
    escaped; so are a ``<`` that could open raw HTML or an autolink, a ``>`` that could
    open a block quote and an ``&`` that could open an entity. Plain text such as
    ``FDR < 0.05`` or ``Godard & van Eyll`` is left as it reads.
    """
    text = "" if value is None else str(value)
    text = text.replace("\r", " ").replace("\n", " ")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(_escape_line_start, text)
    text = _MD_HTML_OPEN.sub(r"\\<", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    stripped = text.lstrip()
    if stripped.startswith(">"):
        text = f"{text[: len(text) - len(stripped)]}\\{stripped}"
    return text


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker, dot = match.groups()
    if marker[0].isdigit():  # "1. " starts an ordered list: escape the dot
        return f"{indent}{marker}\\{dot}" if dot else match.group(0)
    return f"{indent}\\{marker}{dot}"


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set | frozenset):
        return ";".join(map(str, value))
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value == 0:
            return "0"
        if abs(value) < 1e-3 or abs(value) >= 1e5:
            return f"{value:.3g}"
        return f"{value:.4g}"
    if isinstance(value, bool | np.bool_):
        # the convention of the TSV tables (pandas writes True/False): one in every output
        return "True" if value else "False"
    return str(value)


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """Make list-like cells ``;``-joined strings so every writer sees scalars."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = [
                ";".join(map(str, v)) if isinstance(v, list | tuple | set | frozenset) else v
                for v in out[column]
            ]
    return out


def _display(table: pd.DataFrame, *, max_rows: int = MAX_ROWS) -> dict[str, Any]:
    shown = table.head(max_rows)
    numeric = [
        pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(shown[c])
        for c in shown.columns
    ]
    rows = []
    for record in shown.itertuples(index=False, name=None):
        rows.append(
            [
                {
                    "text": _cell_text(v).replace(";", "; ")
                    if isinstance(v, str)
                    else _cell_text(v),
                    "sort": (repr(float(v)) if is_num and pd.notna(v) else ""),
                }
                for v, is_num in zip(record, numeric, strict=True)
            ]
        )
    return {
        "columns": [str(c) for c in table.columns],
        "rows": rows,
        "total": len(table),
        "shown": len(shown),
        "numeric": numeric,
    }


def _shown_rows(name: str, table: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Return the rows of a table the report shows and what they are (the TSV has all)."""
    if name == "review_mirnas" and "in_data" in table.columns:
        return table[table["in_data"].astype(bool)], "findings whose miRNA is in your data"
    if name == "differential" and "direction" in table.columns:
        hits = table[table["direction"].isin(["up", "down"])]
        if {"padj", "log2fc"} <= set(hits.columns):
            order = pd.DataFrame(
                {
                    "padj": pd.to_numeric(hits["padj"], errors="coerce").to_numpy(),
                    "size": -pd.to_numeric(hits["log2fc"], errors="coerce").abs().to_numpy(),
                }
            )
            hits = hits.iloc[order.sort_values(["padj", "size"], kind="stable").index]
        return hits, "significant miRNAs, by adjusted p-value then |log2 fold change|"
    if name == "names" and "status" in table.columns:
        return table[table["status"].ne("exact")], "names that were not exact miRBase v22 names"
    return table, ""


def _markdown_table(table: pd.DataFrame, *, max_rows: int = 50) -> str:
    if table.empty:
        return "*(empty)*"
    shown = table.head(max_rows)
    header = "| " + " | ".join(markdown_escape(c) for c in shown.columns) + " |"
    rule = "|" + "|".join("---" for _ in shown.columns) + "|"
    body = [
        "| " + " | ".join(markdown_escape(_cell_text(v)) for v in record) + " |"
        for record in shown.itertuples(index=False, name=None)
    ]
    lines = [header, rule, *body]
    if len(table) > len(shown):
        lines.append("")
        lines.append(f"*{len(shown)} of {len(table)} rows shown.*")
    return "\n".join(lines)


def _evidence_phrase(parameters: dict[str, Any]) -> str:
    """Say which knowledge-base evidence the bone signatures were built from."""
    if parameters.get("evidence", "any") == "strong":
        return (
            "evidence strong: only members resting on a knowledge-base row whose cited "
            "primary paper's abstract states it; review-only, uncited and title-only "
            "rows left out"
        )
    return (
        "evidence any: members from knowledge-base rows of every level, primary paper, "
        "review only and uncited table rows; see the evidence column of the review table"
    )


def _methods(result: Any) -> list[str]:
    p, s = result.parameters, result.summary
    if s.get("comparison"):
        from mirbone.analysis._contrasts import comparison_methods

        return comparison_methods(result)
    de = result.provenance.get("differential", {})
    sentences = [
        f"miRNA names were normalised to miRBase release 22 ({s['n_input_names']} names read; "
        "statuses in tables/names.tsv).",
    ]
    if de.get("source") == "PyDESeq2":
        sentences.append(
            f"Differential abundance ({p['contrast']}: log2 fold change of "
            f"{s['test_group']} over {s['reference_group']}) was tested with PyDESeq2 "
            f"{de.get('pydeseq2', '')} (Wald test, design {de.get('design', '~condition')}, "
            "size factors "
            f"'{de.get('size_factors', '')}', Benjamini-Hochberg after independent "
            f"filtering; {de.get('n_tested', '')} miRNAs tested{cooks_clause(de)})."
        )
        if de.get("fit_groups"):
            sentences.append(fit_sentence(de))
    elif s["has_stats"]:
        sentences.append("Differential statistics were taken from the input table as given.")
        if s.get("padj_computed"):
            sentences.append(
                "The table had no adjusted p-values: padj was computed by Benjamini-Hochberg "
                "over its p-values."
            )
    if s["has_stats"]:
        sentences.append(
            f"miRNAs were called up or down at {p['significance']} ({s['n_up']} up, "
            f"{s['n_down']} down of {s['n_detected']} detected)."
        )
        software = result.provenance.get("software", {})
        gsea = (
            f", and by preranked GSEA (gseapy {software.get('gseapy', '')}, "
            f"{p['permutations']} permutations, seed {p['seed']}, ranking by "
            f"{p['gsea_ranking'] or 'the statistic'}; the {s.get('n_signatures_gsea', '')} of "
            f"{s.get('n_signatures', '')} signatures with at least "
            f"{p.get('gsea_min_size', '')} members among the ranked miRNAs)"
            if "signature_gsea" in result.tables
            else " (GSEA could not be run: see the notes)"
        )
        sentences.append(
            f"The review's bone miRNA signatures ({_evidence_phrase(p)}) were tested by "
            "one-sided hypergeometric "
            "over-representation for the up and the down miRNAs separately, with the "
            "detected miRNAs as universe and Benjamini-Hochberg correction over every tested "
            f"signature{gsea}."
        )
    else:
        sentences.append(
            "The detected miRNAs were tested for over-representation of the review's bone "
            f"signatures ({_evidence_phrase(p)}; one-sided hypergeometric, "
            "Benjamini-Hochberg)."
        )
    if any(name.startswith("target_enrichment") for name in result.tables):
        sentences.append(
            f"Targets were taken from {s['targets']}. Target-gene enrichment of the "
            f"{s['n_query_with_targets']} query miRNAs with targets against the "
            f"{s['gene_sets']} gene sets (and all GO BP where shown) used the empirical "
            "miRNA-level test that corrects the bias of gene-level tests (Bleazard et al. "
            f"2015; Godard & van Eyll 2015): {p['permutations']} random miRNA sets of the "
            f"query's size (seed {p['seed']}) drawn from the detected miRNAs with targets, "
            "p = (b+1)/(N+1), "
            f"sets of at least {p.get('min_size', '')} targetable genes, "
            "Benjamini-Hochberg; the naive gene-level hypergeometric p-value is shown beside "
            "it for comparison only."
        )
    else:
        sentences.append(
            f"Targets were taken from {s['targets']}; target-gene enrichment could not be run "
            "(see the notes)."
        )
    from mirbone.targets import methods_sentences

    sentences.extend(methods_sentences(result.provenance.get("target_databases", [])))
    sentences.append(
        f"Target genes were annotated from the bundled NCBI Gene snapshot "
        f"({NCBI_GENE.date}); GO Biological Process sets come from GO release "
        f"{GENE_ONTOLOGY.date}."
    )
    sentences.extend(knowledge_base_sentence(result))
    return sentences


def knowledge_base_sentence(result: Any) -> list[str]:
    """Return the sentence naming the knowledge base's version (none when unknown)."""
    knowledge_base = result.provenance.get("data", {}).get("knowledge_base", {})
    if not knowledge_base.get("version"):
        return []
    return [
        "The knowledge base is a hand-curated reading of the review (version "
        f"{knowledge_base['version']})."
    ]


def _citations(result: Any) -> list[str]:
    out = [text for _, text in CITATIONS]
    if result.provenance.get("differential", {}).get("source") == "PyDESeq2":
        out.extend(text for _, text in CITATIONS_DE)
    sources = set()
    targets = result.tables.get("targets")
    if targets is not None and "source" in targets.columns:
        for value in targets["source"].dropna().astype(str):
            sources.update(part.strip().lower() for part in value.split(";"))
    for key, text in TARGET_DB_CITATIONS.items():
        if any(key in source for source in sources):
            out.append(text)
    return out


def _json_default(value: object) -> object:
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, set | frozenset | tuple):
        return sorted(map(str, value))
    return str(value)


def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _timestamp() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() else datetime.now(UTC)
    )
    return moment.isoformat(timespec="seconds")


def _save_figure(figure: Any, stem: Path) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    with plt.rc_context({"svg.hashsalt": "mirbone", "svg.fonttype": "none"}):
        figure.savefig(
            buffer, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None}
        )
        png = buffer.getvalue()
        stem.with_suffix(".png").write_bytes(png)
        figure.savefig(
            stem.with_suffix(".svg"),
            format="svg",
            bbox_inches="tight",
            metadata={"Date": None, "Creator": None},
        )
    return png


def check_outdir(outdir: str | os.PathLike[str], *, force: bool = False) -> None:
    """Refuse an output folder that exists and is not empty (unless ``force``).

    Even with ``force`` only a previous mirbone report (a folder with ``run.json``) may be
    replaced, so a mistyped ``-o`` never deletes unrelated files.
    """
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        msg = "output folder is an existing file"
        raise InputError(msg, path=outdir)
    if outdir.is_dir() and any(outdir.iterdir()):
        if not force:
            msg = "output folder exists and is not empty; choose another, or set force to replace"
            raise InputError(msg, path=outdir, keyword="force")
        if not (outdir / "run.json").is_file():
            msg = (
                "output folder is not a mirbone report (no run.json); refusing to replace it "
                "even with force: choose another folder"
            )
            raise InputError(msg, path=outdir, keyword="force")


def write_report(
    result: Any,
    outdir: str | os.PathLike[str],
    *,
    force: bool = False,
    subreports: Mapping[str, Any] | None = None,
) -> Path:
    """Write the report folder for an analysis result.

    Parameters
    ----------
    result
        An :class:`mirbone.analysis.AnalysisResult`.
    outdir
        The folder to create. An existing non-empty folder is refused unless ``force``;
        even with ``force`` only a previous mirbone report (one with ``run.json``) is
        replaced.
    force
        Replace an existing report folder.
    subreports
        Results written as full reports in ``contrasts/<name>/``, in the same atomic write.

    Returns
    -------
    pathlib.Path
        The report folder.
    """
    from mirbone._output import new_dir_mode, output_error

    target = Path(outdir)
    check_outdir(target, force=force)
    staging: Path | None = None
    old: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(
            tempfile.mkdtemp(prefix=f".{target.name[:200]}.", suffix=".tmp", dir=target.parent)
        )
        staging.chmod(new_dir_mode())  # mkdtemp makes it private (0o700)
        _write_all(result, staging)
        for name, sub in (subreports or {}).items():
            (staging / "contrasts" / safe_filename(name)).mkdir(parents=True)
            _write_all(sub, staging / "contrasts" / safe_filename(name))
        if target.exists():
            old = Path(
                tempfile.mkdtemp(prefix=f".{target.name[:200]}.", suffix=".old", dir=target.parent)
            )
            old.rmdir()
            target.rename(old)
            staging.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(target)
    except BaseException as error:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if old is not None and old.exists() and not target.exists():
            old.rename(target)  # interrupted between the two renames: put the old one back
        if isinstance(error, OSError):
            mapped = output_error(error, target)
            if mapped is not error:
                raise mapped from error
        raise
    return target


def _write_all(result: Any, folder: Path) -> None:
    from jinja2 import Environment, PackageLoader, select_autoescape

    from mirbone.analysis._network import network_context

    tables_dir, figures_dir = folder / "tables", folder / "figures"
    tables_dir.mkdir()
    figures_dir.mkdir()
    table_files: dict[str, str] = {}
    checksums: dict[str, str] = {}
    plain_tables: dict[str, pd.DataFrame] = {}
    for name, table in result.tables.items():
        file = safe_filename(name, taken=table_files.values())
        table_files[name] = file
        plain = _plain(table)
        plain_tables[name] = plain
        text = plain.to_csv(sep="\t", index=False, lineterminator="\n")
        data = text.encode("utf-8")
        (tables_dir / f"{file}.tsv").write_bytes(data)
        checksums[f"tables/{file}.tsv"] = _sha256_bytes(data)
    _write_xlsx(plain_tables, folder / "tables.xlsx")
    network = network_context(result, tables_dir, checksums)

    figures: list[dict[str, str]] = []
    figure_files: list[str] = []
    for name, figure in result.figures.items():
        file = safe_filename(name, taken=figure_files)
        figure_files.append(file)
        png = _save_figure(getattr(figure, "figure", figure), figures_dir / file)
        figures.append(
            {
                "name": name,
                "file": MarkdownText(file),
                "title": _FIGURE_TITLES.get(name, name.replace("_", " ")),
                "data": base64.b64encode(png).decode("ascii"),
            }
        )

    from mirbone.analysis import AGREEMENT_TEXT

    sections = []
    placed: set[str] = set()
    for name, table in result.tables.items():
        shown, caption = _shown_rows(name, table)
        own = [
            f
            for f in figures
            if _FIGURE_SECTION.get(f["name"], "") == name or f["name"] == f"{name}_dotplot"
        ]
        placed.update(f["name"] for f in own)
        sections.append(
            {
                "name": name,
                "file": MarkdownText(f"tables/{table_files[name]}.tsv"),
                "title": _TITLES.get(name, name.replace("_", " ")),
                "caption": caption,
                "table": _display(_plain(shown)),
                "md": MarkdownText(_markdown_table(_plain(shown))),
                "figures": own,
            }
        )
    other_figures = [f for f in figures if f["name"] not in placed]
    context = {
        "summary": result.summary,
        "parameters": result.parameters,
        "warnings": list(getattr(result, "warnings", [])),
        "notes": [n for n in result.notes if n not in getattr(result, "warnings", [])],
        "sections": sections,
        "figures": figures,
        "other_figures": other_figures,
        "methods": _methods(result),
        "citations": _citations(result),
        "agreement": AGREEMENT_TEXT,
        "provenance": result.provenance,
        "network": network,
    }
    environment = Environment(
        loader=PackageLoader("mirbone.analysis", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    html = environment.get_template("report.html.j2").render(**context)
    (folder / "report.html").write_text(html, encoding="utf-8", newline="\n")
    markdown = environment.overlay(autoescape=False, finalize=_md_finalize)
    md = markdown.get_template("report.md.j2").render(**context)
    (folder / "report.md").write_text(md, encoding="utf-8", newline="\n")

    run = {
        "mirbone_version": result.provenance.get("software", {}).get("mirbone", ""),
        "created": _timestamp(),
        "parameters": result.parameters,
        "seeds": {
            "gsea": result.parameters.get("seed"),
            "target_enrichment": result.parameters.get("seed"),
        },
        "inputs": result.provenance.get("inputs", []),
        "differential": result.provenance.get("differential", {}),
        "data": result.provenance.get("data", {}),
        "target_databases": result.provenance.get("target_databases", []),
        "software": result.provenance.get("software", {}),
        "summary": result.summary,
        "notes": list(result.notes),
        "warnings": list(getattr(result, "warnings", [])),
        "outputs": {
            "tables": checksums,
            "figures": [f"figures/{f}.{ext}" for f in figure_files for ext in ("png", "svg")],
        },
    }
    (folder / "run.json").write_text(
        json.dumps(run, indent=2, ensure_ascii=False, default=_json_default) + "\n",
        encoding="utf-8",
        newline="\n",
    )


class MarkdownText(str):
    """Markdown the report built itself (tables already escaped): not escaped again."""

    __slots__ = ()


def _md_finalize(value: object) -> str:
    if isinstance(value, MarkdownText):
        return str(value)
    return markdown_escape(value)
