"""The messages of the package that catalogues translate, found by reading its source.

Two kinds (docs/languages.md):

* texts made for people, marked by a call to ``gettext``, ``ngettext`` or ``pgettext``
  (``t.gettext("due {when}")``) with literal text;
* error messages: the text (a literal or an f-string) given to an error class (a name ending
  in ``Error``, ``type(err)``), a policy file's problem (``problems.add(path, text)``, ``self.add`` inside ``Problems``), an
  ``argparse.ArgumentTypeError``, or a part of a message made apart from it
  (``message_part(text)``). Its catalogue entry has the context ``error`` and the English
  text with ``{name}`` for each value (named after the expression: ``{text!r}`` -> ``{text}``).

Run ``python tests/catalogue.py [LANGUAGE]`` to print the entries a catalogue lacks, ready to
be added to its ``.po`` file and translated.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "src" / "slaclock"
LOCALES = PACKAGE / "locales"
ERROR_CONTEXT = "error"
_MARKERS = {"gettext": 1, "pgettext": 2, "ngettext": 2}


@dataclass(frozen=True, slots=True)
class Message:
    """A message to translate: its context (``None``, ``error``, ``weekday``...), English text,
    plural (or ``None``), and where it is (``path:line``)."""

    context: str | None
    text: str
    plural: str | None
    where: str

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.text)

    def entry(self) -> str:
        """The message as a ``.po`` entry with an empty translation."""
        lines = [f"#: {self.where}"]
        if self.context is not None:
            lines.append(f"msgctxt {_quoted(self.context)}")
        lines.append(f"msgid {_quoted(self.text)}")
        if self.plural is None:
            lines.append('msgstr ""')
        else:
            lines += [f"msgid_plural {_quoted(self.plural)}", 'msgstr[0] ""', 'msgstr[1] ""']
        return "\n".join(lines)


def placeholders(text: str) -> list[str]:
    """The ``{name}`` of each value in a catalogue text (``{{`` and ``}}`` are braces)."""
    return re.findall(r"(?<!\{)\{([A-Za-z_]\w*)\}(?!\})", text.replace("{{", "").replace("}}", ""))


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _name(node: ast.expr) -> str:
    """A placeholder's name after the expression that gives the value."""
    if isinstance(node, ast.Name):
        return node.id.strip("_").lower() or "value"
    if isinstance(node, ast.Attribute):
        return "type" if node.attr == "__name__" else node.attr.strip("_").lower()
    if isinstance(node, ast.Call) and node.args:
        return _name(node.args[0])
    if isinstance(node, ast.Subscript):
        return _name(node.value)
    return "value"


def template(node: ast.expr, constants: dict[str, str] | None = None) -> str | None:
    """The catalogue text of an error message given as *node*: a literal (braces doubled) or an
    f-string (each value a ``{name}``, a module's own text or number constant written out);
    ``None`` for anything else."""
    constants = constants or {}
    text = _literal(node)
    if text is not None:
        return text.replace("{", "{{").replace("}", "}}")
    if not isinstance(node, ast.JoinedStr):
        return None
    parts: list[str] = []
    sources: dict[str, str] = {}
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(str(value.value).replace("{", "{{").replace("}", "}}"))
            continue
        assert isinstance(value, ast.FormattedValue)
        if (
            isinstance(value.value, ast.Name)
            and value.value.id in constants
            and not (value.conversion != -1 or value.format_spec)
        ):
            parts.append(constants[value.value.id].replace("{", "{{").replace("}", "}}"))
            continue
        name, source, number = _name(value.value), ast.unparse(value.value), 1
        while sources.setdefault(name if number == 1 else f"{name}_{number}", source) != source:
            number += 1
        parts.append("{" + (name if number == 1 else f"{name}_{number}") + "}")
    return "".join(parts)


def _texts(node: ast.expr) -> Iterator[ast.expr]:
    """The message nodes of an argument: both branches of ``a if c else b``."""
    if isinstance(node, ast.IfExp):
        yield from _texts(node.body)
        yield from _texts(node.orelse)
    else:
        yield node


def _error_arguments(node: ast.Call) -> Iterator[ast.expr]:
    func = node.func
    name = (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )
    is_type_call = isinstance(func, ast.Call) and ast.unparse(func.func) == "type"
    if (name.endswith("Error") or is_type_call) and node.args:
        if name == "PolicyFileError":  # its problems: [(path, message), ...]
            for item in ast.walk(node.args[0]):
                if isinstance(item, ast.Tuple) and len(item.elts) == 2:
                    yield item.elts[1]
        elif name != "InvalidRowError":
            yield node.args[0]
    elif (
        name == "add"
        and len(node.args) == 2
        and ast.unparse(func).endswith(("problems.add", "self.add"))
    ):
        yield node.args[1]


PART_MARKER = "message_part"
"""The marker of a part of an error message made apart from it (``errors.message_part``: a
"did you mean" hint, a list joined by "or"): each is an entry of its own, put back translated
into the message that holds it."""


def _constants(tree: ast.Module) -> dict[str, str]:
    """A module's top-level text and whole-number constants, as an f-string writes them."""
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str | int):
                text = str(value.value)
            elif isinstance(value, ast.JoinedStr) and all(
                isinstance(part, ast.Constant) for part in value.values
            ):
                text = "".join(str(part.value) for part in value.values)  # type: ignore[attr-defined]
            else:
                continue
            for target in targets:
                if isinstance(target, ast.Name):
                    found[target.id] = text
    return found


def _context_words(tree: ast.Module, where: str) -> Iterator[Message]:
    """The words of ``languages.CONTEXT_WORDS``, each in its context."""
    tuples = {
        ast.unparse(node.targets[0]): node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Tuple)
    }
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and ast.unparse(node.targets[0]) == "CONTEXT_WORDS"
            and isinstance(node.value, ast.Dict)
        ):
            for key, value in zip(node.value.keys, node.value.values, strict=True):
                context = ast.literal_eval(key) if key is not None else None
                words = ast.literal_eval(tuples[value.id] if isinstance(value, ast.Name) else value)
                for word in words:
                    yield Message(context, word, None, f"{where}:{node.lineno}")


def messages() -> Iterator[Message]:
    """Every message of the package, in file order."""
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE.parent.parent).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constants(tree)
        if path.name == "languages.py":
            yield from _context_words(tree, where)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            count = _MARKERS.get(func.attr) if isinstance(func, ast.Attribute) else None
            texts = [_literal(arg) for arg in node.args[: count or 0]]
            if count and len(texts) == count and all(text is not None for text in texts):
                context = texts[0] if func.attr == "pgettext" else None  # type: ignore[union-attr]
                plural = texts[1] if func.attr == "ngettext" else None  # type: ignore[union-attr]
                text = texts[1] if func.attr == "pgettext" else texts[0]  # type: ignore[union-attr]
                assert text is not None
                yield Message(context, text, plural, f"{where}:{node.lineno}")
                continue
            if ast.unparse(func).rpartition(".")[2] == PART_MARKER and node.args:
                for item in _texts(node.args[0]):
                    found = template(item, constants)
                    if found is not None and found.strip():
                        yield Message(ERROR_CONTEXT, found, None, f"{where}:{item.lineno}")
                continue
            for argument in _error_arguments(node):
                for item in _texts(argument):
                    found = template(item, constants)
                    if found is not None and found.strip():
                        yield Message(ERROR_CONTEXT, found, None, f"{where}:{item.lineno}")


def unique_messages() -> dict[tuple[str | None, str], Message]:
    """Each message once, by (context, text), at its first place."""
    found: dict[tuple[str | None, str], Message] = {}
    for message in messages():
        found.setdefault(message.key, message)
    return found


def catalogue(language: str) -> dict[tuple[str | None, str], list[str]]:
    """The entries of *language*'s ``.po`` file: (context, text) -> its translations (one, or
    one per plural form); read with Babel."""
    from babel.messages.pofile import read_po

    with (LOCALES / language / "LC_MESSAGES" / "slaclock.po").open("rb") as file:
        read = read_po(file)
    found: dict[tuple[str | None, str], list[str]] = {}
    for entry in read:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        found[(entry.context, ids[0])] = [] if entry.fuzzy else list(strings)
    return found


def main(language: str = "es") -> None:
    known = catalogue(language)
    for key, message in unique_messages().items():
        if not all(known.get(key) or [""]):
            print(message.entry(), end="\n\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
