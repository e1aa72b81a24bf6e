"""The engine's loop for few runs: one run at a time on Python floats, the same bits as arrays.

With a handful of runs the array loop pays NumPy's call overhead on every operation of every
step (≈ 10 µs a step, whatever the arithmetic). Here f and ∇f come from the function's code
rewritten for floats (:meth:`lrtui.problem.Problem.scalar_code`, see :mod:`lrtui.expr.scalar`),
the update from the optimizer's rule on floats (:mod:`lrtui.optim.floats`), and the records
go to the recorder a block at a time, where the same stop rules as the array loop's
(:class:`lrtui.engine.stops.StopRules`) find the record that stops the run. Every record, state and
status is bit for bit the one the array loop computes (tests/test_scalar_engine.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from ..optim.floats import FloatRule
from ..optim.optimizer import Optimizer
from ..optim.schedules.base import Schedule
from ..problem import Array, Problem
from .noise import RowDraws
from .recorder import Recorder
from .result import Status
from .stops import StopRules

SCALAR_RUNS = 8  # up to this many runs, one at a time on floats beats arrays of runs (bench_engine.py)
FIRST_BLOCK = 64  # records between the first two applications of the stop rules
LARGEST_BLOCK = 4096  # the block doubles up to this

Code = Callable[..., tuple[float, ...]]


def scalar_loop(
    problem: Problem,
    code: Code,
    x0: Array,
    optimizers: Sequence[Optimizer],
    table: Array,
    steps: int,
    tol: float,
    rec: Recorder,
    check: Callable[[], None] | None = None,
    reacting: Schedule | None = None,
    draws: Sequence[RowDraws] | None = None,
) -> tuple[NDArray[np.int64], list[Status]]:
    """Every run (``optimizers[r]``, η_k ``table[k, r]``) one after the other; ``check`` is
    called once per block (it may raise to cancel). ``reacting``: a schedule that follows the
    loss, which writes η_{k+1} into ``table`` from f(x_k) as the run goes. ``draws[r]``: run r's
    gradient noise."""
    stopped_at = np.empty(len(optimizers), dtype=np.int64)
    status: list[Status] = []
    with np.errstate(all="ignore"):  # NumPy's functions on floats warn as on arrays: silence them
        for r, opt in enumerate(optimizers):
            react = reacting.reaction_on_floats() if reacting is not None else None
            noise = None if draws is None else draws[r]
            at, why = _one_run(problem, code, x0, opt, table[:, r], steps, tol, rec, r, check, react, noise)
            stopped_at[r] = at
            status.append(why)
    return stopped_at, status


def _one_run(
    problem: Problem,
    code: Code,
    x0: Array,
    opt: Optimizer,
    lrs: Array,
    steps: int,
    tol: float,
    rec: Recorder,
    r: int,
    check: Callable[[], None] | None,
    react: Callable[[float, float], float] | None = None,
    draws: RowDraws | None = None,
) -> tuple[int, Status]:
    rules = StopRules(x0, tol, 1)
    d = x0.size
    x = [float(v) for v in x0]
    rule = FloatRule(opt, x)
    fast = opt.is_plain and d == 1 and react is None
    a, block = 0, FIRST_BLOCK
    while True:
        if check is not None:
            check()
        b = min(a + block, steps + 1)
        if fast:
            flat = None if draws is None else draws.take_flat(b - a)  # σ·ξ_k of steps a … b−1
            x, X, L, G = _plain_block(code, problem.at_point, x[0], lrs[a:b].tolist(), flat)
            states: dict[str, Array] = {}
        elif react is not None:
            noise = None if draws is None else draws.take(b - a)
            x, X, L, G, states = _reacting_block(code, problem.at_point, rule, x, lrs, a, b, steps, react, noise)
        else:
            noise = None if draws is None else draws.take(b - a)  # σ·ξ_k of steps a … b−1, d floats each
            x, X, L, G, states = _block(code, problem.at_point, rule, x, lrs[a:b].tolist(), a, steps, noise)
        rec.put(r, a, X, L, G)
        if states:
            rec.put_state(r, a, states)
        hit = rules.find(X[:, None], L[:, None], G[:, None], a)
        if hit.size:
            at = int(rules.stopped_at[0])
            rec.stopped(np.array([r]), np.array([at], dtype=np.int64))
            return at, Status(rules.status[0])
        if b == steps + 1:
            rec.stopped(np.array([r]), np.array([steps], dtype=np.int64))
            return steps, Status.MAX_STEPS
        a, block = b, min(2 * block, LARGEST_BLOCK)


def _plain_block(
    code: Code, at_point: Callable[..., tuple[float, ...]], x: float, lrs: list[float],
    noise: list[float] | None = None,
) -> tuple[list[float], Array, Array, Array]:
    """Plain descent of one parameter over a block: x ← x − η_k·f'(x) (the step from the run's
    last record is taken too, and never recorded); with ``noise``, x ← x − η_k·(f'(x) + noise_k)."""
    if noise is not None:
        return _noisy_plain_block(code, at_point, x, lrs, noise)
    xs: list[float] = []
    fs: list[float] = []
    gs: list[float] = []
    for lr in lrs:
        try:
            f, g = code(x)
        except (ArithmeticError, ValueError):  # Python refuses what NumPy answers inf or nan
            f, g = at_point(x)
        xs.append(x)
        fs.append(f)
        gs.append(g)
        x = x - lr * g  # a step past the last record is never recorded
    return [x], np.array(xs)[:, None], np.array(fs), np.array(gs)[:, None]


def _noisy_plain_block(
    code: Code, at_point: Callable[..., tuple[float, ...]], x: float, lrs: list[float], noise: list[float]
) -> tuple[list[float], Array, Array, Array]:
    """:func:`_plain_block` from the noisy gradient: f'(x_k) is recorded, f'(x_k) + noise_k steps."""
    xs: list[float] = []
    fs: list[float] = []
    gs: list[float] = []
    for lr, e in zip(lrs, noise, strict=False):  # as long as each other (strict costs ≈ 10 % here)
        try:
            f, g = code(x)
        except (ArithmeticError, ValueError):
            f, g = at_point(x)
        xs.append(x)
        fs.append(f)
        gs.append(g)
        x = x - lr * (g + e)
    return [x], np.array(xs)[:, None], np.array(fs), np.array(gs)[:, None]


def _block(
    code: Code,
    at_point: Callable[..., tuple[float, ...]],
    rule: FloatRule,
    x: list[float],
    lrs: list[float],
    a: int,
    steps: int,
    noise: list[list[float]] | None = None,
) -> tuple[list[float], Array, Array, Array, dict[str, Array]]:
    """Any optimizer, any number of parameters, over one block; with the states that explain each step
    (with ``noise``, d floats a step, the step is taken from ∇f(x_k) + noise_k; ∇f(x_k) is recorded)."""
    one = len(x) == 1
    xs: list[float] = []  # every record's x, one coordinate after the other
    fs: list[float] = []
    gs: list[float] = []
    keep_x, keep_f, keep_g = xs.extend, fs.append, gs.extend
    step, refused = rule.rule, rule.with_arrays
    last = min(steps - a, len(lrs) - 1)  # the last record of the block; no step is taken from record ``steps``
    for i, lr in enumerate(lrs):
        try:
            out = code(*x)
        except (ArithmeticError, ValueError):
            out = at_point(*x)
        g = out[1:]
        keep_x(x)
        keep_f(out[0])
        keep_g(g)
        if i == last and a + i == steps:
            break
        if noise is not None:
            e = noise[i]
            g = (g[0] + e[0],) if one else tuple([gi + ei for gi, ei in zip(g, e, strict=True)])
        try:
            x = step(x, g, lr, a + i)
        except (ArithmeticError, ValueError):  # Python refuses what NumPy answers inf or nan
            x = refused(x, g, lr, a + i)
    d = len(x)
    states = {name: np.array(log).reshape(-1, d) for name, log in rule.log.items()}
    for log in rule.log.values():
        log.clear()
    return x, np.array(xs).reshape(-1, d), np.array(fs), np.array(gs).reshape(-1, d), states


def _reacting_block(
    code: Code,
    at_point: Callable[..., tuple[float, ...]],
    rule: FloatRule,
    x: list[float],
    lrs: Array,
    a: int,
    b: int,
    steps: int,
    react: Callable[[float, float], float],
    noise: list[list[float]] | None = None,
) -> tuple[list[float], Array, Array, Array, dict[str, Array]]:
    """As :func:`_block`, for a schedule that follows the loss: η_{k+1} = react(f(x_k), η_k), written
    into ``lrs`` (the run's column of the table) as the block goes."""
    xs: list[list[float]] = []
    fs: list[float] = []
    gs: list[tuple[float, ...]] = []
    step, refused = rule.rule, rule.with_arrays
    lr = float(lrs[a])
    for k in range(a, b):
        try:
            out = code(*x)
        except (ArithmeticError, ValueError):
            out = at_point(*x)
        g = out[1:]
        xs.append(x)
        fs.append(out[0])
        gs.append(g)
        if k == steps:
            break
        following = react(out[0], lr)
        if noise is not None:  # the step from ∇f(x_k) + noise_k; ∇f(x_k) is recorded
            g = tuple([gi + ei for gi, ei in zip(g, noise[k - a], strict=True)])
        try:
            x = step(x, g, lr, k)
        except (ArithmeticError, ValueError):  # Python refuses what NumPy answers inf or nan
            x = refused(x, g, lr, k)
        lrs[k + 1] = lr = following
    d = len(x)
    states = {name: np.array(log).reshape(-1, d) for name, log in rule.log.items()}
    for log in rule.log.values():
        log.clear()
    return x, np.array(xs).reshape(-1, d), np.array(fs), np.array(gs).reshape(-1, d), states


def scalar_code(problem: Problem, runs: int) -> Code | None:
    """The problem's code on floats when the loop on floats should run these runs, else None."""
    if runs > SCALAR_RUNS:
        return None
    return problem.scalar_code()


__all__ = ["SCALAR_RUNS", "scalar_code", "scalar_loop"]
