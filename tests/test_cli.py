"""The command line words the library's errors: fields, options, shared option builders."""

from __future__ import annotations

import argparse
import ast
import contextlib
import re
from pathlib import Path

import pytest

import mirbone
from mirbone.cli import COMMANDS, build_parser, main, option_for
from mirbone.errors import InputError, InputWarning

PACKAGE = Path(mirbone.__file__).parent
CLI = PACKAGE / "cli"
EXAMPLES = PACKAGE.parent / "examples" / "data"
#: A command-line option written in a message: ``--min-size``, not ``x--y`` or CSS ``var(--ink)``.
OPTION = re.compile(r"(?<![\w(-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _accepted(parser: argparse.ArgumentParser) -> set[str]:
    """Options of a command, those of its actions included (``mirbone db add --force``)."""
    found = {o for a in parser._actions for o in a.option_strings}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _accepted(sub)
    return found


def _visible(parser: argparse.ArgumentParser) -> set[str]:
    return {o for a in parser._actions if a.help != argparse.SUPPRESS for o in a.option_strings}


def _strings(path: Path) -> list[str]:
    """Every string constant of a module except its docstrings (messages, help, templates)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node.value) not in docstrings and id(node) not in docstrings
    ]


def _keywords() -> set[str]:
    """Every ``keyword="..."`` the library gives an error or warning."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        if CLI in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "keyword":
                for value in ast.walk(node.value):
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        found.add(value.value)
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "keyword" for t in node.targets)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                found.add(node.value.value)
    return found


# ------------------------------------------------------------------------ error fields


def test_input_error_fields_and_wording():
    error = InputError("choose one", path="t.xlsx", column="c", value="x", keyword="sheet")
    assert (error.path, error.column, error.value, error.keyword) == ("t.xlsx", "c", "x", "sheet")
    assert str(error) == "t.xlsx: column 'c': choose one (value: 'x'; keyword argument: sheet)"
    assert error.describe("--sheet") == (
        "--sheet (sheet= in Python): t.xlsx: column 'c': choose one (value: 'x')"
    )
    assert str(InputError("bad", path="f.tsv")) == "f.tsv: bad"
    assert isinstance(error, ValueError)
    warning = InputWarning("0.5 ignored", keyword="min_score")
    assert str(warning) == "0.5 ignored (keyword argument: min_score)"
    assert warning.describe("--min-score") == "--min-score (min_score= in Python): 0.5 ignored"


def test_library_messages_name_no_cli_option():
    """Outside mirbone/cli no message, warning or note names a command-line option."""
    offenders = [
        f"{path.relative_to(PACKAGE)}: {text!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if CLI not in path.parents
        for text in _strings(path)
        if OPTION.search(text)
    ]
    assert offenders == []


def test_the_option_scan_finds_options():
    assert OPTION.findall("use --min-size 3 or --no-transpose") == ["--min-size", "--no-transpose"]
    assert OPTION.findall("var(--ink) a--b x-y") == []


def test_the_keyword_scan_finds_the_library_keywords():
    keywords = _keywords()
    assert {"aggregate", "contrast", "sheet", "force", "min_size", "species"} <= keywords
    assert {"fallback", "source", "allow_non_counts", "min_score", "id_column"} <= keywords


# --------------------------------------------------------------- keywords -> options


@pytest.mark.parametrize("command", sorted(_subparsers()))
def test_every_keyword_is_worded_as_an_option_the_command_accepts(command):
    parser = _subparsers()[command]
    for keyword in sorted(_keywords()):
        option = option_for(parser, keyword)
        assert option is None or option in _visible(parser), (command, keyword, option)


@pytest.mark.parametrize(
    ("command", "keyword", "option"),
    [
        ("read", "aggregate", "--aggregate"),
        ("read", "id_column", "--id-column"),
        ("read", "sheet", "--sheet"),
        ("read", "force", "--force"),
        ("analyze", "contrast", "--contrast"),
        ("analyze", "allow_non_counts", "--allow-non-counts"),
        ("analyze", "min_size", "--min-size"),
        ("analyze", "min_set_size", "--min-size"),  # the Python name of analyze, old spelling
        ("target-enrich", "min_size", "--min-size"),
        ("enrich", "max_size", "--max-size"),
        ("annotate", "source", "--online"),
        ("annotate", "fallback", "--fallback"),
        ("targets", "min_score", "--min-score"),
        ("demo", "contrast", None),
        ("demo", "species", None),
        ("names", "aggregate", None),
        ("kb", "min_size", None),
    ],
)
def test_keyword_to_option(command, keyword, option):
    assert option_for(_subparsers()[command], keyword) == option


@pytest.mark.parametrize("module", sorted(COMMANDS))
def test_every_option_a_cli_message_mentions_is_accepted(module):
    """An option named in a command's messages or help is one that command accepts."""
    command = module.replace("_", "-")
    parser = _subparsers()[command]
    mentioned = {o for text in _strings(CLI / f"{module}.py") for o in OPTION.findall(text)}
    assert mentioned - _accepted(parser) == set()


def test_shared_cli_messages_mention_no_option_a_command_lacks():
    """Messages of the shared helpers are used by many commands: they name no option.

    The builders' declarations (a string that is just ``--padj``) are not messages.
    """
    for name in ("_common.py", "__init__.py"):
        prose = [text for text in _strings(CLI / name) if not OPTION.fullmatch(text)]
        mentioned = {o for text in prose for o in OPTION.findall(text)}
        assert mentioned <= {"--debug", "--version"}, name  # options of ``mirbone`` itself


def test_a_keyword_the_command_lacks_is_not_worded_as_an_option(monkeypatch, tmp_path, capsys):
    """demo has no --contrast: an error about the contrast names the keyword only."""
    import mirbone.analysis

    def refuse(*args, **kwargs):
        msg = "a sample sheet needs a contrast"
        raise InputError(msg, keyword="contrast")

    monkeypatch.setattr(mirbone.analysis, "analyze", refuse)
    assert main(["demo", "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err == (
        "mirbone demo: error: a sample sheet needs a contrast (keyword argument: contrast)\n"
    )


def test_input_warning_is_worded_with_the_option(capsys):
    assert main(["targets", "hsa-miR-21-5p", "--min-score", "0.5"]) == 0
    err = capsys.readouterr().err
    assert "mirbone targets: warning: --min-score (min_score= in Python): 0.5 ignored for kb" in err


# ------------------------------------------------------------------ shared option builders


def _option(parser: argparse.ArgumentParser, option: str) -> argparse.Action:
    """The action of ``option`` (in the command or, for ``mirbone db``, its first action)."""
    for action in parser._actions:
        if option in action.option_strings:
            return action
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                with contextlib.suppress(StopIteration):
                    return _option(sub, option)
    raise StopIteration(option)


def test_species_is_one_option_everywhere():
    """--species: one default (hsa) and one help in every command that takes it."""
    parsers = _subparsers()
    having = {name: p for name, p in parsers.items() if "--species" in _accepted(p)}
    assert set(having) >= {"names", "read", "annotate", "targets", "enrich", "target-enrich"}
    assert {"analyze", "kb"} <= set(having)
    for name, parser in having.items():
        action = _option(parser, "--species")
        if name == "kb":  # no default: every study in its own species
            assert action.default is None and action.choices == ("hsa", "mmu", "rno")
            continue
        assert action.default == "hsa", name
        assert action.help == _option(parsers["names"], "--species").help, name


@pytest.mark.parametrize(
    "option",
    ["--padj", "--log2fc", "--min-size", "--max-size", "--permutations", "--seed", "--workers"],
)
def test_a_shared_option_has_one_type_and_destination(option):
    actions = [_option(p, option) for p in _subparsers().values() if option in _accepted(p)]
    assert actions
    assert len({(a.dest, a.type, a.metavar) for a in actions}) == 1


@pytest.mark.parametrize(
    ("option", "commands"),
    [
        ("--format", ("read", "analyze")),
        ("--sheet", ("read", "analyze")),
        ("--aggregate", ("read", "analyze")),
        ("--samples", ("read", "analyze")),
        ("--signatures", ("enrich", "analyze")),
        ("--evidence", ("enrich", "analyze", "kb")),
    ],
)
def test_a_shared_option_has_one_text_and_one_choice_list(option, commands):
    parsers = _subparsers()
    actions = [_option(parsers[name], option) for name in commands]
    assert len({(a.help, tuple(a.choices or ()), a.metavar) for a in actions}) == 1


def test_the_cli_offers_the_library_rules_and_refuses_others(capsys):
    from mirbone.io import AGGREGATE_RULES, FORMATS
    from mirbone.kb import EVIDENCE_FILTERS

    parsers = _subparsers()
    assert tuple(_option(parsers["read"], "--aggregate").choices) == AGGREGATE_RULES
    assert set(_option(parsers["analyze"], "--format").choices) == {"auto", *FORMATS}
    assert set(_option(parsers["kb"], "--evidence").choices) == set(EVIDENCE_FILTERS)
    with pytest.raises(SystemExit) as exit_info:
        parsers["analyze"].parse_args(["t.tsv", "--format", "deseq3"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'deseq3'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("contrast", "column", "value"),
    [("group:old:young", "group", "old"), ("cond:aged:young", "cond", None)],
)
def test_a_contrast_the_sheet_lacks_names_the_sheet_file_and_the_option(
    tmp_path, capsys, contrast, column, value
):
    counts, sheet = EXAMPLES / "counts.tsv", EXAMPLES / "samples.tsv"
    argv = ["analyze", str(counts), "--samples", str(sheet), "--contrast", contrast]
    assert main([*argv, "-o", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"mirbone analyze: error: --contrast (contrast= in Python): {sheet}:")
    assert f"column '{column}'" in err
    assert value is None or f"(value: '{value}')" in err
    assert not (tmp_path / "out").exists()


def test_the_demo_report_says_first_that_its_data_are_synthetic(tmp_path, capsys):
    """And its Methods name what a reader needs to repeat it, in both formats."""
    import json
    from importlib.metadata import version

    import pandas as pd

    out = tmp_path / "demo"
    assert main(["demo", "-o", str(out), "--permutations", "50", "--quiet"]) == 0
    assert "SYNTHETIC example data" in capsys.readouterr().err
    run = json.loads((out / "run.json").read_text())
    assert run["warnings"][0].startswith("These are mirbone's bundled SYNTHETIC example data")
    assert run["summary"]["highlights"][0] == run["warnings"][0]  # first at a glance too
    markdown = (out / "report.md").read_text()
    first_warning = next(line for line in markdown.splitlines() if "**Warning:**" in line)
    assert "SYNTHETIC example data" in first_warning
    assert "SYNTHETIC example data" in (out / "report.html").read_text()
    methods = markdown.split("## Methods", 1)[1].split("## ", 1)[0].replace("\\", "")
    assert f"gseapy {version('gseapy')}" in methods
    assert "design ~batch + group" in methods  # the sample sheet's own column names
    tested = len(pd.read_csv(out / "tables" / "signature_gsea.tsv", sep="\t"))
    assert f"the {tested} of " in methods and "with at least 5 members" in methods
    assert "query's size (seed 0)" in methods
    kb_version = run["data"]["knowledge_base"]["version"]
    assert f"hand-curated reading of the review (version {kb_version})" in methods


def test_enrich_says_how_many_signatures_the_size_window_let_through(tmp_path, capsys):
    import pandas as pd

    table = EXAMPLES / "deseq2_results.csv"
    out = tmp_path / "gsea.tsv"
    argv = ["enrich", str(table), "--method", "gsea", "--permutations", "100", "-o", str(out)]
    assert main(argv) == 0
    tested = len(pd.read_csv(out, sep="\t"))
    assert f"{tested} of 12 signatures tested (those with 5 to 500 members" in (
        capsys.readouterr().err
    )


def test_progress_and_quiet_mean_the_same_in_every_command():
    parsers = _subparsers()
    for name in ("analyze", "demo", "target-enrich"):
        parser = parsers[name]
        assert {"--progress", "--quiet"} <= _accepted(parser), name
        assert _option(parser, "--progress").dest == _option(parser, "--quiet").dest == "progress"
    # on by default for the long report jobs, off for target-enrich (a bar on stderr)
    assert parsers["analyze"].get_default("progress") is True
    assert parsers["target-enrich"].get_default("progress") is False
    assert not parsers["demo"].parse_args(["-o", "x", "--quiet"]).progress
    argv = ["q.txt", "--targets", "kb", "--gene-sets", "bone", "--progress"]
    assert parsers["target-enrich"].parse_args(argv).progress


def test_format_means_the_input_and_output_format_the_output():
    parsers = _subparsers()
    for name in ("read", "targets", "analyze"):
        assert "input" in _option(parsers[name], "--format").help, name
    kb = parsers["kb"]
    assert "--output-format" in _visible(kb) and "--format" not in _visible(kb)
    assert "--format" in _accepted(kb)  # the design's contract: still accepted, one release
    assert not any("--output-format" in _accepted(p) for n, p in parsers.items() if n != "kb")


def test_kb_format_is_a_deprecated_alias_that_warns(capsys):
    assert main(["kb", "signatures", "--format", "gmt"]) == 0
    old = capsys.readouterr()
    assert "mirbone kb: warning: --format is deprecated" in old.err
    assert "use --output-format" in old.err
    assert main(["kb", "signatures", "--output-format", "gmt"]) == 0
    new = capsys.readouterr()
    assert new.out == old.out and "deprecated" not in new.err
    assert new.out.startswith("promotes_osteogenesis\t") or "\t" in new.out.splitlines()[0]


def test_min_set_size_is_a_deprecated_alias_of_min_size(capsys):
    analyze = _subparsers()["analyze"]
    assert "--min-set-size" not in _visible(analyze)
    args = analyze.parse_args(["t.tsv", "-o", "out", "--min-set-size", "4"])
    assert args.min_size == 4
    err = capsys.readouterr().err
    assert "--min-set-size is deprecated" in err and "use --min-size" in err
    assert analyze.parse_args(["t.tsv", "-o", "out", "--min-size", "5"]).min_size == 5
    assert "deprecated" not in capsys.readouterr().err
    for name, parser in _subparsers().items():  # one spelling: --min-size
        assert "--min-set-size" not in _visible(parser), name


def test_help_of_every_command_renders(capsys):
    for name in _subparsers():
        assert main([name, "--help"]) == 0
        assert "--species" not in capsys.readouterr().err


# ------------------------------------------------------------- structured warnings


def test_the_cli_reads_warning_categories_not_their_text(tmp_path, capsys):
    """target-enrich: too few permutations is said once as a warning; dropped names once."""
    query = tmp_path / "q.txt"
    query.write_text("hsa-miR-21-5p\nhsa-miR-214-3p\nhsa-miR-nonexistent\n")
    argv = ["target-enrich", str(query), "--targets", "kb", "--gene-sets", "bone"]
    assert main([*argv, "--permutations", "50", "--min-size", "1"]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "permutations:" in line]
    assert lines == [
        "mirbone target-enrich: warning: --permutations (permutations= in Python): only 50 "
        "permutations: the smallest attainable p-value is 1/51 = 0.0196"
    ]
    assert err.count("dropped") == 1 and "mirbone target-enrich: dropped 1 of" in err
