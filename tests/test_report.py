"""Tests of mirbone.analysis._report: files, escaping, atomic writing, determinism, run.json."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from mirbone.analysis import AnalysisResult
from mirbone.analysis._report import markdown_escape, safe_filename, sheet_name, write_report
from mirbone.errors import InputError

EVIL = "<script>alert(1)</script>"


def fake_result(*, figure: bool = True) -> AnalysisResult:
    """A small result with hostile strings in every user-controlled place."""
    figures = {}
    if figure:
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.plot([0, 1, 2], [1, 3, 2])
        ax.set_title(EVIL)
        figures["volcano"] = fig
    differential = pd.DataFrame(
        {
            "mirna": [EVIL, "hsa-miR-21-5p", "hsa-miR-214-3p"],
            "direction": ["up", "down", "ns"],
            "log2fc": [1.5, -2.25, 0.1],
            "pvalue": [1e-6, 1e-3, 0.8],
            "padj": [1e-5, 0.01, 0.9],
        }
    )
    review = pd.DataFrame(
        {
            "mirna": ["hsa-miR-21-5p", "hsa-miR-206"],
            "in_data": [True, False],
            "direction": ["down", "not in data"],
            "agreement": ["opposes", "not in data"],
            "origin_cell": ["MSC *EV*", "myoblast"],
        }
    )
    odd = pd.DataFrame({"a": ['=HYPERLINK("http://example.org")', "x|y"], "b": [np.nan, 2.0]})
    return AnalysisResult(
        tables={"differential": differential, "review_mirnas": review, "odd/name: [1]": odd},
        figures=figures,
        parameters={
            "seed": 3,
            "permutations": 100,
            "contrast": f"group:{EVIL}:ctrl",
            "significance": "padj < 0.05 and |log2fc| > 0",
            "gsea_ranking": "stat",
        },
        provenance={
            "inputs": [
                {
                    "role": "table",
                    "name": f"{EVIL}.tsv",
                    "files": [{"name": "x", "bytes": 1, "sha256": "0" * 64}],
                }
            ],
            "software": {"mirbone": "0.1.0", "pydeseq2": "0.5.4"},
            "data": {"knowledge_base": {"version": "test"}},
            "differential": {
                "source": "PyDESeq2",
                "pydeseq2": "0.5.4",
                "size_factors": "ratio",
                "n_tested": 3,
            },
        },
        summary={
            "input": f"{EVIL}.tsv",
            "format": "counts",
            "species": "hsa",
            "contrast": f"group:{EVIL}:ctrl",
            "test_group": EVIL,
            "reference_group": "ctrl",
            "n_input_names": 3,
            "n_detected": 3,
            "n_up": 1,
            "n_down": 1,
            "has_stats": True,
            "n_review_in_data": 1,
            "n_target_genes": 0,
            "n_query_with_targets": 0,
            "targets": "the review (KB)",
            "gene_sets": "bone",
        },
        notes=[f"a note naming {EVIL}"],
    )


class _TextAndScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1

    def handle_data(self, data):
        self.text.append(data)


def test_markdown_escape_cases():
    # Markdown backslash escapes only (CommonMark section 2.4), never HTML entities.
    assert markdown_escape(EVIL) == "\\<script>alert(1)\\</script>"
    assert markdown_escape("a|b") == "a\\|b"
    assert markdown_escape("*x* _y_ [z] `c`") == "\\*x\\* \\_y\\_ \\[z\\] \\`c\\`"
    assert markdown_escape("# title") == "\\# title"
    assert markdown_escape("1. item") == "1\\. item"
    assert markdown_escape("1.5") == "1.5"
    assert markdown_escape("-2") == "-2"
    assert markdown_escape("a\nb") == "a b"
    assert markdown_escape("R&D") == "R&D"
    assert markdown_escape("FDR < 0.05") == "FDR < 0.05"
    assert markdown_escape("Godard & van Eyll") == "Godard & van Eyll"
    assert markdown_escape(">= 10 reads") == "\\>= 10 reads"  # not a block quote
    assert markdown_escape("in >= 6 samples") == "in >= 6 samples"
    assert markdown_escape("&lt;b&gt;") == "\\&lt;b\\&gt;"  # shown as typed, not as <b>
    assert markdown_escape("<!-- x -->") == "\\<!-- x -->"
    assert markdown_escape("<http://example.org>") == "\\<http://example.org>"


def test_safe_filename_and_sheet_name():
    assert safe_filename("../../etc/passwd") == "etc_passwd"
    assert safe_filename(EVIL) == "script_alert_1_script"
    assert safe_filename("") == "item"
    assert safe_filename("a", taken=["A"]) == "a_2"
    assert len(safe_filename("x" * 300)) == 80
    name = sheet_name("odd/name: [1]*?" + "y" * 40)
    assert len(name) <= 31
    assert not re.search(r"[\[\]:*?/\\]", name)
    assert sheet_name("targets", taken=["targets"]) == "targets_2"
    long_taken = sheet_name("z" * 40)
    assert sheet_name("z" * 40, taken=[long_taken]) != long_taken


def test_write_report_files_and_escaping(tmp_path):
    result = fake_result()
    out = write_report(result, tmp_path / "rep")
    result.close_figures()
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    for expected in (
        "report.html",
        "report.md",
        "run.json",
        "tables.xlsx",
        "tables/differential.tsv",
        "tables/review_mirnas.tsv",
        "tables/odd_name_1.tsv",
        "figures/volcano.png",
        "figures/volcano.svg",
    ):
        assert expected in names
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]

    html = (out / "report.html").read_text(encoding="utf-8")
    assert EVIL not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    parser = _TextAndScripts()
    parser.feed(html)
    assert parser.scripts == 1  # only the report's own sorting script
    assert EVIL in "".join(parser.text)  # shown to the reader as text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # works offline
    assert html.count("data:image/png;base64,") == 1

    md = (out / "report.md").read_text(encoding="utf-8")
    assert EVIL not in md
    assert "\\<script>alert(1)\\</script>" in md
    assert not re.search(r"&(lt|gt|amp|quot|#\d+);", md)  # no HTML entity anywhere
    assert "x\\|y" in md  # a pipe in a cell cannot break the table
    assert "MSC \\*EV\\*" in md

    tsv = pd.read_csv(out / "tables" / "differential.tsv", sep="\t")
    pd.testing.assert_frame_equal(tsv, result.tables["differential"])

    book = load_workbook(out / "tables.xlsx")
    assert (
        set(book.sheetnames) == {"differential", "review_mirnas", "odd_name_ [1]"}
        or len(book.sheetnames) == 3
    )
    for title in book.sheetnames:
        assert len(title) <= 31
        assert not re.search(r"[\[\]:*?/\\]", title.replace("[1]", ""))
    odd_sheet = book[book.sheetnames[2]]
    cell = odd_sheet["A2"]
    assert cell.data_type == "s"  # a formula-looking user string stays text
    assert cell.value.startswith("=HYPERLINK")


def test_sheet_names_are_sanitised(tmp_path):
    out = write_report(fake_result(figure=False), tmp_path / "rep")
    titles = load_workbook(out / "tables.xlsx").sheetnames
    assert titles[2] == sheet_name("odd/name: [1]")
    assert not re.search(r"[\[\]:*?/\\]", titles[2])


def test_run_json_fields(tmp_path):
    result = fake_result(figure=False)
    out = write_report(result, tmp_path / "rep")
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    for key in (
        "mirbone_version",
        "created",
        "parameters",
        "seeds",
        "inputs",
        "data",
        "software",
        "summary",
        "outputs",
    ):
        assert key in run
    assert run["seeds"] == {"gsea": 3, "target_enrichment": 3}
    assert run["parameters"]["permutations"] == 100
    digest = run["outputs"]["tables"]["tables/differential.tsv"]
    import hashlib

    assert digest == hashlib.sha256((out / "tables/differential.tsv").read_bytes()).hexdigest()


def test_two_writes_identical_except_timestamp(tmp_path, monkeypatch):
    first = write_report(fake_result(), tmp_path / "a")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    second = write_report(fake_result(), tmp_path / "b")
    plt.close("all")
    for name in (
        "report.html",
        "report.md",
        "tables/differential.tsv",
        "tables/review_mirnas.tsv",
        "figures/volcano.svg",
        "figures/volcano.png",
        "tables.xlsx",
    ):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    run_a = json.loads((first / "run.json").read_text())
    run_b = json.loads((second / "run.json").read_text())
    assert run_b["created"] == "1970-01-01T00:00:00+00:00"
    run_a.pop("created")
    run_b.pop("created")
    assert run_a == run_b


def test_refuses_existing_folder_without_force(tmp_path):
    target = tmp_path / "rep"
    target.mkdir()
    (target / "mine.txt").write_text("keep me")
    with pytest.raises(InputError, match="not empty"):
        write_report(fake_result(figure=False), target)
    # Even with force, a folder that is not a mirbone report is never replaced.
    with pytest.raises(InputError, match="not a mirbone report"):
        write_report(fake_result(figure=False), target, force=True)
    assert (target / "mine.txt").read_text() == "keep me"


def test_force_replaces_previous_report(tmp_path):
    target = write_report(fake_result(figure=False), tmp_path / "rep")
    (target / "stale.txt").write_text("old")
    write_report(fake_result(figure=False), target, force=True)
    assert not (target / "stale.txt").exists()
    assert (target / "report.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]


def test_empty_existing_folder_is_used(tmp_path):
    target = tmp_path / "rep"
    target.mkdir()
    write_report(fake_result(figure=False), target)
    assert (target / "report.md").is_file()


def test_nothing_left_behind_on_error(tmp_path):
    class Broken:
        def savefig(self, *args, **kwargs):
            msg = "disk full"
            raise OSError(msg)

    result = fake_result(figure=False)
    result.figures = {"broken": Broken()}
    with pytest.raises(OSError, match="disk full"):
        write_report(result, tmp_path / "rep")
    assert list(tmp_path.iterdir()) == []


def test_interrupt_keeps_previous_report(tmp_path):
    target = write_report(fake_result(figure=False), tmp_path / "rep")
    before = (target / "report.md").read_bytes()

    class Interrupting:
        def savefig(self, *args, **kwargs):
            raise KeyboardInterrupt

    result = fake_result(figure=False)
    result.figures = {"x": Interrupting()}
    with pytest.raises(KeyboardInterrupt):
        write_report(result, target, force=True)
    assert (target / "report.md").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]


def test_output_path_is_a_file(tmp_path):
    file = tmp_path / "rep"
    file.write_text("x")
    with pytest.raises(InputError, match="existing file"):
        write_report(fake_result(figure=False), file, force=True)


def test_templates_ship_inside_the_package():
    import mirbone.analysis

    folder = Path(mirbone.analysis.__file__).parent / "templates"
    assert (folder / "report.html.j2").is_file()
    assert (folder / "report.md.j2").is_file()
    assert (folder / "network.js").is_file()


def test_markdown_report_reads_as_plain_text_and_sorts_hits(tmp_path):
    """report.md: no HTML entities; significant miRNAs by padj, then |log2fc| descending."""
    result = fake_result(figure=False)
    result.tables["differential"] = pd.DataFrame(
        {
            "mirna": ["hsa-miR-a", "hsa-miR-b", "hsa-miR-c", "hsa-miR-d", "hsa-miR-e"],
            "direction": ["up", "down", "ns", "up", "down"],
            "log2fc": [0.8, -3.0, 0.1, 2.0, -1.0],
            "pvalue": [1e-3, 1e-4, 0.5, 1e-4, 1e-6],
            "padj": [0.02, 0.001, 0.9, 0.001, 1e-5],
        }
    )
    result.notes.append("pre-filter >= 10 reads; FDR < 0.05; Godard & van Eyll")
    out = write_report(result, tmp_path / "r")
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "pre-filter >= 10 reads; FDR < 0.05; Godard & van Eyll" in md
    assert not re.search(r"&(lt|gt|amp|quot|#\d+);", md)
    # e (padj 1e-5), then the tie at 0.001 broken by |log2fc|: b (3.0) before d (2.0), then a
    order = list(
        re.findall(r"hsa-miR-[a-e]\b", md.split("## Differential abundance")[1].split("\n## ")[0])
    )
    assert list(dict.fromkeys(order)) == ["hsa-miR-e", "hsa-miR-b", "hsa-miR-d", "hsa-miR-a"]
    html = (out / "report.html").read_text(encoding="utf-8")
    section = html.split('id="differential"')[1]
    positions = [section.index(f"hsa-miR-{x}") for x in "ebda"]
    assert positions == sorted(positions)
    assert "hsa-miR-c" not in section.split("</table>")[0]  # not significant: TSV only
    assert "Godard &amp; van Eyll" in html  # HTML keeps HTML escaping
