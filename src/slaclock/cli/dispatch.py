"""``main``: the command line parsed, its command run, errors turned into exit statuses."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import traceback
from collections.abc import Callable, Sequence

from ..errors import InvalidRowError, SlaclockError
from ..languages import Translation, choose_language, translation
from . import calendar, check, deadline, explain, report
from .parser import UsageError, build_parser

__all__ = ["BROKEN_PIPE", "INTERNAL_ERROR", "main"]

BROKEN_PIPE = 128 + 13
"""The exit status when standard output's reader went away (``slaclock ... | head``): the
shell's status for a process ended by SIGPIPE."""
INTERNAL_ERROR = 3
"""The exit status of an error slaclock did not expect (a bug), told apart from bad input (2)
and from problems found (1)."""

_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "deadline": deadline.run,
    "explain": explain.run,
    "calendar": calendar.run,
    "check": check.run,
    "report": report.run,
}


def _language(args: argparse.Namespace) -> Translation:
    """The language errors are shown in: the run's (``args.language``, chosen with its
    policy), else the one the options and the environment choose, else English (the error
    may be that language's own)."""
    chosen = getattr(args, "language", None)
    if chosen is None:
        try:
            chosen = choose_language(args.lang)
        except SlaclockError:
            chosen = None
    return translation(chosen)


def _help_language(arguments: list[str]) -> str | None:
    """The language of the help, from ``--lang`` among *arguments* and the environment,
    before they are parsed; ``None`` (English) when that is not a known language (the parsed
    options report it)."""
    given = None
    for index, argument in enumerate(arguments):
        if argument == "--":
            break
        if argument == "--lang" and index + 1 < len(arguments):
            given = arguments[index + 1]
        elif argument.startswith("--lang="):
            given = argument.partition("=")[2]
    try:
        return choose_language(given)
    except SlaclockError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 success, 1 rows rejected by ``report``
    or policy problems found by ``check``, 2 bad input, options or files, 3 an internal
    error: a bug; 130 and 143 a report stopped by SIGINT or SIGTERM; 141 standard output's
    reader gone)."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_help_language(arguments))
    args = parser.parse_args(arguments)
    try:
        return _COMMANDS[args.command](args)
    except InvalidRowError as err:
        t = _language(args)
        print(
            t.gettext("slaclock: error: {message} (--strict: nothing was written)").format(
                message=t.exception(err)
            ),
            file=sys.stderr,
        )
        return 2
    except (SlaclockError, UsageError) as err:
        t = _language(args)
        print(
            t.gettext("slaclock: error: {message}").format(message=t.exception(err)),
            file=sys.stderr,
        )
        return 2
    except OSError as err:
        if isinstance(err, BrokenPipeError):  # the reader went away (``| head``): SIGPIPE's
            with contextlib.suppress(OSError):  # status, not 1 ("problems found")
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return BROKEN_PIPE
        name = f" {err.filename!r}" if err.filename else ""
        print(f"slaclock: error: cannot use{name}: {err.strerror or err}", file=sys.stderr)
        return 2
    except EOFError as err:  # a truncated compressed input
        print(f"slaclock: error: the input ends early: {err}", file=sys.stderr)
        return 2
    except report.Interrupted as err:  # SIGINT or SIGTERM during a report: 130 or 143
        name = signal.Signals(err.signum).name
        done = "after the outputs were written" if err.written else "nothing was written"
        print(f"slaclock: interrupted ({name}): {done}", file=sys.stderr)
        return 128 + err.signum
    except KeyboardInterrupt:
        print("slaclock: interrupted: nothing was written", file=sys.stderr)
        return 128 + signal.SIGINT
    except Exception as err:  # a bug: never status 1, which means "problems found"
        traceback.print_exc(file=sys.stderr)
        print(
            f"slaclock: internal error ({type(err).__name__}: {err}): this is a bug in "
            f"slaclock; please report it with the command and the traceback above",
            file=sys.stderr,
        )
        return INTERNAL_ERROR
