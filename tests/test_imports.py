"""The modules depend one way: each imports only modules listed before it (docs/design.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import slaclock

PACKAGE = Path(slaclock.__file__).parent
ORDER = [
    "errors",
    "zones",
    "durations",
    "periods",
    "hours",
    "calendars",
    "_timeline",
    "schedule",
    "policy",
    "config",
    "events",
    "tickets.rules",
    "tickets.clocks",
    "tracking",
    "columnar",
    "columnar_policy",
    "files",
    "summary",
    "report",
    "_fast_read",
    "_fast_report",
    "_fast_events",
    "_fast_csv",
    "distributed",
    "cli",
    "__main__",
]


# The optional columnar extra (numpy) is loaded on first use by the ``*_many`` methods of a
# schedule and a policy, by a report (``_fast_report``, ``_fast_events``, ``_fast_csv``) and by the CSV
# reader (``_fast_read``: the lines of a block checked at once); that upward
# import sits inside a function, never at module level.
LAZY = {
    "schedule": {"columnar"},
    "policy": {"columnar_policy"},
    "files": {"_fast_read"},
    "summary": {"_fast_report"},
    "report": {"_fast_report", "_fast_events", "_fast_csv"},
}


def _path(module: str) -> Path:
    return PACKAGE / f"{module.replace('.', '/')}.py"


def _placed(name: str) -> str:
    """A module imported by dotted name, as ORDER names it (a subpackage's modules by their
    dotted names; a package itself by its first part)."""
    return name if name in ORDER else name.split(".")[0]


def _imports(module: str) -> set[str]:
    tree = ast.parse(_path(module).read_text(encoding="utf-8"))
    package = module.rpartition(".")[0]
    found: set[str] = set()
    lazy = {
        node.module
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.ImportFrom) and node.level == 1
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in lazy & LAZY.get(module, set()):
            continue
        if isinstance(node, ast.ImportFrom) and node.level >= 1:
            base = package if node.level == 1 else package.rpartition(".")[0]
            if node.level > 2 or (node.level == 2 and not package):
                raise AssertionError(f"{module}: an import above the package")
            if node.module:
                found.add(_placed(f"{base}.{node.module}".lstrip(".")))
            else:
                found.update(
                    _placed(f"{base}.{a.name}".lstrip("."))
                    if _placed(f"{base}.{a.name}".lstrip(".")) in ORDER
                    else "__init__"
                    for a in node.names
                )
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("slaclock"):
            found.add(
                _placed((node.module or "").removeprefix("slaclock").lstrip(".")) or "__init__"
            )
    return found


def test_every_module_is_placed_in_the_order() -> None:
    modules = {
        ".".join(path.relative_to(PACKAGE).with_suffix("").parts) for path in PACKAGE.rglob("*.py")
    } - {"__init__"}
    packages = {name for name in modules if name.endswith(".__init__")}
    for package in packages:  # a subpackage's __init__ holds no code (its docstring only)
        tree = ast.parse(_path(package).read_text(encoding="utf-8"))
        assert all(isinstance(node, ast.Expr) for node in tree.body), package
    assert modules - packages == set(ORDER)


@pytest.mark.parametrize("module", ORDER)
def test_module_imports_only_modules_beneath_it(module: str) -> None:
    allowed = set(ORDER[: ORDER.index(module)])
    if module in {"cli", "__main__"}:
        allowed.add("__init__")  # the version number
    imported = _imports(module)
    assert imported <= allowed, f"{module} imports {sorted(imported - allowed)}"


def test_the_core_never_imports_numpy_or_pandas() -> None:
    for module in ORDER:
        if module in (
            "columnar",
            "columnar_policy",
            "_fast_read",
            "_fast_report",
            "_fast_events",
            "_fast_csv",
            "distributed",
        ):
            continue
        tree = ast.parse(_path(module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(name.split(".")[0] in {"numpy", "pandas"} for name in names), module


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name.split(".")[0] for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0:
        return [(node.module or "").split(".")[0]]
    return []


def test_pyarrow_is_imported_only_inside_the_parquet_functions() -> None:
    # The optional parquet extra: ``files`` imports pyarrow inside a function, on first use of
    # a Parquet file; no module imports it at module level.
    for module in ORDER:
        tree = ast.parse(_path(module).read_text(encoding="utf-8"))
        functions = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        inside = {id(node) for function in functions for node in ast.walk(function)}
        for node in ast.walk(tree):
            if "pyarrow" not in _imported(node):
                continue
            assert module == "files", f"{module} imports pyarrow"
            assert id(node) in inside, f"{module} imports pyarrow at module level"


def test_importing_slaclock_loads_no_pyarrow() -> None:
    code = (
        "import sys, slaclock, slaclock.cli, slaclock.files, slaclock.report; "
        "assert 'pyarrow' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_init_has_no_logic() -> None:
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    kinds = {type(node).__name__ for node in tree.body}
    assert kinds <= {"Expr", "ImportFrom", "Import", "Try", "Assign"}
    assert not any(isinstance(node, ast.FunctionDef | ast.ClassDef) for node in tree.body)


def test_public_names_are_exported() -> None:
    for name in slaclock.__all__:
        assert hasattr(slaclock, name), name
