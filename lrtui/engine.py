"""The descent engine: every run at once, vectorized with NumPy across runs.

    result = run(problem, x0=[10.0], lrs=[0.01, 0.1, 0.5], steps=20)

Runs are every optimizer × every η, in that order; they share the problem, x0 and the
step budget. The loop goes over steps only; each step is a handful of array operations
over all runs. Stop rules are applied to the recorded arrays a block of steps at a time,
so the hot loop carries no per-run bookkeeping; a run's records after its stop repeat its
last record, and the loop ends as soon as every run has stopped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .errors import InputError
from .limits import MAX_RECORDS, MAX_STEPS
from .optimizers import SGD, Optimizer
from .problem import Problem
from .result import Result, Status
from .schedules import CONSTANT, Schedule

DIVERGENCE_FACTOR = 1e6
DIVERGENCE_RULE = (
    "a run diverges at step k when x_k is not finite, when some coordinate of x_k is more than "
    "1e6·(1 + |x0|) away from x0, or when f(x_k) is infinite or above f(x0) + 1e6·(1 + |f(x0)|)"
)
_FIRST_BLOCK = 64


def check_budget(runs: int, steps: int) -> None:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 1 <= steps <= MAX_STEPS:
        raise InputError(f"steps must be a whole number from 1 to {MAX_STEPS:,}, got {steps!r}", field="steps")
    if runs * (steps + 1) > MAX_RECORDS:
        raise InputError(
            f"{runs} runs × {steps:,} steps is too much to record (at most {MAX_RECORDS:,} run-steps)",
            field="steps",
        )


def check_lrs(lrs: Sequence[float]) -> np.ndarray:
    arr = np.asarray(lrs, dtype=np.float64).reshape(-1)
    if arr.size == 0:
        raise InputError("give at least one learning rate", field="lr")
    for v in arr:
        if not math.isfinite(v) or v <= 0:
            raise InputError(f"a learning rate must be a positive finite number, got {v:g}", field="lr")
    return arr


def run(
    problem: Problem,
    x0: Sequence[float] | float,
    lrs: Sequence[float],
    steps: int,
    tol: float = 1e-8,
    optimizers: Sequence[Optimizer] | None = None,
    schedule: Schedule | None = None,
    analyse: bool = True,
) -> Result:
    """Run gradient descent for every optimizer × every η; return the finished Result."""
    d = len(problem.parameters)
    x0 = np.atleast_1d(np.asarray(x0, dtype=np.float64)).reshape(-1)
    if x0.size != d:
        raise InputError(
            f"x0 needs {d} number{'s' if d > 1 else ''} ({', '.join(problem.parameters)}), got {x0.size}",
            field="x0",
        )
    if not np.all(np.isfinite(x0)):
        raise InputError("x0 must be finite", field="x0")
    if not (isinstance(tol, (int, float)) and math.isfinite(tol) and tol >= 0):
        raise InputError(f"tol must be a finite number ≥ 0, got {tol!r}", field="tol")
    base = check_lrs(lrs)
    optimizers = list(optimizers) if optimizers else [SGD]
    schedule = schedule or CONSTANT
    n_lr = base.size
    runs = n_lr * len(optimizers)
    check_budget(runs, steps)
    run_lrs = np.tile(base, len(optimizers))
    if schedule.name == "constant":
        lr_table = np.broadcast_to(run_lrs, (steps + 1, runs))
    else:
        lr_table = np.ascontiguousarray(schedule.table(run_lrs, steps).T)  # (steps+1, runs)

    rec = _Recorder(runs, d, steps)
    x = np.repeat(x0[None, :], runs, axis=0)
    groups = [(opt, slice(i * n_lr, (i + 1) * n_lr)) for i, opt in enumerate(optimizers)]
    states = [opt.start(x[sl]) for opt, sl in groups]
    bound = DIVERGENCE_FACTOR * (1.0 + np.abs(x0))
    stopped_at = np.full(runs, -1, dtype=np.int64)
    status = np.full(runs, "", dtype=object)

    both = getattr(problem, "loss_and_gradient", None)  # one call for f and ∇f, when offered
    checked = 0  # records [0, checked) have had their stop rules applied
    block = _FIRST_BLOCK
    with np.errstate(all="ignore"):
        k = 0
        while True:
            rec.X[k] = x
            if both is not None:
                rec.L[k], rec.G[k] = both(x, k)
            else:
                rec.L[k] = problem.loss(x)
                rec.G[k] = problem.gradient(x, k)
            g = rec.G[k]
            if k == steps or k + 1 - checked >= block:
                _apply_stop_rules(rec, checked, k + 1, x0, bound, tol, stopped_at, status)
                checked = k + 1
                block = min(block * 2, 512)
                if k == steps or (stopped_at >= 0).all():
                    break
            lr = lr_table[k][:, None]
            for (opt, sl), state in zip(groups, states, strict=True):
                if len(groups) == 1:
                    x = opt.update(x, g, lr, k, state)
                else:
                    x[sl] = opt.update(x[sl], g[sl], lr[sl], k, state)
                explained = opt.explain(state)
                if explained:
                    rec.record_state(k, sl, explained)
            k += 1
    stopped_at[stopped_at < 0] = steps
    status[status == ""] = Status.MAX_STEPS
    last = int(stopped_at.max())
    result = rec.finish(last, stopped_at)
    result["lr"] = lr_table[: last + 1].T  # a view; after a run's stop it keeps the schedule
    res = Result(
        problem=problem,
        x0=x0,
        steps=steps,
        tol=float(tol),
        lrs=run_lrs,
        optimizers=[opt.text for opt in optimizers for _ in range(n_lr)],
        schedule=schedule.text,
        status=[Status(s) for s in status],
        stopped_at=stopped_at,
        **result,
    )
    res.extra.update(_problem_extras(problem, steps, stopped_at, last))
    if analyse:
        from .analysis import analyse as _analyse

        res.analysis = _analyse(res)
    return res


def _problem_extras(problem, steps: int, stopped_at: np.ndarray, last: int) -> dict[str, np.ndarray]:
    """Per-step values a problem supplies besides x, f and ∇f (e.g. the epoch of a minibatch step).

    A problem may define ``extras(steps) -> {name: array of shape (steps+1,)}``: the value at
    record k for k = 0..steps, the same for every run. They become ``Result.extra[name]`` of
    shape (runs, last+1); like every record, a run's values after its stop repeat its last one.
    """
    extras = getattr(problem, "extras", None)
    if extras is None:
        return {}
    k = np.minimum(np.arange(last + 1)[None, :], stopped_at[:, None])  # (runs, last+1)
    return {name: np.asarray(values)[k] for name, values in extras(steps).items()}


def _apply_stop_rules(rec, a, b, x0, bound, tol, stopped_at, status) -> None:
    """Find, for each run still going, the first record in [a, b) that stops it."""
    active = stopped_at < 0
    if not active.any():
        return
    X, L, G = rec.X[a:b], rec.L[a:b], rec.G[a:b]  # (n, runs, d), (n, runs), (n, runs, d)
    f0 = rec.L[0]  # (runs,): f(x0), the same for every run
    loss_bound = f0 + DIVERGENCE_FACTOR * (1.0 + np.abs(f0))
    diverged = (~np.isfinite(X)).any(-1) | (np.abs(X - x0) > bound).any(-1) | np.isinf(L) | (L > loss_bound)
    left = np.isnan(L) | (~np.isfinite(G)).any(-1)
    left &= ~diverged
    if tol > 0:
        gnorm = np.sqrt(np.einsum("nrd,nrd->nr", G, G)) if G.shape[-1] > 1 else np.abs(G[..., 0])
        converged = (gnorm < tol) & ~diverged & ~left
    else:
        converged = np.zeros_like(diverged)
    stop = diverged | left | converged
    hit = stop.any(0) & active
    if not hit.any():
        return
    first = stop.argmax(0)
    for r in np.flatnonzero(hit):
        i = first[r]
        stopped_at[r] = a + i
        status[r] = (
            Status.DIVERGED if diverged[i, r] else Status.LEFT_DOMAIN if left[i, r] else Status.CONVERGED
        )


class _Recorder:
    """Step-major buffers (steps+1, runs, d). np.empty reserves without touching memory, so a
    budget of a million steps that converges after fifty only pays for fifty."""

    def __init__(self, runs: int, d: int, steps: int):
        self.runs, self.d, self.size = runs, d, steps + 1
        self.X = np.empty((self.size, runs, d))
        self.L = np.empty((self.size, runs))
        self.G = np.empty((self.size, runs, d))
        self.S: dict[str, np.ndarray] = {}

    def record_state(self, k: int, sl: slice, explained: dict[str, np.ndarray]) -> None:
        for name, value in explained.items():
            if name not in self.S:
                self.S[name] = np.full((self.size, self.runs, self.d), np.nan)
            self.S[name][k, sl] = value

    def finish(self, last: int, stopped_at: np.ndarray) -> dict:
        n = last + 1

        def runs_major(buf):
            out = np.moveaxis(buf[:n], 0, 1)  # a view: (runs, n, ...) over step-major memory
            for r, s in enumerate(stopped_at):
                if s + 1 < n:
                    out[r, s + 1 :] = out[r, s]
            return out

        state = {name: runs_major(arr) for name, arr in self.S.items()}
        for arr in state.values():  # no step is taken from a run's last record
            arr[np.arange(self.runs), stopped_at] = np.nan
            for r, s in enumerate(stopped_at):
                arr[r, s:] = np.nan
        return dict(
            x=runs_major(self.X), loss=runs_major(self.L), grad=runs_major(self.G), state=state
        )
