"""The modules depend one way: each imports only modules listed before it (docs/design.md),
and none imports another module's private names."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import slaclock

PACKAGE = Path(slaclock.__file__).parent
# A module of a subpackage is named with dots (``files.readers``); the package itself (its
# ``__init__.py``) is named alone (``files``) and comes right after its modules.
ORDER = [
    "errors",
    "suggestions",
    "zones",
    "durations",
    "languages",
    "periods",
    "hours",
    "calendars.protocol",
    "calendars.countries",
    "calendars.closed_dates",
    "calendars.recurring",
    "calendars.union",
    "calendars.listing",
    "calendars",
    "ics",
    "_timeline",
    "_questions",
    "schedule.day_offsets",
    "schedule.base",
    "schedule.weekly",
    "schedule.combined",
    "schedule",
    "schedule_versions",
    "policy.targets",
    "policy.deadlines",
    "policy.policies",
    "policy",
    "events",
    "config.documents",
    "config.report_settings",
    "config.targets",
    "config.plans",
    "config.policy_files",
    "config",
    "tickets.rules",
    "tickets.clocks",
    "tickets.status",
    "tickets.stored",
    "tickets",
    "tracking",
    "risk",
    "explanations",
    "policy_versions",
    "columnar.columns",
    "columnar.questions",
    "columnar",
    "columnar_policy",
    "files.arrow_csv",
    "files.arrow_json",
    "files.opening",
    "files.readers",
    "files.writers",
    "files.parquet",
    "files.tables",
    "files",
    "summary",
    "report.options",
    "report.results",
    "report.reading",
    "report.date_formats",
    "report.columnar_reading",
    "report.instant_texts",
    "report.columnar_results",
    "report.columnar_tickets",
    "report.risks",
    "report.event_cycles",
    "report.columnar_events",
    "report.arrow_results",
    "report.batches",
    "report.run",
    "report",
    "distributed.frames",
    "distributed.partitions",
    "distributed.summaries",
    "distributed.reports",
    "distributed",
    "cli.parser",
    "cli.policy_options",
    "cli.deadline",
    "cli.explain",
    "cli.calendar",
    "cli.check",
    "cli.report",
    "cli.dispatch",
    "cli",
    "__main__",
]
SUBPACKAGES = sorted({name.split(".")[0] for name in ORDER if "." in name})


# The optional columnar extra (numpy) is loaded on first use by the ``*_many`` methods of a
# schedule and a policy, by the CSV reader (``report.columnar_reading``: the lines of a block
# checked at once) and by a summary's percentiles (``report.columnar_results``); that upward
# import sits inside a function, never at module level. A report loads its columnar modules
# (:data:`COLUMNAR`) the same way, from ``report.batches`` and ``report.run``, which come after
# them (an import inside a function, or under ``if TYPE_CHECKING`` for the types).
# ``Schedule.versions`` builds a ``schedule_versions.VersionedSchedule``, read inside the method;
# ``BaseSchedule``'s ``|`` and ``&`` build a union and an intersection (``schedule.combined``,
# whose schedules are ``BaseSchedule``s), read inside the operators.
# ``Policy.explain`` explains a deadline as the ticket it is the deadline of (one
# ``created`` event): it reads ``events`` and ``explanations`` inside the method.
# ``Ticket.explain`` is ``explanations.explain_ticket`` of the ticket, and the explanations
# read the ticket the engine replayed: ``tracking`` reads ``explanations`` inside the method
# (and under ``if TYPE_CHECKING`` for the type it returns).
LAZY = {
    "schedule.base": {"columnar", "schedule.combined"},
    "schedule.weekly": {"schedule_versions"},
    "schedule_versions": {"columnar"},
    "policy.policies": {"columnar_policy", "events", "explanations"},
    "tracking": {"explanations"},
    "summary": {"report.columnar_results"},
}

COLUMNAR = (
    "report.date_formats",
    "report.columnar_reading",
    "report.instant_texts",
    "report.columnar_results",
    "report.columnar_tickets",
    "report.risks",
    "report.event_cycles",
    "report.columnar_events",
    "report.arrow_results",
)
"""The report's modules that import numpy (at module level: they are loaded on first use)."""


def _path(module: str) -> Path:
    """The file of a module named as in ORDER."""
    parts = module.split(".")
    package = PACKAGE.joinpath(*parts)
    if package.is_dir():
        return package / "__init__.py"
    return PACKAGE.joinpath(*parts[:-1], f"{parts[-1]}.py")


def _name(path: Path) -> str:
    """The name in ORDER of a file of the package (``""`` for the package's own
    ``__init__.py``)."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _tree(module: str) -> ast.Module:
    return ast.parse(_path(module).read_text(encoding="utf-8"))


def _is_module(name: str) -> bool:
    return bool(name) and (name in ORDER or _path(name).exists())


def _from_slaclock(module: str, node: ast.ImportFrom) -> Iterator[tuple[str, ast.alias]]:
    """(the slaclock module it names, the name) of each name an import of *module* takes
    from slaclock: ``""`` for the package itself; nothing for a foreign import."""
    if node.level:
        parts = module.split(".") if _path(module).name == "__init__.py" else module.split(".")[:-1]
        base = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
        source = ".".join([*base, *(node.module or "").split(".")]).strip(".")
    elif node.module == "slaclock" or (node.module or "").startswith("slaclock."):
        source = (node.module or "").removeprefix("slaclock").lstrip(".")
    else:
        return
    for alias in node.names:
        inner = f"{source}.{alias.name}".lstrip(".")
        yield (inner if _is_module(inner) else source), alias


def _imports(module: str) -> set[str]:
    """The slaclock modules *module* imports (``__init__`` for the package itself), but the
    upward imports LAZY allows inside a function or for the types only."""
    tree = _tree(module)
    inside = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
    }
    inside |= {  # imports for the types only
        id(node)
        for check in tree.body
        if isinstance(check, ast.If) and "TYPE_CHECKING" in ast.unparse(check.test)
        for node in ast.walk(check)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        for source, _ in _from_slaclock(module, node):
            if id(node) in inside and source in LAZY.get(module, set()):
                continue
            found.add(source or "__init__")
    return found


def test_every_module_is_placed_in_the_order() -> None:
    modules = {_name(path) for path in PACKAGE.rglob("*.py")} - {""}
    assert modules == set(ORDER)
    assert len(ORDER) == len(set(ORDER))


def test_a_package_s_modules_are_placed_together_and_before_it() -> None:
    for package in SUBPACKAGES:
        places = [k for k, name in enumerate(ORDER) if name.split(".")[0] == package]
        assert places == list(range(places[0], places[-1] + 1)), package
        assert ORDER[places[-1]] == package, f"{package} (its __init__) after its modules"


@pytest.mark.parametrize("module", ORDER)
def test_module_imports_only_modules_beneath_it(module: str) -> None:
    allowed = set(ORDER[: ORDER.index(module)])
    if module.split(".")[0] in {"cli", "__main__"}:
        allowed.add("__init__")  # the version number
    imported = _imports(module)
    assert imported <= allowed, f"{module} imports {sorted(imported - allowed)}"


def _runtime_imports(tree: ast.Module) -> Iterator[ast.AST]:
    """The imports a module runs when imported: not inside a function, nor under
    ``if TYPE_CHECKING``."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from (n for child in node.orelse for n in ast.walk(child))
            continue
        yield from ast.walk(node)


def test_the_core_never_imports_numpy_or_pandas() -> None:
    # tickets.clocks holds the array twin of the clock arithmetic: it imports numpy inside
    # those functions only, so the core still loads without it.
    for module in ORDER:
        if module in ("columnar_policy", *COLUMNAR) or module.startswith(
            ("columnar", "distributed")
        ):
            continue
        tree = _tree(module)
        nodes = _runtime_imports(tree) if module == "tickets.clocks" else ast.walk(tree)
        for node in nodes:
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(name.split(".")[0] in {"numpy", "pandas"} for name in names), module


def test_importing_the_ticket_clocks_loads_no_numpy() -> None:
    code = "import sys, slaclock.tickets.clocks; assert 'numpy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_importing_the_report_loads_no_numpy() -> None:
    # its columnar modules are imported on first use (inside functions), or for types only
    code = (
        "import sys, slaclock.report, slaclock.report.batches, slaclock.report.run; "
        "assert 'numpy' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("module", ["report.batches", "report.run"])
def test_the_report_imports_its_columnar_modules_only_lazily(module: str) -> None:
    tree = _tree(module)
    inside = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
    }
    for node in _runtime_imports(tree):
        if isinstance(node, ast.ImportFrom) and id(node) not in inside:
            sources = {source for source, _ in _from_slaclock(module, node)}
            assert not sources & set(COLUMNAR), f"{module} imports {sorted(sources)} at load"


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name.split(".")[0] for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0:
        return [(node.module or "").split(".")[0]]
    return []


PYARROW = {
    "files.parquet",
    "files.arrow_csv",
    "files.arrow_json",
    "report.date_formats",
    "report.columnar_reading",
    "report.instant_texts",
    "report.arrow_results",
}
"""The modules that import pyarrow (inside their functions): the parquet and fast extras."""


def test_pyarrow_is_imported_only_inside_the_parquet_functions() -> None:
    # The optional parquet and fast extras: pyarrow is imported inside a function, on first
    # use; no module imports it at module level.
    for module in ORDER:
        tree = _tree(module)
        functions = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        inside = {id(node) for function in functions for node in ast.walk(function)}
        for node in ast.walk(tree):
            if "pyarrow" not in _imported(node):
                continue
            assert module in PYARROW, f"{module} imports pyarrow"
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


def _private_imports() -> set[tuple[str, str, str]]:
    """(importing module, the module it takes from, the name) of each underscore name a
    module imports from another slaclock module."""
    found: set[tuple[str, str, str]] = set()
    for module in ORDER:
        for node in ast.walk(_tree(module)):
            if not isinstance(node, ast.ImportFrom):
                continue
            for source, alias in _from_slaclock(module, node):
                name = alias.name
                private = name.startswith("_") and not name.startswith("__")
                if private and not _is_module(f"{source}.{name}".lstrip(".")):
                    found.add((module, source or "__init__", name))
    return found


def test_no_module_imports_another_module_s_private_names() -> None:
    assert sorted(_private_imports()) == [], "imports of private names: make them public"


def _definitions(module: str) -> Iterator[tuple[str, str]]:
    """(name, what defines it) of each name *module* defines at its top level: ``def`` for a
    function or a class, else the source of the value assigned."""
    for node in _tree(module).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.name, "def"
        elif isinstance(node, ast.Assign) and node.value is not None:
            for target in node.targets:
                if isinstance(target, ast.Name):
                    yield target.id, ast.unparse(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            yield node.target.id, ast.unparse(node.value) if node.value else "def"


SAME_ROLE = {
    "run": {f"cli.{name}" for name in ("deadline", "explain", "calendar", "check", "report")},
}
"""Names that several modules define on purpose, for the same role: each command's entry
point, which ``cli.dispatch`` calls."""


def test_one_name_one_meaning() -> None:
    # A name that two modules define at their top level means the same thing in both: the
    # same constant (the same source), or one role (SAME_ROLE); never two different
    # functions, classes or values under one name.
    found: dict[str, dict[str, str]] = {}
    for module in ORDER:
        for name, value in _definitions(module):
            if not name.startswith("__"):
                found.setdefault(name, {})[module] = value
    clashes = {
        name: sorted(places)
        for name, places in found.items()
        if len(places) > 1
        and set(places) != SAME_ROLE.get(name)
        and ("def" in places.values() or len(set(places.values())) > 1)
    }
    assert clashes == {}


def test_public_names_are_the_documented_list() -> None:
    # docs/index.md lists the names ``import slaclock`` gives, in its last section.
    index = (Path(__file__).parent.parent / "docs" / "index.md").read_text(encoding="utf-8")
    section = index.split("## The names `import slaclock` gives", 1)[1]
    listed = [
        name
        for line in section.splitlines()
        if line.startswith(("- ", "  "))
        for name in re.findall(r"`([A-Za-z_]+)`", line)
    ]
    assert len(listed) == len(set(listed))
    assert sorted(listed) == sorted(slaclock.__all__)


FOREIGN_PRIVATE = {
    "_meta": "a Dask collection's empty frame of its columns and types (Dask's documented API)",
    "_fields": "a NamedTuple's field names",
    "_replace": "a NamedTuple with some fields replaced",
    "_asdict": "a NamedTuple as a dict",
    "_make": "a NamedTuple from an iterable",
}
"""Underscore names that foreign libraries document as their API: read anywhere."""


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _defined_attributes(tree: ast.Module) -> set[str]:
    """The names a module defines that an attribute may carry: its functions and classes (at
    any depth: methods too), its globals, its classes' attributes (assigned in the class body
    or listed in ``__slots__``) and the attributes its methods set on ``self`` (by assignment
    or, for frozen values, ``object.__setattr__(self, "name", ...)``)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.add(node.name)
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
        ):
            found.add(node.attr)
        elif (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) == "object.__setattr__"
            and len(node.args) >= 2
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "self"
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            found.add(node.args[1].value)
    scopes: list[list[ast.stmt]] = [tree.body]
    scopes += [node.body for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    for body in scopes:  # the module's globals and the classes' attributes
        for statement in body:
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                continue
            for node in ast.walk(statement):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    found.add(node.id)
                elif isinstance(node, ast.alias):
                    found.add((node.asname or node.name).split(".")[0])
            if isinstance(statement, ast.Assign) and "__slots__" in map(
                ast.unparse, statement.targets
            ):
                found.update(
                    node.value
                    for node in ast.walk(statement.value)
                    if isinstance(node, ast.Constant) and isinstance(node.value, str)
                )
    return found


def _private_reads(path: Path, root: Path = PACKAGE.parent) -> Iterator[str]:
    """``file:line: expression`` of each read of an underscore attribute of something other
    than ``self``, ``cls`` or ``super()`` that the module does not define itself (the file
    named from *root*)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    defined = _defined_attributes(tree)
    reads = [node for node in ast.walk(tree) if isinstance(node, ast.Attribute)]
    for node in sorted(reads, key=lambda node: (node.lineno, node.col_offset)):
        if not _private(node.attr):
            continue
        if node.attr in defined or node.attr in FOREIGN_PRIVATE:
            continue
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
            continue
        if isinstance(owner, ast.Call) and ast.unparse(owner.func) == "super":
            continue
        where = path.relative_to(root).as_posix()
        yield f"{where}:{node.lineno}: {ast.unparse(node)} ({node.attr} is defined elsewhere)"


def test_no_module_reads_another_module_s_private_attributes() -> None:
    # What a module needs of another's value it asks by a public name (docs/design.md,
    # "Layers"); an underscore attribute is read only in the module that defines it.
    found = sorted(read for path in PACKAGE.rglob("*.py") for read in _private_reads(path))
    assert found == [], "private attributes read from another module:\n" + "\n".join(found)


def test_the_private_read_check_names_a_foreign_read(tmp_path: Path) -> None:
    # The check above can fail: it names the file, line and attribute of a foreign read, and
    # lets a module read what it defines itself, and anything of self, cls and super().
    path = tmp_path / "scratch.py"
    path.write_text(
        "import other\n"
        "_GLOBAL = 1\n"
        "class Own:\n"
        "    __slots__ = ('_slot',)\n"
        "    _kept = 0\n"
        "    def __init__(self) -> None:\n"
        "        self._mine = other._theirs\n"
        "        object.__setattr__(self, '_frozen', super()._parent + cls._also)\n"
        "    def _helper(self, other: 'Own') -> int:\n"
        "        return other._mine + other._slot + other._kept + other._frozen\n"
        "def read(frame, row) -> object:\n"
        "    return frame._meta, row._asdict(), other._GLOBAL, other._helper, other.__dict__\n"
        "def foreign(row) -> object:\n"
        "    return row.values._data\n",
        encoding="utf-8",
    )
    assert list(_private_reads(path, tmp_path)) == [
        "scratch.py:7: other._theirs (_theirs is defined elsewhere)",
        "scratch.py:14: row.values._data (_data is defined elsewhere)",
    ]
