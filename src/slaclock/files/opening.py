"""Files as files: the format a name implies, an input opened (``.gz`` decompressed), an
output written under a temporary name and renamed only when complete."""

from __future__ import annotations

import codecs
import contextlib
import errno
import gzip
import io
import os
import re
import secrets
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Literal, TextIO

from ..errors import InvalidInputError

__all__ = [
    "AtomicFile",
    "Format",
    "commit_together",
    "encoding_name",
    "format_of",
    "open_input",
    "remove_stale",
    "transcoded",
]

Format = Literal["csv", "jsonl", "parquet"]


def open_input(path: str | Path) -> IO[bytes]:
    """A file opened for :class:`RowReader`; ``.gz`` files are decompressed as they are read."""
    file = Path(path)
    if file.suffix.lower() == ".gz":
        return gzip.open(file, "rb")  # type: ignore[return-value]  # a GzipFile reads bytes
    return open(file, "rb")


_ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be")
"""Encodings of exports met in practice (offered when a name is not an encoding)."""


def encoding_name(name: str) -> str:
    """The codec's own name for the text encoding *name* (``latin1`` -> ``iso8859-1``);
    :class:`InvalidInputError` naming the encodings usually met when there is no such text
    encoding.

    >>> encoding_name("CP1252"), encoding_name("utf8")
    ('cp1252', 'utf-8')
    """
    try:
        info = codecs.lookup(name)
    except (LookupError, TypeError, ValueError):
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise InvalidInputError(
            f"encoding {name!r}: expected a text encoding such as {', '.join(_ENCODINGS)}"
        )
    return info.name


def transcoded(stream: IO[bytes], encoding: str) -> IO[bytes]:
    """*stream* (text in *encoding*) read as UTF-8 bytes, line breaks as they are; a byte
    that is not *encoding* stays as it is (so the reader finds its line is not UTF-8 and
    rejects that row). A UTF-8 stream is given back as it is.

    >>> data = io.BytesIO("id,team\\nT1,Señal\\n".encode("cp1252"))
    >>> transcoded(data, "cp1252").read()
    b'id,team\\nT1,Se\\xc3\\xb1al\\n'
    """
    name = encoding_name(encoding)
    if name == "utf-8":
        return stream
    return _Transcoded(stream, name)  # type: ignore[return-value]


class _Transcoded(io.RawIOBase):
    """A byte stream of another encoding read as UTF-8 (:func:`transcoded`)."""

    def __init__(self, stream: IO[bytes], encoding: str) -> None:
        super().__init__()
        self._source = stream
        self._text = io.TextIOWrapper(
            stream,
            encoding=encoding,
            errors="surrogateescape",
            newline="",
        )

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        text = self._text.read(size if size is not None and size >= 0 else -1)
        return text.encode("utf-8", "surrogateescape")

    def close(self) -> None:
        self._text.detach()
        self._source.close()
        super().close()


def format_of(path: str | Path, default: Format | None = None) -> Format:
    """The format a file name implies: ``.csv`` or ``.jsonl`` (``.ndjson``), each perhaps
    followed by ``.gz``, or ``.parquet`` (compressed inside, so never ``.gz``).

    >>> format_of("tickets.csv.gz"), format_of("results.parquet")
    ('csv', 'parquet')
    """
    full = Path(path).name.lower()
    if full.endswith(".parquet"):
        return "parquet"
    name = full.removesuffix(".gz")
    if name.endswith(".parquet"):
        raise InvalidInputError(
            f"{str(path)!r}: a Parquet file is compressed inside: expected a name ending in "
            f".parquet, without .gz"
        )
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if default is not None:
        return default
    raise InvalidInputError(
        f"cannot tell the format of {str(path)!r} from its name: expected a name ending in "
        f".csv or .jsonl (perhaps followed by .gz) or .parquet, or a format given"
    )


class AtomicFile:
    """A text file written under a temporary name beside *path* and renamed over it by
    :meth:`commit`, so that *path* holds either its old content or the whole new one.

    The temporary name says what left it: ``.results.csv.slaclock-<pid>-<random>.tmp`` beside
    ``results.csv`` (:func:`remove_stale` removes those of processes no longer running).
    :meth:`discard` (or leaving a ``with`` block by an exception) removes the temporary
    file and leaves *path* as it was. A new file gets the permissions ``open()`` would give
    it; a replaced file keeps its own. A *path* that is a directory, or in a missing or
    unwritable folder, is refused at once with an :class:`OSError` naming *path*.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(self.path))
        for _ in range(100):
            temporary = self.path.with_name(_temporary_name(self.path.name))
            try:
                descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:  # pragma: no cover - 32 random bits, 100 tries
                continue
            except OSError as err:  # name the file asked for, not the temporary one
                raise OSError(err.errno, err.strerror, str(self.path)) from err
            break
        else:  # pragma: no cover
            raise FileExistsError(f"no free temporary name beside {str(self.path)!r}")
        self.temporary = temporary
        self.stream: TextIO = open(descriptor, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._prepared = False
        self._done = False

    def prepare(self) -> None:
        """Flush the data to disk and close it, ready to be renamed: what can fail (a full
        disk) fails here, with the target named."""
        if self._prepared or self._done:
            return
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()
        except OSError as err:  # name the file asked for, not the temporary one
            raise OSError(err.errno, err.strerror, str(self.path)) from err
        with contextlib.suppress(FileNotFoundError):  # a new file keeps open()'s permissions
            os.chmod(self.temporary, stat.S_IMODE(os.stat(self.path).st_mode))
        self._prepared = True

    def commit(self) -> None:
        """Flush the data to disk and rename it over the target."""
        if self._done:
            return
        self.prepare()
        os.replace(self.temporary, self.path)
        self._done = True

    def discard(self) -> None:
        """Drop what was written; the target stays as it was."""
        if self._done:
            return
        self.stream.close()
        self.temporary.unlink(missing_ok=True)
        self._done = True

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def commit_together(files: Sequence[AtomicFile]) -> None:
    """Commit *files* all or none: every one is flushed to disk first (a full disk stops
    them all, each target as it was), and only then is each renamed over its target. Each
    target's previous version is kept under a temporary name (a hard link) until all are
    renamed: when a rename fails, the files already renamed get their previous version
    back (or are removed, when they were new), and the error goes on."""
    for file in files:
        file.prepare()
    kept: list[tuple[AtomicFile, bool, Path | None]] = []
    try:
        for file in files:
            kept.append((file, file.path.exists(), _previous(file.path)))
            file.commit()
    except BaseException:
        for file, existed, previous in kept[:-1]:  # (the last failed: its target is as it was)
            with contextlib.suppress(OSError):
                if previous is not None:
                    os.replace(previous, file.path)
                elif not existed:
                    file.path.unlink()
        raise
    finally:
        for _, _, previous in kept:
            if previous is not None:
                with contextlib.suppress(OSError):
                    previous.unlink()


def _previous(path: Path) -> Path | None:
    """A hard link to *path*'s present version under a temporary name (``None`` when there
    is none, or the file system makes no hard links: then a target replaced cannot be
    restored, and stays new)."""
    backup = path.with_name(_temporary_name(path.name))
    try:
        os.link(path, backup)
    except OSError:
        return None
    return backup


def _temporary_name(name: str) -> str:
    return f".{name}.slaclock-{os.getpid()}-{secrets.token_hex(4)}.tmp"


def remove_stale(path: str | Path) -> list[Path]:
    """Remove the temporary files that :class:`AtomicFile` left beside *path* in a process
    that is no longer running (killed outright, say); return them. Only names of that exact
    shape are touched, and never one whose process is alive."""
    target = Path(path)
    shape = re.compile(re.escape(f".{target.name}.slaclock-") + r"([0-9]+)-[0-9a-f]{8}\.tmp")
    folder = target.parent
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed  # a missing folder is reported when the file is made
    for name in names:
        match = shape.fullmatch(name)
        if match is None or _alive(int(match.group(1))):
            continue
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
            removed.append(folder / name)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # (on Windows, os.kill would end the process)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OverflowError, OSError):  # another user's process, or a pid beyond asking
        return True
    return True
