"""The stop rules find, a block at a time, the very record the rule names, read record by record.

The engine looks at a block of records with a few reductions first (the highest and lowest x
and f, the sum of ∇f) and reads only the runs those may stop record by record. Here blocks full
of what stops a run — NaN, ±∞, a coordinate far from x0, f above its bound, a tiny gradient,
values near the float limit — are handed to :class:`StopRules` and compared with the rule of
DIVERGENCE_RULE applied to each record in turn, in plain Python.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from lrtui.engine.result import Status
from lrtui.engine.stops import DIVERGENCE_FACTOR, OVERFLOW, StopRules

SPECIALS = [math.nan, math.inf, -math.inf, 1e300, -1e300, 5e6, -5e6, 1e-12, 0.0, 2e150]


def by_the_rule(x0, tol, X, L, G):
    """(stopped_at, status) of every run: the first record the rule stops it at, or (-1, "")."""
    n, runs, d = X.shape
    f0 = L[0]
    out = []
    for r in range(runs):
        found = (-1, "")
        with np.errstate(all="ignore"):
            bound_f = f0[r] + DIVERGENCE_FACTOR * (1.0 + abs(f0[r]))
        for k in range(n):
            x, f, g = X[k, r], L[k, r], G[k, r]
            with np.errstate(all="ignore"):
                far = any(not math.isfinite(v) or abs(v - c) > DIVERGENCE_FACTOR * (1.0 + abs(c))
                          for v, c in zip(x, x0, strict=True))
                diverged = far or math.isinf(f) or f > bound_f
                left = math.isnan(f) or not all(math.isfinite(v) for v in g)
                huge = any(abs(v) >= OVERFLOW for v in x) or abs(f) >= OVERFLOW
                gnorm = math.sqrt(sum(v * v for v in g)) if d > 1 else abs(g[0])
            if left and huge:
                diverged = True
            if diverged:
                found = (k, Status.DIVERGED)
            elif left:
                found = (k, Status.LEFT_DOMAIN)
            elif tol > 0 and gnorm < tol:
                found = (k, Status.CONVERGED)
            else:
                continue
            break
        out.append(found)
    return out


def block(rng, n, runs, d, specials):
    """Ordinary records with ``specials`` of the specials sprinkled over x, f and ∇f."""
    X = rng.normal(size=(n, runs, d))
    L = rng.normal(size=(n, runs)) + 3.0
    G = rng.normal(size=(n, runs, d))
    for _ in range(specials):
        where = rng.integers(3)
        value = SPECIALS[rng.integers(len(SPECIALS))]
        k, r = rng.integers(1, n), rng.integers(runs)  # record 0 stays ordinary: f(x0) sets the bound
        if where == 0:
            X[k, r, rng.integers(d)] = value
        elif where == 1:
            L[k, r] = value
        else:
            G[k, r, rng.integers(d)] = value
    return X, L, G


@pytest.mark.parametrize("d", [1, 2])
@pytest.mark.parametrize("tol", [0.0, 1e-3])
@pytest.mark.parametrize("seed", range(40))
def test_the_block_check_stops_each_run_where_the_rule_read_record_by_record_does(seed, tol, d):
    rng = np.random.default_rng(seed)
    n, runs = 64, 12
    X, L, G = block(rng, n, runs, d, specials=int(rng.integers(0, 30)))
    x0 = X[0, 0].copy()
    X[0] = x0  # every run starts at x0
    L[0] = L[0, 0]
    rules = StopRules(x0, tol, runs)
    hit = set()
    for a in range(0, n, 16):  # blocks of 16: a run stopped in one block is not looked at again
        hit |= set(rules.find(X[a : a + 16], L[a : a + 16], G[a : a + 16], a).tolist())
    expected = by_the_rule(x0, tol, X, L, G)
    found = [(int(k), rules.status[r] if k >= 0 else "") for r, k in enumerate(rules.stopped_at)]
    assert found == expected
    assert hit == {r for r, (k, _) in enumerate(expected) if k >= 0}


def test_a_sum_of_gradients_that_overflows_stops_nothing():
    """Finite gradients near the float limit sum to ∞: the block is read again, and nothing stops."""
    X = np.zeros((4, 1, 1))
    L = np.ones((4, 1))
    G = np.full((4, 1, 1), 1.5e308)
    rules = StopRules(np.zeros(1), 0.0, 1)
    assert rules.find(X, L, G, 0).size == 0
    assert rules.stopped_at[0] == -1
