"""Reading input files: a stream read a block at a time gives the rows that reading it line by
line gives, and batches of fields give the same rows again."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from profiles import scale
from slaclock import files
from slaclock.errors import InvalidInputError
from slaclock.files import RowReader, csv_cell, readers

PIECES = [
    b"T1,2026-11-20 16:00\n",
    b"T2,x\r\n",
    b'"a\nb",c\n',  # a quoted line break: one record over two lines
    b"\xff\xfe,1\n",  # not UTF-8
    b"T3,\xc3\xa9\n",
    b"lone\rcr,1\n",  # a carriage return a byte stream does not split at
    b"\n",
    b",,\n",
    b"T4\x0bv,1\n",
    b"\xe2\x80\xa8,2\n",  # U+2028, a line break for str.splitlines only
    b"T5,a,b\n",  # too many fields
    b"T6\n",  # too few
    b'"unterminated,x\n',
]


class Lines:
    """A stream without ``read``: the reader takes it line by line."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __iter__(self) -> Iterator[bytes]:
        return iter(io.BytesIO(self.data))


@settings(
    max_examples=scale(300),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    header=st.sampled_from([b"id,at\n", b"\xef\xbb\xbfid,at\r\n", b"id,at,at\n"]),
    body=st.lists(st.sampled_from(PIECES), max_size=14),
    tail=st.sampled_from([b"", b"T9,last"]),
    block=st.sampled_from([1, 2, 3, 7, 16, 64, 1 << 20]),
    size=st.integers(1, 6),
)
def test_blocks_read_as_lines_do(
    monkeypatch: pytest.MonkeyPatch,
    header: bytes,
    body: list[bytes],
    tail: bytes,
    block: int,
    size: int,
) -> None:
    data = header + b"".join(body) + tail
    reference = RowReader(Lines(data))
    expected = list(reference)
    with monkeypatch.context() as patch:
        patch.setattr(readers, "_BLOCK", block)
        reader = RowReader(io.BytesIO(data))
        assert reader.header == reference.header
        assert list(reader) == expected
        batched = RowReader(io.BytesIO(data))
        rows = [batch.row(k) for batch in batched.batches(size) for k in range(len(batch))]
        assert rows == expected
        for batch in RowReader(io.BytesIO(data)).batches(size):
            for name in ("id", "at", "missing"):
                assert batch.column(name) == [batch.row(k).values.get(name) for k in
                                              range(len(batch))]  # fmt: skip
        json_data = b'{"id": "1"}\n\n\xff\n{"id": 2}\r\n[1]\n' + tail
        lines = list(RowReader(Lines(json_data), "jsonl"))
        assert list(RowReader(io.BytesIO(json_data), "jsonl")) == lines


def test_field_batches_cut_and_join() -> None:
    reader = RowReader(io.BytesIO(b"id,at\nT1,a\nT2,b\nT3,c\n"))
    (batch,) = reader.batches(10)
    head, tail = batch.cut(1)
    assert head.column("id") == ["T1"]
    assert tail.column("id") == ["T2", "T3"]
    assert head.joined(tail).column("at") == ["a", "b", "c"]
    assert tail.lines == [3, 4]


def test_batches_of_json_lines_give_the_rows_iterating_gives() -> None:
    data = b'{"id": "T1", "at": "a"}\n\n{"id": 2}\n[1]\n{"id": "T4", "x": [1]}\n{"at": null}\n'
    batches = list(RowReader(io.BytesIO(data), "jsonl").batches(2, ["id", "at"]))
    rows = list(RowReader(io.BytesIO(data), "jsonl"))
    assert [len(batch) for batch in batches] == [2, 2, 1]
    assert [batch.row(k) for batch in batches for k in range(len(batch))] == rows
    assert [value for batch in batches for value in batch.column("id")] == [
        "T1", 2, None, "T4", None
    ]  # fmt: skip


CLEAN = [
    b"T1,a\n",
    b"T2,2026-11-20 16:00\n",
    b"T3,b\r\n",
    b" ,c\n",
    b",d\n",
    b"T4,\n",
    b"T\xc3\xa9,e\n",
    b'"T7",q\n',
    b'T10,"a, b"\n',
    b'"T11","x""y"\r\n',
    b'"T12"x,q\n',
    b'T13,a"b\n',
]
ODD = [
    b",\n",
    b" , \n",
    b"\n",
    b"T5\n",
    b"T6,x,y\n",
    b"T8,\xff\n",
    b'"T14\nz",q\n',
    b"T15,a\rb\n",
    b"T16,\x00\n",
    b'T17,"open\n',
    b"\xef\xbb\xbfT18,q\n",
    b"T19,\x1c\n",
]


@settings(
    max_examples=scale(300),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    body=st.lists(st.sampled_from(CLEAN * 6 + ODD), max_size=40),
    tail=st.sampled_from([b"", b"T9,last", b"T9\n"]),
    block=st.sampled_from([1, 8, 40, 100, 1 << 20]),
    size=st.integers(1, 9),
    arrow=st.booleans(),
)
def test_clean_blocks_split_into_columns_as_the_csv_module_reads_them(
    monkeypatch: pytest.MonkeyPatch,
    body: list[bytes],
    tail: bytes,
    block: int,
    size: int,
    arrow: bool,
) -> None:
    # Blocks whose records are one line each, as wide as the header, are split into columns
    # by Arrow (the fast extra); every other block, and every block without pyarrow, goes
    # through the csv module: the rows are the same either way, quotes, CR, NUL, bad UTF-8,
    # blank lines and line breaks inside quotes included.
    data = b"id,at\n" + b"".join(body) + tail
    expected = list(RowReader(Lines(data)))
    with monkeypatch.context() as patch:
        patch.setattr(readers, "_BLOCK", block)
        if not arrow:
            patch.setattr(readers, "line_columns", lambda *given, **more: None)
        batches = list(RowReader(io.BytesIO(data)).batches(size))
    assert [batch.row(k) for batch in batches for k in range(len(batch))] == expected
    for batch in batches:
        assert 0 < len(batch) <= size
        assert batch.column("at") == [batch.row(k).values.get("at") for k in range(len(batch))]
    joined = batches[0] if batches else None
    for batch in batches[1:]:
        assert joined is not None
        joined = joined.joined(batch)
    if joined is not None:
        assert [joined.row(k) for k in range(len(joined))] == expected
        head, rest = joined.cut(len(joined) // 2)
        assert [*head.column("id"), *rest.column("id")] == [
            row.values.get("id") for row in expected
        ]


def test_a_clean_export_is_split_into_columns_without_the_csv_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = b"id,at\n" + b"".join(f"T{n},2026-11-20 16:{n % 60:02d}\n".encode() for n in range(500))
    monkeypatch.setattr(readers, "_BLOCK", 1000)
    batches = list(RowReader(io.BytesIO(data)).batches(64))
    assert sum(len(batch) for batch in batches) == 500
    assert any(batch.table is not None for batch in batches)  # read by Arrow
    assert batches[-1].row(len(batches[-1]) - 1).line == 501


def test_the_lines_after_the_header_are_split_by_arrow_from_the_first_block() -> None:
    # The header's line is a block of its own: the rest of the file's first block goes to
    # Arrow like any other (a file of one block is read without the csv module); a header
    # written over two lines is read by the csv module, and the lines after it too.
    pytest.importorskip("pyarrow")
    data = b"\xef\xbb\xbfid,at\r\n" + b"".join(
        f"T{n},2026-11-20 16:{n % 60:02d}\r\n".encode() for n in range(50)
    )
    batches = list(RowReader(io.BytesIO(data)).batches(64))
    assert [batch.table is not None for batch in batches] == [True]
    assert [batch.row(k) for batch in batches for k in range(len(batch))] == list(
        RowReader(Lines(data))
    )
    assert batches[0].row(0).line == 2
    quoted = b'id,"a\nt"\nT1,x\nT2,y\n'
    batches = list(RowReader(io.BytesIO(quoted)).batches(64))
    assert [batch.table for batch in batches] == [None]
    assert [batch.row(k) for batch in batches for k in range(len(batch))] == list(
        RowReader(Lines(quoted))
    )
    assert batches[0].row(0).line == 3


def test_a_field_over_the_csv_limit_is_refused_as_the_csv_module_refuses_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import csv

    data = b"id,at\nT1," + b"x" * 200 + b"\nT2,b\n"
    limit = csv.field_size_limit()
    try:
        csv.field_size_limit(100)
        expected = list(RowReader(Lines(data)))
        rows = [b.row(k) for b in RowReader(io.BytesIO(data)).batches(10) for k in range(len(b))]
    finally:
        csv.field_size_limit(limit)
    assert rows == expected
    problem = expected[0].problem
    assert problem is not None
    assert "field larger than field limit" in problem


@given(
    values=st.lists(
        st.one_of(
            st.text(alphabet="=+-@\t\r\n aB1'", max_size=4),
            st.none(),
            st.booleans(),
            st.integers(-2, 2),
            st.floats(allow_nan=False),
        ),
        max_size=20,
    )
)
def test_cells_of_a_column_are_made_as_one_by_one(values: list[object]) -> None:
    """The cells of a whole column are the cells of its values one by one (formula starts
    neutralised, ``True`` and ``1`` apart)."""
    from slaclock.files import csv_cells

    assert csv_cells(list(values)) == [csv_cell(value) for value in values]


@given(
    rows=st.lists(
        st.lists(st.text(alphabet='ab,"\n\r =', max_size=3), min_size=3, max_size=3),
        max_size=6,
    )
)
def test_cells_written_by_column_are_the_cells_written_by_row(rows: list[list[str]]) -> None:
    """Rows of cells written column by column give the bytes of the same rows written row
    by row, and of the ``csv`` module (a cell that needs quoting quoted)."""
    by_row, by_column, plain = io.StringIO(), io.StringIO(), io.StringIO()
    header = ["a", "b", "c"]
    files.RecordWriter(by_row, "csv", header).write_cells(rows)
    columns = [[row[k] for row in rows] for k in range(3)]
    files.RecordWriter(by_column, "csv", header).write_cell_columns(columns)
    import csv

    csv.writer(plain, lineterminator="\n").writerows([header, *rows])
    assert by_column.getvalue() == by_row.getvalue() == plain.getvalue()


def test_cells_by_column_need_one_column_per_column() -> None:
    writer = files.RecordWriter(io.StringIO(), "csv", ["a", "b"])
    with pytest.raises(InvalidInputError, match="3 columns of cells: expected 2"):
        writer.write_cell_columns([["1"], ["2"], ["3"]])
    lines = files.RecordWriter(io.StringIO(), "jsonl", ["a", "b"])
    with pytest.raises(InvalidInputError, match="writes CSV"):
        lines.write_cell_columns([["1"], ["2"]])


@given(
    lines=st.lists(
        st.text(alphabet='a ,;\té"\r\x1c\u2028\x85', max_size=6), min_size=1, max_size=8
    ),
    delimiter=st.sampled_from([",", ";", "\t"]),
    width=st.integers(2, 4),
    crlf=st.booleans(),
)
def test_lines_split_by_arrow_are_split_as_the_csv_module_splits_them(
    lines: list[str], delimiter: str, width: int, crlf: bool
) -> None:
    """A block Arrow splits into columns (the fast extra) holds the records the csv module
    reads of it, line by line; any block it might read otherwise is left to the csv module
    (``None``)."""
    pytest.importorskip("pyarrow")
    from slaclock.files.arrow_csv import line_columns

    data = "".join(line + ("\r\n" if crlf else "\n") for line in lines).encode()
    table = line_columns(data, width, delimiter)
    if table is None:
        return
    records = list(csv.reader(io.StringIO(data.decode(), newline=""), delimiter=delimiter))
    assert [list(row.values()) for row in table.to_pylist()] == records
    assert len(records) == len(lines)


def test_arrow_leaves_odd_blocks_to_the_csv_module() -> None:
    pytest.importorskip("pyarrow")
    from slaclock.files.arrow_csv import line_columns

    assert line_columns(b"T1,a\nT2,b\n", 2, ",") is not None
    for odd in (b"T1,a\n\n", b'T1,"a\nb"\n', b'T1,"a\n', b"T1\n", b"T1,a,b\n", b"T1,\x00\n",
                b"T1,a", b" , \n"):  # fmt: skip
        assert line_columns(odd, 2, ",") is None, odd
    assert line_columns(b"T1,a\n", 2, '"') is None


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-16-le", "utf-8-sig"])
def test_other_encodings_are_read_as_their_text(encoding: str) -> None:
    text = "id,team,at\nT1,Señal Ñandú,2026-11-20 16:00\r\nT2,Zoë,\n"
    data = text.encode(encoding)
    expected = list(RowReader(io.BytesIO(text.encode("utf-8"))))
    assert list(RowReader(io.BytesIO(data), encoding=encoding)) == expected
    batches = RowReader(io.BytesIO(data), encoding=encoding).batches(10)
    assert [b.row(k) for b in batches for k in range(len(b))] == expected


def test_a_byte_not_of_the_encoding_rejects_its_row_only() -> None:
    data = b"id,team\nT1,Se\xf1al\nT2,\x81\nT3,ok\n"
    rows = list(RowReader(io.BytesIO(data), encoding="cp1252"))
    assert [row.values.get("team") for row in rows] == ["Señal", "\ufffd", "ok"]
    assert [row.problem for row in rows] == [None, "line 3 is not cp1252 (byte 0x81)", None]


def test_utf16_files_without_their_encoding_say_what_they_look_like() -> None:
    from slaclock.errors import InvalidInputError

    text = "id,at\nT1,2026-11-20 16:00\n"
    with pytest.raises(InvalidInputError, match="begins with a UTF-16 byte-order mark"):
        RowReader(io.BytesIO(text.encode("utf-16")))
    with pytest.raises(InvalidInputError, match="looks like UTF-16 without a byte-order mark"):
        RowReader(io.BytesIO(text.encode("utf-16-le")))
    with pytest.raises(InvalidInputError, match="encoding 'klingon': expected a text encoding"):
        RowReader(io.BytesIO(b"id\n"), encoding="klingon")
    with pytest.raises(InvalidInputError, match="encoding 'rot13': expected a text encoding"):
        RowReader(io.BytesIO(b"id\n"), encoding="rot13")


def test_encoded_lines_go_to_the_file_in_their_place(tmp_path: pytest.TempPathFactory) -> None:
    # Lines already encoded go straight to the file's bytes, after whatever the text layer
    # still holds, and before what it is given next.
    path = tmp_path / "out.csv"  # type: ignore[operator]
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = files.RecordWriter(stream, "csv", ["id", "s"], encoded=stream.buffer)
        writer.write_cells([("T1", "1")])
        writer.write_encoded("Tñ,2\n".encode())
        writer.write({"id": "=T3", "s": 3})
        writer.write_encoded(memoryview(b"T4,4\n"))
    assert path.read_text(encoding="utf-8") == "id,s\nT1,1\nTñ,2\n'=T3,3\nT4,4\n"
    out = io.StringIO()  # without the file's bytes: decoded through the stream
    writer = files.RecordWriter(out, "csv", ["id", "s"])
    writer.write_encoded("Tñ,2\n".encode())
    assert out.getvalue() == "id,s\nTñ,2\n"


def test_whitespace_is_every_character_str_strip_removes() -> None:
    # Arrow's utf8_trim is given this set to strip text as Python does.
    every = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
    assert every == files.WHITESPACE
    assert ("\x1c x \u3000".strip(files.WHITESPACE), " \x1c".strip()) == ("x", "")
