"""``slaclock report`` when things go wrong: its outputs are replaced together or not at all,
its destinations are checked before any work, a signal leaves nothing behind, and its exit
status tells a script what happened."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from slaclock.cli import main
from slaclock.cli import report as report_cli
from slaclock.files import opening

GOLDEN = Path(__file__).parent / "golden"
NOW = "2027-01-04 00:00"
OLD = {"results.csv": "old results\n", "errors.csv": "old errors\n", "summary.json": "{}\n"}
CLEAN = (
    "id,created,priority,responded\n"
    "T1,2026-11-20 16:00,high,2026-11-23 10:30\n"
    "T2,2026-11-25 16:00,low,\n"
)


def report(source: Path | str, *args: str) -> list[str]:
    return ["report", str(source), "--policy", str(GOLDEN / "policy.toml"), "--now", NOW, *args]


def outputs(folder: Path) -> list[str]:
    """The three output options, each naming its file in *folder*."""
    names = ("--output", "--errors", "--summary")
    return [
        arg for option, name in zip(names, OLD, strict=True) for arg in (option, str(folder / name))
    ]


@pytest.fixture
def old_files(tmp_path: Path) -> Path:
    """A folder holding the previous version of the three outputs."""
    for name, text in OLD.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def assert_old_files_only(folder: Path, *others: str) -> None:
    for name, text in OLD.items():
        assert (folder / name).read_text() == text, f"{name} was replaced"
    assert sorted(p.name for p in folder.iterdir()) == sorted([*OLD, *others])


# -- all or nothing ------------------------------------------------------------------------------


def test_a_failure_while_writing_leaves_every_previous_file(
    old_files: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The results and errors are complete when the summary fails half-written."""

    def write_summary(stream: Any, name: str, summary: object) -> None:
        stream.write('{"rows_read": ')
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), name)

    monkeypatch.setattr(report_cli, "_write_summary", write_summary)
    assert main(report(GOLDEN / "tickets.csv", *outputs(old_files))) == 2
    assert f"cannot use '{old_files / 'summary.json'}': No space left" in capsys.readouterr().err
    assert_old_files_only(old_files)


def test_a_failure_flushing_the_last_file_renames_none(
    old_files: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every file reaches the disk before any is renamed: a full disk at the third (the
    summary) leaves the first two unrenamed too, and the message names the file given."""
    real_fsync = os.fsync
    calls: list[int] = []

    def fsync(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(descriptor)

    monkeypatch.setattr(opening.os, "fsync", fsync)
    assert main(report(GOLDEN / "tickets.csv", *outputs(old_files))) == 2
    error = capsys.readouterr().err
    assert f"cannot use '{old_files / 'summary.json'}': No space left on device" in error
    assert ".tmp" not in error
    assert_old_files_only(old_files)


def test_a_complete_report_replaces_all_three(
    old_files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(report(GOLDEN / "tickets.csv", *outputs(old_files))) == 1
    for name, text in OLD.items():
        assert (old_files / name).read_text() != text
    assert sorted(p.name for p in old_files.iterdir()) == sorted(OLD)


# -- destinations checked before any work -------------------------------------------------------


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """The input is never opened, nothing evaluated."""

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the report started before its destinations were checked")

    monkeypatch.setattr(report_cli, "open_input", forbidden)
    monkeypatch.setattr(report_cli, "run_report", forbidden)


@pytest.mark.parametrize("option", ["--output", "--errors", "--summary"])
@pytest.mark.parametrize(
    ("kind", "reason"),
    [("directory", "Is a directory"), ("missing folder", "No such file or directory")],
)
def test_a_bad_destination_stops_the_report_at_once(
    option: str, kind: str, reason: str, old_files: Path, no_work: None,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    name = {"--output": "r.csv", "--errors": "e.jsonl", "--summary": "s.json"}[option]
    if kind == "directory":
        given = old_files / name
        given.mkdir()
    else:
        given = old_files / "gone" / name
    args = outputs(old_files)
    args[args.index(option) + 1] = str(given)
    assert main(report(GOLDEN / "tickets.csv", *args)) == 2
    error = capsys.readouterr().err
    assert f"cannot use '{given}': {reason}" in error
    assert ".tmp" not in error
    assert_old_files_only(old_files, *([name] if kind == "directory" else []))


def test_a_folder_it_may_not_write_to_stops_the_report_at_once(
    old_files: Path,
    no_work: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """(Simulated: root may write anywhere; the real folder below when not root.)"""
    real_open = os.open

    def refuse(path: Any, flags: int, mode: int = 0o777) -> int:
        if Path(path).name.startswith(".errors.csv."):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, mode)

    monkeypatch.setattr(opening.os, "open", refuse)
    assert main(report(GOLDEN / "tickets.csv", *outputs(old_files))) == 2
    error = capsys.readouterr().err
    assert f"cannot use '{old_files / 'errors.csv'}': Permission denied" in error
    assert ".tmp" not in error
    assert_old_files_only(old_files)  # the results' temporary file went too


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_stops_the_report_at_once(
    tmp_path: Path, no_work: None, capsys: pytest.CaptureFixture[str]
) -> None:  # pragma: no cover - not as root
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert main(report(GOLDEN / "tickets.csv", "-o", str(locked / "r.csv"))) == 2
    finally:
        locked.chmod(0o700)
    assert f"cannot use '{locked / 'r.csv'}': Permission denied" in capsys.readouterr().err
    assert list(locked.iterdir()) == []


# -- stale temporary files -----------------------------------------------------------------------


@pytest.fixture
def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_next_run_removes_its_own_stale_temporary_files(
    tmp_path: Path, dead_pid: int, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "tickets.csv"
    source.write_text(CLEAN)
    stale = f".results.csv.slaclock-{dead_pid}-0badf00d.tmp"
    kept = [
        f".results.csv.slaclock-{os.getppid()}-0badf00d.tmp",  # its process is running
        f".errors.csv.slaclock-{dead_pid}-0badf00d.tmp",  # another file's
        ".results.csv.0badf00d.tmp",  # not of that shape
        f".results.csv.slaclock-{dead_pid}-notours.tmp",
    ]
    for name in [stale, *kept]:
        (tmp_path / name).write_text("half a report")
    assert main(report(source, "-o", str(tmp_path / "results.csv"))) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*kept, "results.csv", "tickets.csv"]
    )


def test_temporary_names_tell_what_left_them(tmp_path: Path) -> None:
    file = opening.AtomicFile(tmp_path / "results.csv")
    try:
        prefix = f".results.csv.slaclock-{os.getpid()}-"
        assert file.temporary.name.startswith(prefix)
        assert file.temporary.name.endswith(".tmp")
        assert opening.remove_stale(tmp_path / "results.csv") == []  # this process is running
    finally:
        file.discard()


# -- exit statuses -------------------------------------------------------------------------------


def test_exit_statuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clean = tmp_path / "clean.csv"
    clean.write_text(CLEAN)
    rejecting = GOLDEN / "tickets.csv"
    errors = str(tmp_path / "e.csv")
    assert main(report(clean, "-o", str(tmp_path / "r.csv"), "--errors", errors)) == 0
    assert main(report(rejecting, "-o", str(tmp_path / "r.csv"), "--errors", errors)) == 1
    assert main(report(rejecting, "-o", str(tmp_path / "r.csv"))) == 1
    assert main(report(rejecting, "-o", str(tmp_path / "r.csv"), "--strict")) == 2
    assert main(report(rejecting, "--summary", "s.txt")) == 2

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(report_cli, "run_report", crash)
    assert main(report(rejecting, "-o", str(tmp_path / "r.csv"))) == 3


# -- signals -------------------------------------------------------------------------------------


def test_sigterm_in_process_removes_the_temporary_files(
    old_files: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def write_summary(stream: Any, name: str, summary: object) -> None:
        stream.write("{")
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # (the handler raises first)
        raise AssertionError("not interrupted")

    handlers = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(report_cli, "_write_summary", write_summary)
    assert main(report(GOLDEN / "tickets.csv", *outputs(old_files))) == 143
    assert "interrupted (SIGTERM): nothing was written" in capsys.readouterr().err
    assert_old_files_only(old_files)
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == handlers


def test_a_signal_during_the_renames_waits_for_them(
    old_files: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = report_cli.commit_together

    def commit_together(files: Any) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        real(files)

    monkeypatch.setattr(report_cli, "commit_together", commit_together)
    assert main(report(GOLDEN / "tickets.csv", *outputs(old_files))) == 143
    assert "interrupted (SIGTERM): after the outputs were written" in capsys.readouterr().err
    for name, text in OLD.items():
        assert (old_files / name).read_text() != text
    assert sorted(p.name for p in old_files.iterdir()) == sorted(OLD)


def _signals_as_from_a_terminal() -> None:
    """SIGINT and SIGTERM with their default disposition in a child, as a command typed at
    a terminal gets them: a test runner started as a background job ignores SIGINT, and a
    child inherits that (the report keeps a signal ignored that it was started ignoring)."""
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)


def waited(condition: Callable[[], bool], seconds: float) -> bool:
    """Whether *condition* holds within *seconds*."""
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            return False
        time.sleep(0.01)
    return True


def temporaries(folder: Path) -> Iterator[Path]:
    return (path for path in folder.iterdir() if path.name.endswith(".tmp"))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_mid_report_leaves_nothing_behind(
    signum: int, status: int, old_files: Path
) -> None:
    """A real ``python -m slaclock report -`` stopped while writing its results: it has
    written some to its temporary file and waits for more rows on its standard input, which
    stays open, so the signal always arrives mid-report (however fast the report is)."""
    command = [sys.executable, "-m", "slaclock", *report("-", *outputs(old_files))]
    child = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_signals_as_from_a_terminal,
    )
    assert child.stdin is not None
    try:
        results = f".results.csv.slaclock-{child.pid}-"

        def writing() -> bool:
            assert child.poll() is None, "the report ended before it was interrupted"
            for path in temporaries(old_files):
                with contextlib.suppress(FileNotFoundError):
                    if path.name.startswith(results) and path.stat().st_size > 0:
                        return True
            return False

        child.stdin.write(b"id,created,priority,responded\n")
        priorities = ("high", "medium", "low")
        for number in range(0, 1_000_000, 20_000):  # rows until a batch of results is written
            rows = (
                f"T{k},2026-11-{2 + k % 25:02d} 16:00,{priorities[k % 3]},\n"
                for k in range(number, number + 20_000)
            )
            child.stdin.write("".join(rows).encode())
            child.stdin.flush()
            if waited(writing, 0.3):
                break
        else:  # pragma: no cover - a failed test
            raise AssertionError("no results written after a million rows")
        child.send_signal(signum)
        _, error = child.communicate(timeout=60)
    finally:
        if child.poll() is None:  # pragma: no cover - a failed test
            child.kill()
            child.wait()
    text = error.decode()
    assert child.returncode == status, text
    assert f"interrupted ({signal.Signals(signum).name}): nothing was written" in text
    assert_old_files_only(old_files)


def test_a_reader_that_goes_away_is_status_141_not_1(tmp_path: Path) -> None:
    # `slaclock report t.csv | head -1`: the shell's status for SIGPIPE, never 1 ("rows were
    # rejected"); nothing on standard error but what the command said before.
    rows = "".join(f"T{n},2026-11-20 16:00,high,2026-11-23 10:30\n" for n in range(20_000))
    source = tmp_path / "many.csv"
    source.write_text("id,created,priority,responded\n" + rows)
    command = [sys.executable, "-m", "slaclock", *report(source)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stdout.readline().startswith(b"line,")
        process.stdout.close()  # the reader goes away
        assert process.wait(timeout=120) == 141
        assert process.stderr is not None
        assert b"Traceback" not in process.stderr.read()


def test_a_rename_that_fails_puts_back_the_files_already_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from slaclock.files import AtomicFile, commit_together, opening

    first, second, third = (tmp_path / name for name in ("a.csv", "b.csv", "c.csv"))
    first.write_text("old a\n", encoding="utf-8")
    second.write_text("old b\n", encoding="utf-8")  # third is new
    files = [AtomicFile(path) for path in (first, third, second)]
    for file, text in zip(files, ("new a\n", "new c\n", "new b\n"), strict=True):
        file.stream.write(text)
    renamed: list[str] = []
    real = os.replace

    def failing(source: Any, target: Any) -> None:
        if Path(target) == second and ".slaclock-" in Path(source).name and not renamed:
            renamed.append(str(target))
            raise PermissionError(13, "Permission denied", str(target))
        real(source, target)

    monkeypatch.setattr(opening.os, "replace", failing)
    with pytest.raises(PermissionError):
        commit_together(files)
    assert first.read_text(encoding="utf-8") == "old a\n"  # put back
    assert not third.exists()  # it was new: gone again
    assert second.read_text(encoding="utf-8") == "old b\n"  # never replaced
    files[2].discard()  # (what the command does on its way out)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.csv", "b.csv"]  # no backup
