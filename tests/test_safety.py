"""Safety: hostile strings in user files, file names, formulas, and code that runs data.

- the HTML (and Markdown) report escapes every string that comes from user files: sample
  names, group names, miRNA names, gene names of a user target file, GMT term names and
  descriptions, input file names;
- file names derived from names are sanitised (no traversal, NUL, overlong or reserved
  names);
- no pickle, eval, exec, yaml.load or shell=True anywhere in mirbone;
- workbooks are read without evaluating formulas or running macros, and strings written
  into tables.xlsx that start with = + - @ stay text (no formula).
"""

from __future__ import annotations

import ast
import re
import zipfile
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_report import fake_result

from mirbone.analysis._report import safe_filename, sheet_name
from mirbone.errors import InputError

PACKAGE = Path(__file__).resolve().parents[1] / "mirbone"

SAMPLE = '<img src=x onerror=alert("sample")>'
GROUP = "<b>aged</b>"
REF = "young\"&'"
MIRNA = "<script>alert('mirna')</script>"
GENE = "<svg onload=alert('gene')>"
TERM = "<script>alert('term')</script>"
DESCRIPTION = "<iframe src=javascript:alert('description')>"
FILE = "<b onmouseover=alert(1)>counts.tsv"
HOSTILE = (SAMPLE, GROUP, MIRNA, GENE, TERM, DESCRIPTION, FILE)

UP = ("hsa-miR-214-3p", "hsa-miR-31-5p", "hsa-miR-34a-5p", "hsa-miR-23a-5p")
DOWN = ("hsa-miR-196a-5p", "hsa-miR-27a-3p", "hsa-miR-206")


class _Tags(HTMLParser):
    """Collect every start tag with its attributes, and the text of script elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    """`mirbone analyze` on a count table whose every user string is hostile."""
    from mirbone.cli import main
    from mirbone.names import mature_table

    folder = tmp_path_factory.mktemp("hostile")
    rng = np.random.default_rng(5)
    human = sorted(mature_table().query("species == 'hsa'")["mature"])
    names = list(dict.fromkeys([*UP, *DOWN, "hsa-miR-21-5p", *human[:60]]))
    samples = [f"{SAMPLE}{i}" for i in range(3)] + [f"ctrl{i}" for i in range(3)]
    groups = [GROUP] * 3 + [REF] * 3
    mean = rng.lognormal(5, 1, len(names) + 1)
    mean[: len(UP) + len(DOWN)] = 800
    effect = np.ones(len(names) + 1)
    effect[: len(UP)], effect[len(UP) : len(UP) + len(DOWN)] = 4.0, 0.25
    matrix = np.column_stack(
        [
            rng.negative_binomial(10, 10 / (10 + mean * (effect if g == GROUP else 1.0)))
            for g in groups
        ]
    )
    counts = pd.DataFrame(matrix, index=[*names, MIRNA], columns=samples)
    counts.index.name = "mirna"
    table = folder / FILE
    counts.to_csv(table, sep="\t", lineterminator="\n")
    sheet = folder / "samples.tsv"
    pd.DataFrame({"sample": samples, "group": groups}).to_csv(sheet, sep="\t", index=False)
    pairs = folder / "targets.tsv"
    background = [m for m in names if m not in UP + DOWN][:30]
    pairs.write_text(
        "mirna\tgene\n"
        + "".join(
            f"{m}\t{g}\n" for m in (*UP, *DOWN) for g in ("ATF4", "PTEN", "RUNX2", "TP53", GENE)
        )
        + "".join(f"{m}\t{g}\n" for m in background for g in ("HOXC8", "SOST", "TCF7", "ATF4"))
    )
    gmt = folder / "sets.gmt"
    gmt.write_text(
        f"{TERM}\t{DESCRIPTION}\tATF4\tPTEN\tRUNX2\tTP53\nOTHER\tplain\tHOXC8\tSOST\tTCF7\tATF4\n"
    )
    out = folder / "report"
    code = main(
        [
            "analyze",
            str(table),
            "--samples",
            str(sheet),
            "--contrast",
            f"group:{GROUP}:{REF}",
            "--targets",
            str(pairs),
            "--gene-sets",
            str(gmt),
            "--min-set-size",
            "2",
            "-o",
            str(out),
            "--permutations",
            "100",
            "--quiet",
        ]
    )
    assert code == 0
    return out


def test_html_report_escapes_every_user_string(hostile_report):
    html = (hostile_report / "report.html").read_text(encoding="utf-8")
    for text in HOSTILE:
        assert text not in html, text
    # They are shown, escaped, where the report mentions them.
    assert "&lt;b&gt;aged&lt;/b&gt;" in html  # group
    assert "&lt;b onmouseover=alert(1)&gt;counts.tsv" in html  # input file name
    assert "&lt;script&gt;alert(&#39;term&#39;)&lt;/script&gt;" in html  # GMT term
    parser = _Tags()
    parser.feed(html)
    names = {tag for tag, _ in parser.tags}
    assert not {"svg", "iframe"} & names
    for tag, attrs in parser.tags:
        assert not any(key.startswith("on") for key in attrs), (tag, attrs)
        if tag == "img":  # the report's own figures only
            assert (attrs.get("src") or "").startswith("data:image/png;base64,")
    assert all("alert(" not in script for script in parser.scripts)


def test_svg_figures_escape_user_strings(hostile_report):
    svgs = sorted((hostile_report / "figures").glob("*.svg"))
    assert svgs
    text = "".join(p.read_text(encoding="utf-8") for p in svgs)
    for hostile in HOSTILE:
        assert hostile not in text, hostile
    assert "&lt;img src=x onerror=alert(" in text  # a sample name, as text of the heatmap
    parser = _Tags()
    parser.feed(text)
    assert not {"script", "iframe", "img", "foreignobject"} & {t for t, _ in parser.tags}


def test_markdown_report_escapes_every_user_string(hostile_report):
    md = (hostile_report / "report.md").read_text(encoding="utf-8")
    # report.md uses Markdown backslash escapes, never HTML entities (CommonMark 2.4: a
    # backslash-escaped "<" is literal text, so it cannot open a raw HTML tag 6.6).
    assert not re.search(r"&(lt|gt|amp|quot|#\d+);", md)
    unescaped_tag = re.compile(r"(?<!\\)(?:\\\\)*<[A-Za-z/!?]")
    assert not unescaped_tag.search(md), unescaped_tag.search(md)
    assert "\\<b>aged\\</b>" in md  # shown, escaped


def test_report_file_names_are_fixed(hostile_report):
    files = [p.relative_to(hostile_report) for p in hostile_report.rglob("*")]
    for path in files:
        assert re.fullmatch(r"[A-Za-z0-9._/-]+", str(path)), path
        assert not str(path).startswith(".")


@pytest.mark.parametrize(
    "name",
    [
        "../../x",
        "/etc/passwd",
        "a/../../b",
        "..",
        ".",
        "",
        "\0",
        "a\0b",
        "x" * 300,
        "é" * 200,
        "CON",
        "nul.txt",
        "Com1",
        "lpt9.tsv",
        ".bashrc",
        "a\\..\\b",
        "C:\\Windows\\x",
        "名前",
        "<script>",
        "name with spaces",
        "-rf",
    ],
)
def test_safe_filename(tmp_path, name):
    safe = safe_filename(name)
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}", safe), safe
    assert len(safe.encode()) <= 255 and ".." not in safe.split("/")
    assert not re.fullmatch(r"(?i)(con|prn|aux|nul|com\d|lpt\d)(\..*)?", safe)
    (tmp_path / f"{safe}.tsv").write_text("x")  # a valid name, created inside the folder
    assert [p.parent for p in tmp_path.iterdir()] == [tmp_path]


def test_safe_filename_unique_and_sheet_names():
    assert safe_filename("a/b", taken=["a_b", "A_B_2"]) == "a_b_3"
    assert safe_filename("Console") == "Console"  # only the exact reserved stems
    for name in ("=cmd|' /C calc'!A0", "a[1]:*?/\\", "'quoted'", "x" * 40):
        title = sheet_name(name)
        assert len(title) <= 31 and not set("[]:*?/\\") & set(title)
        assert not title.startswith("'")


def test_table_names_cannot_escape_the_report_folder(tmp_path):
    from mirbone.analysis._report import write_report

    table = pd.DataFrame({"a": [1]})
    result = replace(
        fake_result(figure=False),
        tables={"../../escape": table, "/abs/path": table, "CON": table, "x" * 400: table},
    )
    out = tmp_path / "deep" / "report"
    write_report(result, out)
    inside = sorted(p.name for p in (out / "tables").iterdir())
    assert inside == sorted(["escape.tsv", "abs_path.tsv", "CON_.tsv", "x" * 80 + ".tsv"])
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["report"]
    assert not (tmp_path / "escape.tsv").exists()


# --------------------------------------------------------------------------- no code from data

_FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
_FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "shelve", "marshal", "joblib", "yaml"}
_FORBIDDEN_ATTRS = {"read_pickle", "to_pickle", "system", "popen", "load_model"}


def scan(package: Path) -> list[str]:
    """Every import of a deserialiser, call of eval/exec or shell=True under ``package``."""
    problems = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            where = f"{path.relative_to(package.parent)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Import | ast.ImportFrom):
                modules = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
                bad = [m for m in modules if m.split(".")[0] in _FORBIDDEN_MODULES]
                if bad:
                    problems.append(f"{where}: imports {bad}")
            elif isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id in _FORBIDDEN_CALLS:
                    problems.append(f"{where}: calls {func.id}()")
                if isinstance(func, ast.Attribute) and func.attr in _FORBIDDEN_ATTRS:
                    problems.append(f"{where}: calls .{func.attr}()")
                for keyword in node.keywords:
                    off = isinstance(keyword.value, ast.Constant) and not keyword.value.value
                    if keyword.arg in {"shell", "allow_pickle"} and not off:
                        problems.append(f"{where}: {keyword.arg}=")
    return problems


def test_no_pickle_eval_or_shell_in_mirbone():
    assert scan(PACKAGE) == []
    assert len(list(PACKAGE.rglob("*.py"))) > 30  # the scan saw the package


def test_the_scan_finds_what_it_looks_for(tmp_path):
    """The scan is not vacuous: it flags planted offenders."""
    bad = tmp_path / "mirbone"
    bad.mkdir()
    (bad / "x.py").write_text(
        "import pickle\nimport subprocess\neval('1')\n"
        "subprocess.run('ls', shell=True)\nimport pandas as pd\n"
        "pd.read_pickle('f')\nimport yaml\nnp.load(f, allow_pickle=True)\n"
        "subprocess.run(['ls'], shell=False)\n"
    )
    found = scan(bad)
    assert sorted(line.split(": ", 1)[1] for line in found) == sorted(
        [
            "imports ['pickle']",
            "calls eval()",
            "shell=",
            "calls .read_pickle()",
            "imports ['yaml']",
            "allow_pickle=",
        ]
    )


# --------------------------------------------------------------------------- workbooks


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_formula_cells_are_not_evaluated(tmp_path):
    from mirbone.io import read

    path = _workbook(
        tmp_path / "counts.xlsx",
        [["mirna", "S1", "S2"], ["hsa-miR-21-5p", 10, "=1+1"], ["hsa-miR-214-3p", 5, 6]],
    )
    with pytest.raises(InputError, match="S2"):  # a formula has no value: not computed
        read(path)
    from openpyxl import load_workbook

    assert load_workbook(path)["Sheet"]["C2"].value == "=1+1"  # it really is a formula


def test_formula_names_are_not_run_and_macros_ignored(tmp_path):
    from mirbone.io import read

    rows = [
        ["mirna", "S1", "S2"],
        ["hsa-miR-21-5p", 10, 12],
        ['=HYPERLINK("http://example.org","hsa-miR-1-3p")', 3, 4],
        ["hsa-miR-214-3p", 5, 6],
    ]
    macro = tmp_path / "counts.xlsm"
    _workbook(tmp_path / "plain.xlsx", rows)
    macro.write_bytes((tmp_path / "plain.xlsx").read_bytes())
    with zipfile.ZipFile(macro, "a") as archive:  # a VBA project, as Excel stores macros
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 Sub AutoOpen(): Shell")
    for path in (tmp_path / "plain.xlsx", macro):
        try:
            data = read(path)
        except InputError as error:  # a refusal names the file
            assert path.name in str(error)
            continue
        names = set(map(str, data.counts.index))
        assert "hsa-miR-21-5p" in names and "hsa-miR-214-3p" in names
        assert not any("HYPERLINK" in name or "http" in name for name in names)


def test_tables_xlsx_keeps_formula_like_strings_as_text(tmp_path):
    from openpyxl import load_workbook

    from mirbone.analysis._report import write_report

    hostile = [
        "=1+1",
        '=HYPERLINK("http://example.org","x")',
        "+SUM(A1:A2)",
        "-2+3",
        "@SUM(1)",
        "=cmd|' /C calc'!A0",
        "\t=1+1",
    ]
    table = pd.DataFrame({"mirna": hostile, "value": range(len(hostile))})
    result = replace(fake_result(figure=False), tables={"user": table, "=sheet": table})
    out = tmp_path / "report"
    write_report(result, out)
    with zipfile.ZipFile(out / "tables.xlsx") as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 2
        for name in sheets:
            assert (
                "<f>" not in archive.read(name).decode()
                and "<f " not in archive.read(name).decode()
            )
    book = load_workbook(out / "tables.xlsx")  # formulas would come back as formulas here
    for sheet in book.worksheets:
        cells = [row[0] for row in sheet.iter_rows(min_row=2)]
        assert [c.value for c in cells] == hostile
        assert {c.data_type for c in cells} == {"s"}
    # The TSV keeps the exact text (data are never altered).
    tsv = pd.read_csv(out / "tables" / "user.tsv", sep="\t", keep_default_na=False)
    assert tsv["mirna"].tolist()[:-1] == hostile[:-1]
