"""Numbers as typed: one reader for every numeric field, the same answer to the same text."""

import numpy as np
import pytest

from lrtui.analysis.sweep import check_range
from lrtui.errors import InputError
from lrtui.models.data import load_csv
from lrtui.numeric import NotANumber, real, whole
from lrtui.teaching.scenario import (
    parse_batch_size,
    parse_epochs,
    parse_lrs,
    parse_seed,
    parse_steps,
    parse_tol,
    parse_x0,
)


@pytest.mark.parametrize("text, value", [("1", 1.0), (" -2.5\u00a0", -2.5), ("1e-3", 1e-3), ("1_000.5", 1000.5), ("+.5", 0.5), ("0e-400", 0.0),
                                         ("-0.000", 0.0), ("1e-320", 1e-320)])
def test_reals(text, value):
    assert real(text) == value


@pytest.mark.parametrize("text, value", [("12", 12), ("1_000", 1000), ("1e6", 1_000_000), ("20.0", 20), ("-3", -3), (7, 7)])
def test_whole_numbers(text, value):
    assert whole(text) == value


@pytest.mark.parametrize(
    "text, reason",
    [
        ("abc", "is not a number"),
        ("", "is not a number"),
        ("inf", "is not a finite number"),
        ("1e400", "is not a finite number"),
        ("1e-400", "is too small to tell from 0 in float64 (write 0 for zero)"),  # as in the function's text
        ("-2.5e-330", "is too small to tell from 0 in float64 (write 0 for zero)"),
        ("１", "has the character '１': write numbers with the digits 0-9"),
        ("١٠", "has the character '١': write numbers with the digits 0-9"),
        ("−1", "has the character '−': write the minus sign as '-'"),  # U+2212, pasted from a document
    ],
)
def test_not_reals(text, reason):
    with pytest.raises(NotANumber) as err:
        real(text)
    assert err.value.reason == reason


@pytest.mark.parametrize("text", ["1.5", "x", "1e400", "nan", "１２", "1e20"])
def test_not_whole_numbers(text):
    with pytest.raises(NotANumber):
        whole(text)


FIELDS = [
    (parse_lrs, "lr"),
    (parse_x0, "x0"),
    (parse_steps, "steps"),
    (parse_tol, "tol"),
    (parse_seed, "seed"),
    (parse_epochs, "epochs"),
    (parse_batch_size, "batch_size"),
]


@pytest.mark.parametrize("parse, field", FIELDS, ids=[f for _, f in FIELDS])
@pytest.mark.parametrize("digits", ["１０", "١٠", "१०"])  # full-width, Arabic-Indic, Devanagari ten
def test_every_scenario_field_refuses_other_digits_alike(parse, field, digits):
    assert parse("10") in (10, 10.0, (10.0,))
    with pytest.raises(InputError) as err:
        parse(digits)
    assert err.value.field == field
    assert str(err.value).endswith(f"{digits!r} has the character {digits[0]!r}: write numbers with the digits 0-9")


def test_the_sweep_range_and_a_data_file_refuse_them_too(tmp_path):
    with pytest.raises(InputError, match="--lr-min: '１' has the character"):
        check_range("１", "2")
    with pytest.raises(InputError, match="--points: must be a whole number from 2 to 10,000, got １０"):
        check_range("0.1", "2", "１０")
    p = tmp_path / "d.csv"
    p.write_text("x,y\n1,2\n３,4\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 3: '３' in column x has the character '３'"):
        load_csv(str(p))
    p.write_text("x,y\n1,2\n3,4\n", encoding="utf-8")
    assert np.array_equal(load_csv(str(p)).x, [1.0, 3.0])
