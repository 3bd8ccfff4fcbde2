"""Files as files: the format a name implies, an input opened (``.gz`` decompressed), an
output written under a temporary name and renamed only when complete."""

from __future__ import annotations

import contextlib
import gzip
import os
import secrets
import stat
from pathlib import Path
from typing import IO, Literal, TextIO

from ..errors import InvalidInputError

__all__ = ["AtomicFile", "Format", "format_of", "open_input"]

Format = Literal["csv", "jsonl", "parquet"]


def open_input(path: str | Path) -> IO[bytes]:
    """A file opened for :class:`RowReader`; ``.gz`` files are decompressed as they are read."""
    file = Path(path)
    if file.suffix.lower() == ".gz":
        return gzip.open(file, "rb")  # type: ignore[return-value]  # a GzipFile reads bytes
    return open(file, "rb")


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

    :meth:`discard` (or leaving a ``with`` block by an exception) removes the temporary
    file and leaves *path* as it was. A new file gets the permissions ``open()`` would give
    it; a replaced file keeps its own.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        for _ in range(100):
            temporary = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.tmp")
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
        self._done = False

    def commit(self) -> None:
        """Flush the data to disk and rename it over the target."""
        if self._done:
            return
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        with contextlib.suppress(FileNotFoundError):  # a new file keeps open()'s permissions
            os.chmod(self.temporary, stat.S_IMODE(os.stat(self.path).st_mode))
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
