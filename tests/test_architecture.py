"""The architecture you can see: subpackages in layers, imports only downwards, no cycles.

Data flows one way (read -> normalise -> map -> annotate -> enrich -> report), so a module
may import only from its own subpackage or a lower layer. Imports inside functions count
too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mirbone"

#: Lower layers first; a unit (a subpackage or a top-level module) may import only from
#: itself and from lower layers.
LAYERS = (
    {"errors"},
    {"_resources", "_output", "_deprecated", "_values", "_versions", "_docs", "_frames"},
    {"names", "expression", "differential"},
    {"io", "annotate", "_identities"},
    {"kb", "genesets"},
    {"targets"},
    {"enrich"},
    {"plot"},
    {"analysis"},
    {"report"},  # the deprecated old name of analysis
    {"cli"},
)
MAX_LINES = 700


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts).removesuffix(".__init__")


def unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "mirbone"


def imports() -> dict[str, set[str]]:
    """Module -> the mirbone modules it imports, lazily or not."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        source = module_name(path)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                if node.module == "mirbone":
                    graph[source] |= {f"mirbone.{a.name}" for a in node.names}
                elif node.module.startswith("mirbone."):
                    graph[source].add(node.module)
            elif isinstance(node, ast.Import):
                graph[source] |= {a.name for a in node.names if a.name.startswith("mirbone.")}
    graph.pop("mirbone", None)  # the root only exposes the subpackages, lazily
    return graph


def layer_of(unit: str) -> int:
    for index, layer in enumerate(LAYERS):
        if unit in layer:
            return index
    msg = f"mirbone.{unit} is in no layer: add it to LAYERS"
    raise AssertionError(msg)


def test_every_import_goes_down_a_layer():
    upward = []
    for source, targets in imports().items():
        for target in targets:
            a, b = unit_of(source), unit_of(target)
            if b in {a, "__version__"} or target == "mirbone.__version__":
                continue
            if layer_of(b) >= layer_of(a):
                upward.append(f"{source} -> {target}")
    assert upward == []


def test_no_import_cycles_between_subpackages():
    graph: dict[str, set[str]] = defaultdict(set)
    for source, targets in imports().items():
        for target in targets:
            a, b = unit_of(source), unit_of(target)
            if a != b and target != "mirbone.__version__":
                graph[a].add(b)
    seen: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        seen[node] = 1
        for nxt in graph.get(node, ()):
            if seen.get(nxt) == 1:
                raise AssertionError(" -> ".join([*stack, node, nxt]))
            if nxt not in seen:
                visit(nxt, [*stack, node])
        seen[node] = 2

    for node in list(graph):
        if node not in seen:
            visit(node, [])


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_no_module_is_over_the_line_limit(path):
    assert len(path.read_text().splitlines()) <= MAX_LINES, path


def test_each_concern_is_a_subpackage_with_a_thin_init():
    for name in ("io", "names", "kb", "targets", "annotate", "enrich", "analysis", "plot", "cli"):
        package = PACKAGE / name
        init = package / "__init__.py"
        if name == "names":
            assert (PACKAGE / "names.py").is_file()
            continue
        assert init.is_file(), name
        tree = ast.parse(init.read_text())
        definitions = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)]
        if name != "cli":  # the CLI's __init__ is its entry point (main, console_main)
            assert definitions == [], f"mirbone/{name}/__init__.py defines code"
