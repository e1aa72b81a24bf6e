"""Data files for the regression: good ones load, every bad one is refused with one line naming
the file (and the row), and no file is ever modified."""

import os

import numpy as np
import pytest

from lrtui.cli import main
from lrtui.errors import InputError
from lrtui.models.data import MAX_BYTES, MAX_ROWS, load, load_csv


def snapshot(path):
    st = os.stat(path)
    with open(path, "rb") as fh:
        return fh.read(), st.st_mtime_ns, st.st_size


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    os.utime(p, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))  # a fixed, old mtime
    return p


def test_a_good_file_loads_and_is_untouched(tmp_path):
    p = write(tmp_path, "points.csv", "x,y\n0,2\n0.5,3.5\n\n1,5\n")
    before = snapshot(p)
    ds = load_csv(str(p))
    assert ds.x.tolist() == [0.0, 0.5, 1.0] and ds.y.tolist() == [2.0, 3.5, 5.0]
    assert ds.source == str(p)
    assert snapshot(p) == before


def test_columns_in_either_order_with_spaces_and_a_bom(tmp_path):
    p = write(tmp_path, "swapped.csv", "\ufeff Y , X \n2, 0\n4 ,1\n")
    ds = load_csv(str(p))
    assert ds.x.tolist() == [0.0, 1.0] and ds.y.tolist() == [2.0, 4.0]


BAD = [
    ("wrong_header.csv", "a,b\n1,2\n3,4\n", "row 1: the header must name the two columns x,y; found 'a,b'"),
    ("three_columns.csv", "x,y,z\n1,2,3\n", "row 1: the header must name the two columns x,y"),
    ("no_header.csv", "1,2\n3,4\n5,6\n", "row 1: the header must name the two columns x,y; found '1,2'"),
    ("short_row.csv", "x,y\n1,2\n3\n", "row 3: expected 2 cells (x,y), found 1"),
    ("long_row.csv", "x,y\n1,2\n3,4,5\n", "row 3: expected 2 cells (x,y), found 3"),
    ("word.csv", "x,y\n1,2\n3,abc\n", "row 3: 'abc' in column y is not a number"),
    ("empty_cell.csv", "x,y\n1,2\n,4\n", "row 3: '' in column x is not a number"),
    ("inf.csv", "x,y\n1,2\ninf,4\n", "row 3: 'inf' in column x is not a finite number"),
    ("nan.csv", "x,y\n1,nan\n2,4\n", "row 2: 'nan' in column y is not a finite number"),
    ("overflow.csv", "x,y\n1,1e400\n2,4\n", "row 2: '1e400' in column y is not a finite number"),
    ("one_row.csv", "x,y\n1,2\n", "needs at least 2 data rows, found 1"),
    ("header_only.csv", "x,y\n", "needs at least 2 data rows, found 0"),
    ("empty.csv", "", "is empty"),
    ("same_x.csv", "x,y\n1,2\n1,3\n1,4\n", "every x is 1"),
    ("latin1.csv", "x,y\n1,2\n3,4 caf\xe9\n".encode("latin-1"), "is not UTF-8 text"),
]


@pytest.mark.parametrize("name, text, fragment", BAD, ids=[b[0] for b in BAD])
def test_bad_files_are_refused_naming_file_and_row_and_left_untouched(tmp_path, name, text, fragment):
    p = write(tmp_path, name, text)
    before = snapshot(p)
    with pytest.raises(InputError) as info:
        load_csv(str(p))
    message = str(info.value)
    assert message.startswith(f"{p}: ") and fragment in message
    assert "\n" not in message and info.value.field == "data"
    assert snapshot(p) == before


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_csv(str(tmp_path / "nope.csv"))
    with pytest.raises(InputError, match="is a folder, not a CSV file"):
        load_csv(str(tmp_path))


def test_too_many_rows(tmp_path):
    p = write(tmp_path, "many.csv", "x,y\n" + "1,2\n0,1\n" * ((MAX_ROWS + 2) // 2))
    before = snapshot(p)
    with pytest.raises(InputError, match=rf"row {MAX_ROWS + 2}: more than 1,000,000 data rows"):
        load_csv(str(p))
    assert snapshot(p) == before


def test_too_big_is_refused_before_reading(tmp_path):
    p = tmp_path / "huge.csv"
    with open(p, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: no disk space used, and never read
    before = os.stat(p).st_mtime_ns
    with pytest.raises(InputError, match="too big .* at most 100 MB"):
        load_csv(str(p))
    assert os.stat(p).st_mtime_ns == before and os.stat(p).st_size == MAX_BYTES + 1


def test_not_a_regular_file(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="is not a regular file"):
        load_csv(str(fifo))


@pytest.mark.parametrize("name, text, fragment", BAD[:6], ids=[b[0] for b in BAD[:6]])
def test_the_command_line_exits_2_with_one_line(tmp_path, capsys, name, text, fragment):
    p = write(tmp_path, name, text)
    before = snapshot(p)
    code = main(["run", "--model", "linreg", "--data", str(p), "--format", "summary"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and str(p) in err and fragment in err
    assert snapshot(p) == before


def test_the_command_line_reads_a_good_file_and_leaves_it_alone(tmp_path, capsys):
    rows = "\n".join(f"{x},{2 * x + 1}" for x in np.linspace(0, 1, 11))
    p = write(tmp_path, "line.csv", "x,y\n" + rows + "\n")
    before = snapshot(p)
    code = main(["run", "--model", "linreg", "--data", str(p), "--lr", "0.5", "--epochs", "2000", "--format", "summary"])
    out, _ = capsys.readouterr()
    assert code == 0 and "converged" in out and "x* = (2, 1)" in out
    assert snapshot(p) == before


def test_the_synthetic_set_is_the_seed_scripts():
    ds = load(None, np.random.default_rng(0))
    rng = np.random.default_rng(0)
    x = rng.random(100)
    noise = rng.normal(0, 0.1, 100)
    assert np.array_equal(ds.x, x) and np.array_equal(ds.y, 3 * x + 2 + noise)
    assert not np.array_equal(load(None, np.random.default_rng(1)).x, x)
