"""The house holds its shape: packages in layers that point one way, no import circles, no
private names used across modules, and modules and classes small enough to read.

Read from the source with `ast` (every import, at the top of a module or inside a function,
counts: a lazy import is still a dependency).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "vmgraph"

# Lower numbers sit lower: a module may import its own layer or any layer below it.
# The longest matching prefix decides a module's layer.
LAYERS = {
    "vmgraph": 0,  # the package itself: __version__ and the lazily loaded public API
    "vmgraph.errors": 0,
    "vmgraph.pack.model": 0,
    "vmgraph.vm": 1,
    "vmgraph.inventory": 1,
    "vmgraph.pack": 2,
    "vmgraph.planning": 3,
    "vmgraph.fleet": 4,
    "vmgraph.overview": 4,
    "vmgraph.render": 5,
    "vmgraph.cli": 6,
    "vmgraph.__main__": 7,
}
MAX_MODULE_LINES = 400
MAX_CLASS_LINES = 250


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
BUILT = {"vmgraph._rules"}  # rules/, mapped into the package at build time (pyproject.toml)


def layer(module: str) -> int:
    best = max((prefix for prefix in LAYERS if module == prefix or module.startswith(prefix + ".")), key=len)
    return LAYERS[best]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports(module: str) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every vmgraph import in a module."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    tree = ast.parse(path.read_text(), str(path))
    typing_only = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.If) and _is_type_checking(node.test) for inner in ast.walk(node)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue  # `if TYPE_CHECKING:` imports are for annotations, never run
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names if alias.name.split(".")[0] == "vmgraph"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "vmgraph":
                continue
            names = [alias.name for alias in node.names]
            submodules = [f"{target}.{name}" for name in names if f"{target}.{name}" in MODULES]
            found += [(sub, [], node.lineno) for sub in submodules]
            taken = [name for name in names if f"{target}.{name}" not in MODULES and f"{target}.{name}" not in BUILT]
            if taken:  # `from . import module` needs only the module (its package is imported already)
                found.append((target, taken, node.lineno))
    return found


GRAPH = {module: sorted({target for target, _, _ in imports(module) if target in MODULES and target != module}) for module in MODULES}


def test_every_module_is_in_a_layer():
    assert {"vmgraph.pack.model", "vmgraph.planning.planner", "vmgraph.cli.app"} <= set(MODULES)
    for module in MODULES:
        assert layer(module) is not None


def test_layers_point_one_way():
    upward = [
        f"{module} (layer {layer(module)}) imports {target} (layer {layer(target)}) at line {line}"
        for module in MODULES
        for target, _, line in imports(module)
        if target in MODULES and layer(target) > layer(module)
    ]
    assert not upward, "\n".join(upward)


def strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that import each other, however indirectly."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            groups.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return groups


def test_the_circle_finder_finds_a_circle():
    assert strongly_connected({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"], ["d"]]


def test_no_import_circles():
    # A package's __init__ importing its own modules is how a package offers its API, not a circle,
    # as long as those modules do not import the __init__ back.
    circles = [group for group in strongly_connected(GRAPH) if len(group) > 1]
    assert not circles, "import circles: " + "; ".join(" <-> ".join(group) for group in circles)


def test_no_private_names_across_modules():
    taken = [
        f"{module} line {line} takes {name} from {target}"
        for module in MODULES
        for target, names, line in imports(module)
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not taken, "\n".join(taken)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_and_classes_stay_readable(module):
    source = MODULES[module].read_text()
    lines = source.count("\n")
    assert lines <= MAX_MODULE_LINES, f"{module} has {lines} lines (at most {MAX_MODULE_LINES}): it holds two jobs"
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            size = node.end_lineno - node.lineno + 1
            assert size <= MAX_CLASS_LINES, f"{module}.{node.name} has {size} lines (at most {MAX_CLASS_LINES})"


def test_each_package_says_its_job():
    for path in sorted(PACKAGE.rglob("__init__.py")):
        if path.parent.name == "_rules":
            continue
        tree = ast.parse(path.read_text())
        assert ast.get_docstring(tree), f"{path.relative_to(ROOT)} has no docstring saying the package's job"
