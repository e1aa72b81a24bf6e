"""Data for the regression model: a user's CSV file (read-only, checked) or the seed's synthetic set.

The synthetic set is the seed script's: with ``rng = numpy.random.default_rng(seed)``,

    x = rng.random(100)                  # uniform in [0, 1)
    noise = rng.normal(0.0, 0.1, 100)    # N(0, 0.1²)
    y = 3 * x + 2 + noise

drawn in exactly that order. The same generator then goes on to shuffle minibatches
(see :mod:`lrtui.models.linreg`).

A CSV file has a header row naming the columns ``x`` and ``y`` (in either order) and one
point per row. Anything else is refused with one line naming the file and the row: a
missing file, a folder, wrong columns, a cell that is not a finite number, fewer than two
rows, more than 1,000,000 rows or more than 100 MB, x values that are all the same. The file
is only ever opened for reading.
"""

from __future__ import annotations

import csv
import os
import stat
from dataclasses import dataclass

import numpy as np

from ..errors import Field, InputError, visible
from ..numeric import NotANumber, real

SYNTHETIC_POINTS = 100
SYNTHETIC_SLOPE, SYNTHETIC_INTERCEPT, SYNTHETIC_NOISE = 3.0, 2.0, 0.1
MAX_ROWS = 1_000_000
MAX_BYTES = 100 * 1024 * 1024
MIN_ROWS = 2


@dataclass(frozen=True)
class Dataset:
    x: np.ndarray  # (n,) float64
    y: np.ndarray  # (n,) float64
    source: str  # "synthetic (seed 0)" or the file's path (control characters made visible)

    @property
    def size(self) -> int:
        return int(self.x.size)


def synthetic(rng: np.random.Generator, n: int = SYNTHETIC_POINTS) -> Dataset:
    """The seed's data from ``rng``: x = rng.random(n), then noise = rng.normal(0, 0.1, n)."""
    x = rng.random(n)
    noise = rng.normal(0.0, SYNTHETIC_NOISE, n)
    y = SYNTHETIC_SLOPE * x + SYNTHETIC_INTERCEPT + noise
    return Dataset(x, y, "synthetic")


def _fail(path: str, message: str, row: int | None = None) -> InputError:
    where = f"{path}: row {row}: " if row is not None else f"{path}: "
    return InputError(where + message, field=Field.DATA)


def load_csv(path: str) -> Dataset:
    """Read the points of a CSV file with columns x,y and a header row (never writes to it)."""
    path = str(path)
    shown = visible(path)  # the file's name as messages and the model's description quote it
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise _fail(shown, "no such file") from None
    except OSError as err:
        raise _fail(shown, f"cannot be read ({err.strerror or err})") from None
    if stat.S_ISDIR(info.st_mode):
        raise _fail(shown, "is a folder, not a CSV file")
    if not stat.S_ISREG(info.st_mode):
        raise _fail(shown, "is not a regular file")
    if info.st_size > MAX_BYTES:
        raise _fail(shown, f"too big ({info.st_size / 1024**2:.0f} MB; at most {MAX_BYTES // 1024**2} MB)")
    xs: list[float] = []
    ys: list[float] = []
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:  # read-only
            reader = csv.reader(fh)
            header = None
            for cells in reader:
                row = reader.line_num
                if not cells or all(not c.strip() for c in cells):
                    continue  # blank lines are skipped
                if header is None:
                    header = _columns(shown, row, cells)
                    continue
                if len(xs) >= MAX_ROWS:
                    raise _fail(shown, f"more than {MAX_ROWS:,} data rows", row)
                if len(cells) != 2:
                    raise _fail(shown, f"expected 2 cells (x,y), found {len(cells)}", row)
                xs.append(_cell(shown, row, "x", cells[header[0]]))
                ys.append(_cell(shown, row, "y", cells[header[1]]))
    except UnicodeDecodeError:
        raise _fail(shown, "is not UTF-8 text (is it a CSV file?)") from None
    except csv.Error as err:
        raise _fail(shown, f"is not valid CSV ({err})") from None
    except OSError as err:
        raise _fail(shown, f"cannot be read ({err.strerror or err})") from None
    if header is None:
        raise _fail(shown, "is empty: expected a header row x,y and at least two rows of numbers")
    if len(xs) < MIN_ROWS:
        raise _fail(shown, f"needs at least {MIN_ROWS} data rows, found {len(xs)}")
    x = np.array(xs, dtype=np.float64)
    y = np.array(ys, dtype=np.float64)
    if np.all(x == x[0]):
        raise _fail(shown, f"every x is {x[0]:g}: a line's slope cannot be fitted to one x value")
    return Dataset(x, y, shown)


def _columns(path: str, row: int, cells: list[str]) -> tuple[int, int]:
    names = [c.strip().lower() for c in cells]
    if sorted(names) != ["x", "y"]:
        got = ",".join(c.strip() for c in cells)
        if len(got) > 40:
            got = got[:37] + "..."
        raise _fail(path, f"the header must name the two columns x,y; found {got!r}", row)
    return names.index("x"), names.index("y")


def _cell(path: str, row: int, column: str, text: str) -> float:
    try:
        return real(text)
    except NotANumber as err:
        token = err.token
        shown = token if len(token) <= 20 else token[:17] + "..."
        raise _fail(path, f"{shown!r} in column {column} {err.reason}", row) from None


def load(data: str | None, rng: np.random.Generator) -> Dataset:
    """The data set of a scenario: the CSV file ``data``, or the synthetic set drawn from ``rng``."""
    if data is None or not str(data).strip():
        ds = synthetic(rng)
        return ds
    return load_csv(str(data).strip())
