"""Messages name only options of the command that prints them; written tables read back."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest
from test_hardening_inputs import MUST_FAIL, SLOTS, _good, make_input

from mirbone.cli import main
from mirbone.cli._options import options_by_command

PACKAGE = Path(__file__).resolve().parents[1] / "mirbone"
OPTION = re.compile(r"(?:mirbone ([a-z][a-z-]*) |')?(?<![\w-])(--[a-z][a-z0-9-]*)")


def _mentioned(text: str) -> list[tuple[str | None, str]]:
    """The ``--options`` a message names, with the command it names them for, if any."""
    found = []
    for match in re.finditer(r"'mirbone ([a-z][a-z-]*) (--[a-z][a-z0-9-]*)'", text):
        found.append((match.group(1), match.group(2)))
    plain = re.sub(r"'mirbone [a-z][a-z-]* --[a-z][a-z0-9-]*'", "", text)
    plain = re.sub(r"mirbone [a-z][a-z-]* --[a-z][a-z0-9-]*", "", plain)
    found += [(None, m.group(2)) for m in OPTION.finditer(plain)]
    return found


def _check(command: str, text: str) -> None:
    options = options_by_command()
    for named, option in _mentioned(text):
        owner = named or command
        assert option in options[owner], f"{command}: {option} ({owner} lacks it) in: {text}"


def test_every_option_written_in_the_package_exists_somewhere():
    """Each ``--option`` in a string of the package is an option of some command."""
    every = set().union(*options_by_command().values())
    missing = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if id(node) in docstrings:
                continue  # documentation, not a message
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for option in re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", node.value):
                    if option not in every and not option.startswith("--no-"):
                        missing.setdefault(option, str(path.relative_to(PACKAGE)))
    assert not missing, missing


@pytest.mark.parametrize("slot", sorted(SLOTS))
def test_refusals_name_only_options_of_their_command(slot, tmp_path, capsys):
    """Every refusal of the malformed-input corpus names options its command has."""
    spec = SLOTS[slot]
    good = _good(tmp_path)
    for case in sorted(MUST_FAIL):
        bad = make_input(tmp_path, spec.base, case)
        out = tmp_path / f"out_{case}" / "result.tsv"
        out.parent.mkdir()
        main(spec.argv(bad, good, out))
        _check(spec.command, capsys.readouterr().err)


def _stats_table(path: Path, names: list[str]) -> Path:
    frame = pd.DataFrame({"name": names, "baseMean": 100.0, "log2FoldChange": 1.0,
                          "lfcSE": 0.2, "stat": 5.0, "pvalue": 1e-4, "padj": 1e-3})  # fmt: skip
    frame.to_csv(path, index=False)
    return path


def test_shared_reader_messages_speak_each_commands_options(tmp_path, capsys):
    twice = _stats_table(tmp_path / "twice.csv", ["hsa-miR-21-5p", "hsa-miR-21-5p"])
    contrasts = tmp_path / "contrasts.tsv"
    contrasts.write_text(
        "mirna\tA.vs.B_LFC\tA.vs.B_pvalue\tA.vs.B_FDR\tC.vs.B_LFC\tC.vs.B_pvalue\tC.vs.B_FDR\n"
        "hsa-miR-21-5p\t1\t0.01\t0.02\t2\t0.01\t0.02\n"
        "hsa-miR-16-5p\t-1\t0.01\t0.02\t0.5\t0.3\t0.5\n"
    )
    runs = [
        ("read", ["read", str(twice), "-o", str(tmp_path / "r.tsv")]),
        ("enrich", ["enrich", str(twice), "--method", "gsea", "-o", str(tmp_path / "e.tsv")]),
        ("enrich", ["enrich", str(contrasts), "--method", "gsea", "-o", str(tmp_path / "c.tsv")]),
        ("analyze", ["analyze", str(twice), "-o", str(tmp_path / "a"), "--quiet"]),
        ("analyze", ["analyze", str(contrasts), "-o", str(tmp_path / "b"), "--quiet"]),
    ]
    for command, argv in runs:
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "error:" in err
        _check(command, err)


def test_an_option_the_command_lacks_is_named_with_the_command_that_has_it():
    from mirbone.cli._options import own_options

    text = "--min-size 2 would test 2 of them"
    assert own_options("target-enrich", text).startswith("--min-size 2")
    assert own_options("names", text).startswith("'mirbone ")
    assert "'mirbone read --id-column'" in own_options("enrich", "(--id-column NAME picks it)")


@pytest.fixture(scope="module")
def analyze_tables(tmp_path_factory):
    """One analyze report from counts and a sheet (every table it writes)."""
    from test_analysis import write_count_fixture

    folder = tmp_path_factory.mktemp("roundtrip")
    counts, sheet = write_count_fixture(folder)
    out = folder / "report"
    argv = ["analyze", str(counts), "--samples", str(sheet), "--contrast", "group:aged:young",
            "-o", str(out), "--permutations", "50", "--quiet"]  # fmt: skip
    assert main(argv) == 0
    return out / "tables"


def test_every_written_table_reads_back(analyze_tables):
    """Each table of a report is read by mirbone for its next step, or is a final result."""
    from mirbone import io, targets
    from mirbone.names import normalize

    written = {p.stem for p in analyze_tables.glob("*.tsv")}
    de = pd.read_csv(analyze_tables / "differential.tsv", sep="\t")
    # the statistics: read (and enrich, analyze) take them back with their values
    back = io.read(analyze_tables / "differential.tsv")
    assert back.format == "differential"
    pd.testing.assert_series_equal(
        back.stats["log2fc"].reindex(de["mirna"]).reset_index(drop=True),
        de["log2fc"],
        check_names=False,
    )
    # the target edges: a pairs target map
    edges = pd.read_csv(analyze_tables / "targets.tsv", sep="\t")
    tmap = targets.load(analyze_tables / "targets.tsv")
    assert len(tmap) == len(edges.drop_duplicates(["mirna", "gene"]))
    # the names log: each input name normalises again to the same status
    names = pd.read_csv(analyze_tables / "names.tsv", sep="\t", keep_default_na=False)
    again = normalize(names["input"].tolist())
    assert again["status"].tolist() == names["status"].tolist()
    # the review and enrichment tables are results to read, lists of their miRNAs read back
    for stem in written - {"differential", "targets", "names"}:
        table = pd.read_csv(analyze_tables / f"{stem}.tsv", sep="\t")
        assert not table.empty or stem.startswith("target_enrichment"), stem


def test_enrich_ranks_the_written_differential_table(analyze_tables, tmp_path, capsys):
    out = tmp_path / "gsea.tsv"
    code = main(["enrich", str(analyze_tables / "differential.tsv"), "--method", "gsea",
                 "--permutations", "50", "-o", str(out)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert len(pd.read_csv(out, sep="\t")) > 0


def test_samples_and_design_are_recorded(analyze_tables):
    """run.json, the Methods paragraph and the report name the samples fitted, by group."""
    import json

    folder = analyze_tables.parent
    run = json.loads((folder / "run.json").read_text())
    samples = run["differential"]["samples"]
    assert [s["group"] for s in samples] == ["young"] * 4 + ["aged"] * 4
    assert all(s["in_contrast"] for s in samples)
    assert run["differential"]["fit_groups"] == {"young": 4, "aged": 4}
    report = (folder / "report.md").read_text()
    assert "fitted on all 8 samples of the sheet with a group (young 4: Y1, Y2, Y3, Y4" in report


def test_command_outputs_read_back_as_the_next_commands_input(analyze_tables, tmp_path, capsys):
    """names -o, targets -o and the differential table feed names -i, targets --source/-i."""
    names = tmp_path / "names.tsv"
    assert main(["names", "hsa-miR-21", "hsa-mir-21_mature", "hsa-let-7a-5p/7c-5p",
                 "-o", str(names)]) == 0  # fmt: skip
    again = tmp_path / "again.tsv"
    assert main(["names", "-i", str(names), "-o", str(again)]) == 0
    first = pd.read_csv(names, sep="\t", keep_default_na=False)
    second = pd.read_csv(again, sep="\t", keep_default_na=False)
    assert second["input"].tolist() == [m or i for m, i in zip(first["mirna"], first["input"],
                                                                strict=True)]  # fmt: skip
    edges = tmp_path / "targets.tsv"
    assert main(["targets", "hsa-miR-21-5p", "hsa-miR-214-3p", "-o", str(edges)]) == 0
    back = tmp_path / "back.tsv"
    assert main(["targets", "hsa-miR-21-5p", "hsa-miR-214-3p", "--source", str(edges),
                 "-o", str(back)]) == 0  # fmt: skip
    written = pd.read_csv(edges, sep="\t")
    assert len(pd.read_csv(back, sep="\t")) == len(written.drop_duplicates(["mirna", "gene"]))
    from_de = tmp_path / "from_de.tsv"
    assert main(["targets", "-i", str(analyze_tables / "differential.tsv"), "-o",
                 str(from_de)]) == 0  # fmt: skip
    capsys.readouterr()
