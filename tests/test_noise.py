"""Gradient noise (issue 21): the streams, the statistics over trials, the closed-form floor.

The engine's side (the update rule from the records, reproducibility, the measured floor against
the closed form, the halving law) is in tests/test_noise_engine.py; torch's goldens in
tests/test_golden_noise.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from lrtui.analysis.floor import predicted
from lrtui.engine.noise import Draws, Noise, RowDraws
from lrtui.engine.trials import parts, quantiles, window
from lrtui.errors import InputError


def test_a_stream_is_the_documented_spawn_of_its_run_and_trial():
    noise = Noise(0.5, trials=8, seed=11)
    spawned = np.random.SeedSequence(11).spawn(4)[2].spawn(8)[5]  # the docs' other spelling
    by_hand = 0.5 * np.random.Generator(np.random.PCG64(spawned)).standard_normal((30, 2))
    assert np.array_equal(noise.vectors(2, 5, 30, 2), by_hand)
    assert not np.array_equal(noise.vectors(2, 4, 30, 2), by_hand)  # another trial, another stream
    assert not np.array_equal(Noise(0.5, 8, seed=12).vectors(2, 5, 30, 2), by_hand)  # another seed


def test_the_loops_draws_are_the_streams_whatever_the_block():
    noise = Noise(1.5, trials=3, seed=4)
    rows = [(0, 0), (0, 2), (3, 1)]
    draws = Draws(noise, rows, 2, block=7)  # blocks that do not divide the steps
    got = np.stack([draws.at(k).copy() for k in range(30)], axis=1)  # (rows, steps, d)
    for i, (r, t) in enumerate(rows):
        assert np.array_equal(got[i], noise.vectors(r, t, 30, 2))
        floats = RowDraws(noise, r, t, 2)
        assert floats.take(5) + floats.take_flat(5) + floats.take(20) == noise.vectors(r, t, 30, 2).tolist()[:5] + \
            noise.vectors(r, t, 30, 2).ravel().tolist()[10:20] + noise.vectors(r, t, 30, 2).tolist()[10:]


@pytest.mark.parametrize("bad", [dict(sigma=-1.0), dict(sigma=math.nan), dict(sigma=math.inf), dict(sigma=1.0, trials=0),
                                 dict(sigma=1.0, trials=1025), dict(sigma=1.0, seed=-1)])
def test_bad_noise_is_refused_in_one_line(bad):
    with pytest.raises(InputError) as err:
        Noise(**bad)
    assert "\n" not in str(err.value) and err.value.field is not None


def test_quantiles_are_numpys_linear_quantiles():
    rng = np.random.default_rng(3)
    for shape in [(5, 3, 64), (7, 2, 1), (4, 1, 256), (3, 3, 10)]:
        values = rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 4, size=shape)
        assert np.array_equal(quantiles(values, axis=2), np.quantile(values, (0.1, 0.5, 0.9), axis=2))


def test_quantiles_take_nan_as_infinity():
    values = np.array([[1.0, 2.0, np.nan, 3.0, 4.0]])
    q = quantiles(values, axis=1)[:, 0]
    assert q[0] == pytest.approx(1.4) and q[1] == 3.0 and q[2] == np.inf


def test_the_window_is_the_last_fifth_of_the_steps_in_ten_parts():
    assert window(1000) == (801, 200) and window(4) == (4, 1) and window(12) == (11, 2)
    assert list(parts(200)) == list(range(0, 201, 20)) and list(parts(3)) == [0, 1, 2, 3]


def test_the_closed_form_floor():
    assert predicted(0.1, 1.0, [2.0]) == pytest.approx(0.1 / (2 * 1.8))  # the 0.0278
    assert predicted(0.1, 2.0, [2.0, 10.0]) == pytest.approx(0.4 / 3.6 + 0.4 / 2.0)  # a sum over the eigenvalues
    assert predicted(0.1, 2.0, [2.0, 20.0]) is None  # η = 2/λ_max
    assert predicted(1.0, 1.0, [2.0]) is None  # η = 2/f'': no stationary state
    assert predicted(0.1, 1.0, [2.0, 0.0]) is None  # a flat direction: no floor
    assert predicted(0.1, 1.0, [-1.0]) is None  # not a minimum
