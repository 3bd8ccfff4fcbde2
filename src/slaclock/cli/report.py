"""``slaclock report``: SLA compliance of many tickets, from a file to files."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import json
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import fields
from datetime import timedelta
from pathlib import Path
from typing import IO, Any, TextIO

from ..config import ReportSettings, load_report_settings
from ..durations import parse_duration
from ..errors import InvalidInputError, SlaclockError
from ..files import (
    AtomicFile,
    Format,
    ParquetReader,
    ParquetWriter,
    RecordWriter,
    RowReader,
    commit_together,
    encoding_name,
    format_of,
    open_input,
    remove_stale,
)
from ..languages import Translation, translation
from ..policy import Policy
from ..policy_versions import PolicyVersions
from ..report import (
    ERROR_COLUMNS,
    RESULT_COLUMNS,
    RESULT_TYPES,
    SUMMARY_COLUMNS,
    Columns,
    Rejection,
    TimeFormat,
    run_report,
)
from ..report.batches import ResultBatch, built_result
from ..risk import is_at_risk
from ..tracking import Options
from ..zones import parse_datetime
from .parser import UsageError
from .policy_options import output_language, policies_from_options

__all__ = ["ROWS_REJECTED", "Interrupted", "Progress", "run"]

_COLUMN_NAMES = tuple(field.name for field in fields(Columns))


class Progress:
    """A one-line progress indicator on a terminal, in *t*'s language (default English);
    silent on anything else."""

    def __init__(
        self,
        stream: TextIO,
        every: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
        t: Translation | None = None,
    ) -> None:
        self._t = translation() if t is None else t
        self._stream = stream
        self.enabled = stream.isatty()
        self._every = every
        self._clock = clock
        self._started = self._last = clock()
        self._shown = 0

    def update(self, rows: int) -> None:
        if not self.enabled:
            return
        moment = self._clock()
        if moment - self._last < self._every:
            return
        self._last = moment
        rate = rows / max(moment - self._started, 1e-9)
        t = self._t
        text = t.ngettext(
            "slaclock report: {rows} row read, {rate} rows/s",
            "slaclock report: {rows} rows read, {rate} rows/s",
            rows,
        ).format(rows=t.number(rows), rate=t.number(round(rate)))
        self._stream.write("\r" + text.ljust(self._shown))
        self._stream.flush()
        self._shown = len(text)

    def done(self) -> None:
        if self._shown:
            self._stream.write("\r" + " " * self._shown + "\r")
            self._stream.flush()
            self._shown = 0


def _format(name: str, option: str | None) -> Format:
    try:
        return format_of(name)
    except InvalidInputError as err:
        if "compressed inside" in str(err):  # .parquet.gz
            raise UsageError(str(err)) from None
        if option:
            raise UsageError(
                f"cannot tell the format of {name!r} from its name: expected a name ending in "
                f".csv or .jsonl (perhaps followed by .gz) or .parquet, or give {option} csv, "
                f"jsonl or parquet"
            ) from None
        raise UsageError(
            f"cannot tell the format of {name!r} from its name: expected a name ending in "
            f".csv or .jsonl (perhaps followed by .gz)"
        ) from None


def _same_file(first: str, second: str) -> bool:
    return Path(first).resolve() == Path(second).resolve()


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """While a report runs: what is loaded so far (modules, the policy) is never scanned
    again, and the cyclic garbage collector runs once per 50,000 new objects rather than 700
    (a report makes and frees millions of short-lived objects, nearly none in cycles): some
    20 to 30 % faster here. The process's settings come back afterwards."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


ROWS_REJECTED = 1
"""The exit status of a report written whole with rows rejected (into ``--errors``, or listed
on standard error): "problems found", like ``check``'s; never that of a usage, policy or file
error (2), of an interruption (130, 143) or of a crash (3)."""


def run(args: argparse.Namespace) -> int:
    """Evaluate every ticket of the input; write the results, the rejected rows, the summary."""
    with _few_collections(), _interruptible():
        return _run_report(args)


def _run_report(args: argparse.Namespace) -> int:
    policy = policies_from_options(args)
    output_language(args, policy)  # args.language: the summary's, the errors'
    settings = ReportSettings() if args.policy is None else load_report_settings(args.policy)
    _settle(args, settings)
    given = {
        name: getattr(args, f"{name}_col")
        for name in _COLUMN_NAMES
        if getattr(args, f"{name}_col") is not None
    }
    columns = dataclasses.replace(Columns(), **given)
    if args.output == "-":
        args.output = None
    stdin = args.input == "-"
    input_format = args.format or ("csv" if stdin else _format(args.input, "--format"))
    output_format = args.output_format or (
        _format(args.output, "--output-format") if args.output else "csv"
    )
    errors_format = _format(args.errors, None) if args.errors else "csv"
    if errors_format == "parquet":
        raise UsageError(f"--errors {args.errors!r}: expected a name ending in .csv or .jsonl")
    if input_format == "parquet" and stdin:
        raise UsageError("a Parquet input is read from a file: expected a file name, not -")
    if output_format == "parquet" and not args.output:
        raise UsageError("Parquet results are written to a file: give --output FILE")
    if args.summary and not args.summary.lower().endswith((".csv", ".json")):
        raise UsageError(f"--summary {args.summary!r}: expected a name ending in .csv or .json")
    outputs = [("--output", args.output), ("--errors", args.errors), ("--summary", args.summary)]
    named = [(option, path) for option, path in outputs if path]
    for index, (option, path) in enumerate(named):
        for other, other_path in named[index + 1 :]:
            if _same_file(path, other_path):
                raise UsageError(f"{option} and {other} name the same file {path!r}")
        if not stdin and _same_file(path, args.input):
            raise UsageError(f"{option} names the input file {path!r}: expected another file")
    if args.now is not None:
        parse_datetime(args.now)  # a bad --now is a usage error before anything is read
    TimeFormat(args.date_format, args.dayfirst)  # and a bad --date-format
    if args.at_risk is not None:
        _risk_window(args.at_risk)  # or --at-risk
    encoding_name(args.encoding)  # or --encoding
    if (
        input_format == "parquet"
        and args.encoding_given
        and encoding_name(args.encoding) != "utf-8"
    ):
        raise UsageError(
            "--encoding: a Parquet input's text is UTF-8 inside: expected no --encoding"
        )

    # the destinations before any work: a directory, a missing folder, no permission stop
    # the report at once, naming the file given; stale temporary files of killed runs go
    files: list[AtomicFile] = []
    try:
        for _, path in named:
            remove_stale(path)
            files.append(AtomicFile(path))
        return _write_report(args, policy, columns, given, files, input_format, output_format)
    except BaseException:
        for file in files:
            file.discard()
        raise


def _write_report(
    args: argparse.Namespace,
    policy: Policy | PolicyVersions,
    columns: Columns,
    given: dict[str, str],
    files: list[AtomicFile],
    input_format: Format,
    output_format: Format,
) -> int:
    stdin = args.input == "-"
    streams = {file.path: file.stream for file in files}

    def atomic(path: str) -> TextIO:
        return streams[Path(path)]

    errors_format = _format(args.errors, None) if args.errors else "csv"
    if input_format == "parquet":
        source: IO[bytes] = open(args.input, "rb")  # noqa: SIM115 - closed below
    else:
        source = sys.stdin.buffer if stdin else open_input(args.input)
    results: RecordWriter | ParquetWriter | None = None
    try:
        reader: RowReader | ParquetReader
        if input_format == "parquet":
            reader = ParquetReader(source)
        else:
            try:
                reader = RowReader(
                    source, input_format, delimiter=args.delimiter, encoding=args.encoding
                )
            except InvalidInputError as err:
                raise InvalidInputError(f"{args.input}: {err}") from None
        if reader.header is not None:
            _check_header(
                reader.header,
                columns,
                given,
                args.events,
                args.input,
                args.delimiter,
                args.column_labels,
            )

        if output_format == "parquet":
            # nothing goes through the text layer: the bytes go straight to its buffer
            results_file = atomic(args.output).buffer
            results = ParquetWriter(results_file, RESULT_COLUMNS, RESULT_TYPES)
        else:
            results_stream = atomic(args.output) if args.output else sys.stdout
            results = RecordWriter(
                results_stream,
                output_format,
                RESULT_COLUMNS,
                args.delimiter,
                encoded=results_stream.buffer if args.output else None,  # (UTF-8, newline="")
            )
        errors = None
        if args.errors:
            errors = RecordWriter(atomic(args.errors), errors_format, ERROR_COLUMNS)
        summary_stream = atomic(args.summary) if args.summary else None

        t = translation(args.language)

        def on_reject(rejection: Rejection) -> None:
            if errors is not None:
                errors.write(rejection.as_dict())
                return
            where = t.gettext("line {line}").format(line=rejection.line)
            if rejection.id:
                where += f" ({rejection.id})"
            reason = t.error(rejection.reason)
            print(
                t.gettext("slaclock: rejected {where}: {reason}").format(
                    where=where, reason=reason
                ),
                file=sys.stderr,
            )

        within = None if args.at_risk is None else _risk_window(args.at_risk)
        run = run_report(
            policy,
            reader,
            events=args.events,
            columns=columns,
            now=args.now,
            strict=args.strict,
            on_reject=on_reject,
            date_format=args.date_format,
            dayfirst=args.dayfirst,
            event_names=dict(args.event_names),
            options=args.options,
        )
        progress = Progress(sys.stderr, t=t)
        progress.enabled = progress.enabled and (bool(args.output) or not sys.stdout.isatty())
        try:
            for batch in run.batches():
                if within is not None:
                    batch = _at_risk(batch, within)
                batch.write(results)
                progress.update(run.rows_read)
        finally:
            progress.done()
        if isinstance(results, ParquetWriter):
            results.close()
        summary = run.summary
        if summary_stream is not None:
            _write_summary(summary_stream, args.summary, summary)
        _commit(files)
    except BaseException:
        if isinstance(results, ParquetWriter):
            with contextlib.suppress(Exception):  # its footer goes to a file about to go
                results.close()
        raise
    finally:
        if not stdin:
            source.close()
    shown = sys.stdout if args.output else sys.stderr
    print(summary.text(t.language), file=shown)
    return ROWS_REJECTED if summary.rows_rejected else 0


def _risk_window(text: str) -> timedelta:
    """``--at-risk``'s duration: an amount of clock time (not business days)."""
    try:
        amount = parse_duration(text)
    except SlaclockError as err:
        raise UsageError(f"--at-risk {text!r}: {err}") from None
    if not isinstance(amount, timedelta) or amount < timedelta(0):
        raise UsageError(
            f"--at-risk {text!r}: expected an amount of time such as 4h (business days are "
            f"not an amount of time)"
        )
    return amount


def _at_risk(batch: ResultBatch, within: timedelta) -> ResultBatch:
    """The results of *batch* still open with a clock at risk within *within*
    (:func:`slaclock.risk.is_at_risk`); only the open ones are made result objects."""
    verdicts = batch.columns()["verdict"]
    entries = batch.entries()
    kept = [
        result
        for result in (built_result(entries[k]) for k, v in enumerate(verdicts) if v == "open")
        if is_at_risk(result.status, within)
    ]
    return ResultBatch.of(kept)


def _settle(args: argparse.Namespace, settings: ReportSettings) -> None:
    """The options a flag does not give, taken from the policy's ``[report]`` table (a flag
    given wins over its setting), else their defaults."""
    from_file = dict(settings.columns)
    args.column_labels = {}  # how messages name a column set in the policy file
    for name in _COLUMN_NAMES:
        if getattr(args, f"{name}_col") is None and name in from_file:
            setattr(args, f"{name}_col", from_file[name])
            args.column_labels[name] = f"the policy's [report] columns.{name}"
    if args.delimiter is None:
        args.delimiter = settings.delimiter or ","
    args.event_names = settings.events
    args.options = Options(
        reply_resumes=settings.reply_resumes, activity_reopens=settings.activity_reopens
    )
    args.encoding_given = args.encoding is not None
    if args.encoding is None:
        args.encoding = settings.encoding or "utf-8"
    if args.date_format is None and not args.dayfirst:
        args.date_format = settings.date_format
        args.dayfirst = settings.dayfirst


class Interrupted(KeyboardInterrupt):
    """A report stopped by a signal (SIGINT or SIGTERM): its exit status is 128 + *signum*;
    *written* tells whether the signal came while the outputs were being renamed, which is
    finished first."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.written = False


_STOPPING = (signal.SIGINT, signal.SIGTERM)


class _Deferral:
    """While the finished outputs are renamed, a stopping signal is noted, not raised."""

    active = False
    signum: int | None = None


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _stop(signum: int, frame: object) -> None:
    if _Deferral.active:
        _Deferral.signum = signum
        return
    raise Interrupted(signum)


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """While a report runs (in the main thread), SIGINT and SIGTERM raise
    :class:`Interrupted`, so that its temporary files are removed on the way out; a signal the
    process ignores stays ignored. The previous handlers come back afterwards."""
    if not _in_main_thread():
        yield
        return
    previous: dict[signal.Signals, Any] = {}
    for number in _STOPPING:
        handler = signal.getsignal(number)
        if handler is not signal.SIG_IGN and handler is not None:
            previous[number] = signal.signal(number, _stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _commit(files: Sequence[AtomicFile]) -> None:
    """All the files or none; a SIGINT or SIGTERM that comes meanwhile waits for the renames
    to finish, and then stops the command, the outputs written."""
    _Deferral.active, _Deferral.signum = True, None
    try:
        commit_together(files)
    finally:
        _Deferral.active = False
    if _Deferral.signum is not None:
        stopped = Interrupted(_Deferral.signum)
        stopped.written = True
        raise stopped


def _other_delimiter(header: Sequence[str], delimiter: str) -> str | None:
    """The delimiter a header of one field seems to use instead of *delimiter* (``;``, a
    tab, ``|`` or ``,``, whichever splits it into the most names), or ``None``."""
    if len(header) != 1:
        return None
    counts = {mark: header[0].count(mark) for mark in (";", "\t", "|", ",") if mark != delimiter}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else None


def _check_header(
    header: Sequence[str],
    columns: Columns,
    given: dict[str, str],
    events: bool,
    name: str,
    delimiter: str = ",",
    labels: Mapping[str, str] | None = None,
) -> None:
    from ..suggestions import close_matches

    where = "standard input" if name == "-" else repr(name)
    found = ", ".join(header) or "none"
    for field in ("id", "event", "at") if events else ("created", "priority"):
        column = getattr(columns, field)
        if column not in header:
            other = _other_delimiter(header, delimiter)
            if other is not None:
                shown = "tab" if other == "\t" else other
                raise InvalidInputError(
                    f"no column {column!r} in the header of {where} (its columns: {found}): "
                    f"the header looks delimited by {other!r}, not {delimiter!r}: try "
                    f"--delimiter {shown!r}"
                )
            guess = close_matches(column, header, n=1)
            fix = f"--{field}-col {guess[0]!r}?" if guess else f"--{field}-col"
            raise InvalidInputError(
                f"no column {column!r} in the header of {where} (its columns: {found}): "
                + (f"did you mean {fix}" if guess else f"name the {field} column with {fix}")
            )
    for field, column in given.items():
        if column not in header:
            guess = close_matches(column, header, n=1)
            label = (labels or {}).get(field, f"--{field}-col")
            raise InvalidInputError(
                f"{label} {column!r} is not a column of {where}: did you mean "
                f"{guess[0]!r}? (its columns: {found})"
                if guess
                else f"{label} {column!r} is not a column of {where} (its columns: {found})"
            )
    columns.check(header, events)


def _write_summary(stream: TextIO, name: str, summary: Any) -> None:
    if name.lower().endswith(".json"):
        json.dump(summary.as_dict(), stream, indent=2, ensure_ascii=False, default=str)
        stream.write("\n")
        return
    writer = RecordWriter(stream, "csv", SUMMARY_COLUMNS)
    for record in summary.records():
        writer.write(record)
