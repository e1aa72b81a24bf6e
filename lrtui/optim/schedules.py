"""Learning-rate schedules: the η_k of every run and step, computed before the descent.

Schedules depend only on the step index and each run's base η, never on the trajectory,
so the engine asks for the whole table at once:

    sched = parse_schedule("multistep:milestones=5/15,gamma=0.3")
    table = sched.table(base_lrs, steps)        # (runs, steps+1): η_k for k = 0..steps

η_k is the learning rate the optimizer uses at step k, exactly as torch.optim.lr_scheduler
produces it when ``scheduler.step()`` follows every ``optimizer.step()``: η_0 is the lr
before any ``scheduler.step()`` and η_k is ``scheduler.get_last_lr()`` after k of them.

=================  =====================================================================
constant           η_k = η
step               StepLR(step_size, gamma=0.1): × gamma every step_size steps
multistep          MultiStepLR(milestones, gamma=0.1): × gamma at each milestone (5/15);
                   as torch, one listed n times multiplies by gamma^n (10/10/20), the
                   order does not matter, and milestone 0 scales η_0
exponential        ExponentialLR(gamma): × gamma every step
cosine             CosineAnnealingLR(t_max, eta_min=0); past t_max it rises again, as torch
cosine_restarts    CosineAnnealingWarmRestarts(t_0, t_mult=1, eta_min=0)
linear             LinearLR(start_factor=1/3, end_factor=1, total_iters=5)
polynomial         PolynomialLR(total_iters=5, power=1)
onecycle           OneCycleLR(max_lr=η, total_steps=steps+1, pct_start=0.3, div_factor=25,
                   final_div_factor=1e4), cosine annealing, no momentum cycling
=================  =====================================================================

Exactness. torch's chainable schedulers compute η_k from η_{k−1} (``group["lr"] *
factor``), so their rounding differs from the closed forms. Here the multiplicative ones
(step, multistep, exponential, linear, polynomial, cosine with eta_min=0) multiply the
same factors in the same order with one ``cumprod`` along k per run — bit-identical to
torch and without a Python loop over steps. Cosine with eta_min > 0 is affine in
η_{k−1}; up to t_max it uses the closed form (within ~1e-15·√k relative of torch's
recursion, which does not amplify rounding while η falls), and past t_max, where torch's
recursion amplifies the rounding of η − eta_min near the bottom, it replays torch's
recursion exactly: a loop over the ≤ 2·t_max steps of one period, vectorized over runs and
periods. cosine_restarts and onecycle are closed forms in torch too and are reproduced
operation by operation. Schedules that depend on η only as a factor still get each run's
own product, since ``η·(∏ f)`` and ``(…(η·f_1)·f_2…)`` round differently.

onecycle: ``max_lr`` defaults to each run's η (the schedule then scales with η); given
explicitly, every run follows the same schedule and the runs' η are ignored, as in torch.
torch raises past ``total_steps``; here η_k for k > total_steps holds η_{total_steps}
(torch's own last value, slightly past the end of the cosine). Where torch would divide by
zero (a first phase of zero length, ``pct_start·total_steps = 1``, or ``pct_start = 1``)
the phase's start (resp. end) value is used.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate

import numpy as np
from numpy.typing import ArrayLike

from ..problem import Array
from .spec import (
    REQUIRED,
    Param,
    Spec,
    at_least_one,
    in_closed_unit,
    in_half_open_unit,
    non_negative,
    parse_spec,
    positive,
    step_indices,
)

__all__ = ["CONSTANT", "PARAMETERS", "Constant", "Schedule", "parse_schedule"]

PARAMETERS: dict[str, dict[str, Param]] = {
    "constant": {},
    "step": {
        "step_size": Param("int", REQUIRED, at_least_one),  # steps between decays
        "gamma": Param("float", 0.1, positive),  # the decay factor
    },
    "multistep": {
        "milestones": Param("ints", REQUIRED, step_indices),  # the steps at which η decays, e.g. 5/15
        "gamma": Param("float", 0.1, positive),  # the decay factor
    },
    "exponential": {"gamma": Param("float", REQUIRED, positive)},  # the factor per step
    "cosine": {
        "t_max": Param("int", REQUIRED, at_least_one),  # steps from η down to eta_min
        "eta_min": Param("float", 0.0, non_negative),  # the lowest η
    },
    "cosine_restarts": {
        "t_0": Param("int", REQUIRED, at_least_one),  # steps of the first period
        "t_mult": Param("int", 1, at_least_one),  # growth of the period after each restart
        "eta_min": Param("float", 0.0, non_negative),  # the lowest η
    },
    "linear": {
        "start_factor": Param("float", 1.0 / 3, in_half_open_unit),  # the factor at step 0
        "end_factor": Param("float", 1.0, in_closed_unit),  # the factor from total_iters on
        "total_iters": Param("int", 5, at_least_one),  # steps of the ramp
    },
    "polynomial": {
        "total_iters": Param("int", 5, at_least_one),  # steps until η reaches 0
        "power": Param("float", 1.0, non_negative),  # the exponent of the decay
    },
    "onecycle": {
        "max_lr": Param("float", None, positive),  # the peak η (default: each run's η)
        "total_steps": Param("int", None, at_least_one),  # the cycle's length (default: steps + 1)
        "pct_start": Param("float", 0.3, in_closed_unit),  # the fraction of the cycle spent warming up
        "div_factor": Param("float", 25.0, positive),  # initial η = max_lr / div_factor
        "final_div_factor": Param("float", 1e4, positive),  # final η = initial η / final_div_factor
    },
}

_ALIASES = {"none": "constant"}


def _base(base_lrs: ArrayLike) -> Array:
    return np.asarray(base_lrs, dtype=np.float64).reshape(-1)


def _check_steps(steps: int) -> int:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be an integer ≥ 0, got {steps!r}")
    return int(steps)


def _chain(base: Array, factors: Array) -> Array:
    """η_0 = η·f_0 and η_k = η_{k−1}·f_k, rounded step by step like torch's chainable form.

    base (runs,), factors (n,) -> (runs, n). One cumprod over the factors that are not 1.
    """
    change = factors != 1.0
    if np.count_nonzero(change) * 4 >= factors.size:  # dense: accumulate in the output itself
        out = np.empty((base.size, factors.size))
        out[:, 0] = base * factors[0]
        out[:, 1:] = factors[1:]
        np.multiply.accumulate(out, axis=1, out=out)
        return out
    nz = np.flatnonzero(change)  # sparse (step decays): multiply only where it changes
    vals = np.empty((base.size, nz.size + 1))
    vals[:, 0] = base
    vals[:, 1:] = factors[nz]
    np.multiply.accumulate(vals, axis=1, out=vals)
    return np.take(vals, np.cumsum(change), axis=1)


@dataclass(frozen=True, eq=False)
class Schedule(Spec, ABC):
    """η_k for every run and step, from each run's base η.

    ``text`` is the canonical spec (``"step:step_size=10,gamma=0.5"``; ``none`` and
    ``CONSTANT`` are ``"constant"``). ``is_constant``: η_k = η at every step.
    """

    TABLE = PARAMETERS

    @property
    def is_constant(self) -> bool:
        return False

    def table(self, base_lrs: ArrayLike, steps: int) -> Array:
        """(runs, steps+1) float64: η_k of every run for k = 0..steps."""
        base = _base(base_lrs)
        steps = _check_steps(steps)
        with np.errstate(all="ignore"):
            return self._table(base, steps)

    @abstractmethod
    def _table(self, base: Array, steps: int) -> Array: ...


@dataclass(frozen=True, eq=False)
class Constant(Schedule):
    name: str = "constant"

    @property
    def is_constant(self) -> bool:
        return True

    def _table(self, base: Array, steps: int) -> Array:
        return np.repeat(base[:, None], steps + 1, axis=1)


class StepLR(Schedule):
    def _table(self, base: Array, steps: int) -> Array:
        f = np.ones(steps + 1)
        f[self.params["step_size"] :: self.params["step_size"]] = self.params["gamma"]
        return _chain(base, f)


class MultiStepLR(Schedule):
    def _table(self, base: Array, steps: int) -> Array:
        f = np.ones(steps + 1)
        gamma = self.params["gamma"]
        for m, times in Counter(self.params["milestones"]).items():  # torch: γ ** (times m is listed)
            if m <= steps:
                f[m] = gamma**times
        return _chain(base, f)


class ExponentialLR(Schedule):
    def _table(self, base: Array, steps: int) -> Array:
        f = np.full(steps + 1, self.params["gamma"])
        f[0] = 1.0
        return _chain(base, f)


class LinearLR(Schedule):
    def _table(self, base: Array, steps: int) -> Array:
        sf, ef, total = self.params["start_factor"], self.params["end_factor"], self.params["total_iters"]
        f = np.ones(steps + 1)
        f[0] = sf
        n = min(total, steps)
        e = np.arange(1, n + 1, dtype=np.float64)
        f[1 : n + 1] = 1.0 + (ef - sf) / (total * sf + (e - 1) * (ef - sf))
        return _chain(base, f)


class PolynomialLR(Schedule):
    def _table(self, base: Array, steps: int) -> Array:
        total, power = self.params["total_iters"], self.params["power"]
        f = np.ones(steps + 1)
        n = min(total, steps)
        e = np.arange(1, n + 1, dtype=np.float64)
        q = (1.0 - e / total) / (1.0 - (e - 1) / total)
        # an exponent array: np.power with a scalar 0.5, 2 or -1 takes sqrt/square/reciprocal
        # shortcuts that round differently from Python's float ** (libm pow), which torch uses
        f[1 : n + 1] = np.power(q, np.full(n, float(power)))
        return _chain(base, f)


def _cos_ratio(T: int, e: Array) -> Array:
    """torch's (1 + cos(π·e/T)) / (1 + cos(π·(e−1)/T)), e float array."""
    out: Array = (1 + np.cos(np.pi * e / T)) / (1 + np.cos(np.pi * (e - 1) / T))
    return out


class CosineAnnealingLR(Schedule):
    def _table(self, base: Array, steps: int) -> Array:
        T, m = self.params["t_max"], self.params["eta_min"]
        out = np.empty((base.size, steps + 1))
        n0 = min(T, steps)  # the first half-period: e = 0..n0
        e = np.arange(n0 + 1, dtype=np.float64)
        if m == 0.0:
            f = _cos_ratio(T, e)
            f[0] = 1.0
            out[:, : n0 + 1] = _chain(base, f)
        else:
            half = (1 + np.cos(np.pi * e / T)) / 2
            out[:, : n0 + 1] = m + (base - m)[:, None] * half
            out[:, 0] = base  # torch's η_0 is the lr as given, not m + (η − m)
        rest = steps - T
        if rest <= 0:
            return out
        # Past t_max torch goes on with its recursion; at e = (2i+1)·T the ratio is exactly 0,
        # so η = eta_min exactly and every later period of 2T steps starts afresh from
        # η_s = eta_min + (η − eta_min)·(1 − cos(π/T))/2 at s = (2i+1)·T + 1.
        nseg = -(-rest // (2 * T))
        L = min(2 * T, rest)
        E = T + 1 + (np.arange(nseg) * (2 * T))[:, None] + np.arange(L)[None, :]  # (nseg, L)
        E = E.astype(np.float64)
        if not np.all(1 + np.cos(np.pi * (E[:, 0] - 1) / T) == 0.0) or np.any(out[:, T] != m):
            out[:, T + 1 :] = _cosine_recursion(base, T, m, steps)[:, T + 1 :]  # pragma: no cover
            return out
        R = _cos_ratio(T, E)
        c1 = math.cos(math.pi / T)
        if m == 0.0:
            A = np.empty((base.size, nseg, L + 1))
            A[:, :, 0] = base[:, None]
            A[:, :, 1] = (1 - c1) / 2  # (η·(1 − c))/2 == η·((1 − c)/2): halving is exact
            A[:, :, 2:] = R[None, :, 1:]
            np.multiply.accumulate(A, axis=2, out=A)
            seg = A[:, :, 1:]
        else:
            first = m + (base - m) * (1 - c1) / 2
            seg = np.empty((base.size, nseg, L))
            if base.size * nseg <= 16:  # few sequences: Python floats beat NumPy's call overhead
                rows = R[:, 1:].tolist()
                for i, start in enumerate(first.tolist()):
                    for j, row in enumerate(rows):
                        seg[i, j] = list(accumulate(row, lambda x, r: r * (x - m) + m, initial=start))
            else:
                RT = np.ascontiguousarray(R.T)  # (L, nseg)
                buf = np.empty((L, base.size, nseg))  # step-major: every write is contiguous
                cur = buf[0]
                cur[...] = first[:, None]
                for j in range(1, L):
                    nxt = buf[j]
                    np.subtract(cur, m, out=nxt)
                    nxt *= RT[j]
                    nxt += m
                    cur = nxt
                seg[...] = buf.transpose(1, 2, 0)
        out[:, T + 1 :] = seg.reshape(base.size, nseg * L)[:, :rest]
        return out


def _cosine_recursion(base: np.ndarray, T: int, m: float, steps: int) -> np.ndarray:
    """torch's CosineAnnealingLR recursion step by step (vectorized over runs only)."""
    out = np.empty((base.size, steps + 1))
    out[:, 0] = base
    lr = base.copy()
    c1 = math.cos(math.pi / T)
    for e in range(1, steps + 1):
        if (e - 1 - T) % (2 * T) == 0:
            lr = lr + (base - m) * (1 - c1) / 2
        else:
            r = (1 + math.cos(math.pi * e / T)) / (1 + math.cos(math.pi * (e - 1) / T))
            lr = r * (lr - m) + m
        out[:, e] = lr
    return out


class CosineAnnealingWarmRestarts(Schedule):
    def _table(self, base: Array, steps: int) -> Array:
        T0, mult, m = self.params["t_0"], self.params["t_mult"], self.params["eta_min"]
        e = np.arange(steps + 1)
        if mult == 1:
            t_cur, t_i = e % T0, np.full(steps + 1, T0)
        else:
            starts, length = [0], T0
            while starts[-1] <= steps:
                starts.append(starts[-1] + length)
                length *= mult
            starts_a = np.array(starts[:-1], dtype=np.int64)
            j = np.searchsorted(starts_a, e, side="right") - 1
            t_cur = e - starts_a[j]
            t_i = T0 * np.power(mult, j).astype(np.int64)
        half = (1 + np.cos(np.pi * t_cur.astype(np.float64) / t_i.astype(np.float64))) / 2
        out: Array = m + (base - m)[:, None] * half[None, :]
        return out


class OneCycleLR(Schedule):
    def _table(self, base: Array, steps: int) -> Array:
        p = self.params
        total = p["total_steps"] if p["total_steps"] is not None else steps + 1
        if p["max_lr"] is None:
            max_lr = base
        else:
            max_lr = np.full(base.size, float(p["max_lr"]))
        initial = max_lr / p["div_factor"]
        min_lr = initial / p["final_div_factor"]
        e1 = float(p["pct_start"] * total) - 1
        e2 = total - 1
        n = min(steps, total)
        e = np.arange(n + 1, dtype=np.float64)
        first = e <= e1
        pct = np.empty(n + 1)
        # phase 1 runs from 0.0 to e1; e1 == 0 (a one-point phase) would be 0/0 in torch
        pct[first] = e[first] / e1 if e1 != 0.0 else 0.0
        if e2 == e1:
            pct[~first] = 1.0
        else:
            pct[~first] = (e[~first] - e1) / (e2 - e1)
        cos_out = np.cos(np.pi * pct) + 1
        start = np.where(first[None, :], initial[:, None], max_lr[:, None])
        end = np.where(first[None, :], max_lr[:, None], min_lr[:, None])
        out = np.empty((base.size, steps + 1))
        out[:, : n + 1] = end + (start - end) / 2.0 * cos_out
        if steps > n:
            out[:, n + 1 :] = out[:, n : n + 1]
        return out


_CLASSES: dict[str, type[Schedule]] = {
    "constant": Constant,
    "step": StepLR,
    "multistep": MultiStepLR,
    "exponential": ExponentialLR,
    "cosine": CosineAnnealingLR,
    "cosine_restarts": CosineAnnealingWarmRestarts,
    "linear": LinearLR,
    "polynomial": PolynomialLR,
    "onecycle": OneCycleLR,
}

CONSTANT = Constant()


def parse_schedule(text: str) -> Schedule:
    """Parse ``NAME[:key=value,...]``; raise InputError (field "schedule") on anything else.

    Lists are written with ``/`` (``milestones=5/15``). ``sched.params`` holds every
    parameter, defaults included (``None`` for onecycle's max_lr/total_steps: per run/steps).
    ``none`` means ``constant``; the constant schedule is always the one object ``CONSTANT``.
    """
    name, params, _ = parse_spec(text, PARAMETERS, "schedule", aliases=_ALIASES)
    if name == "constant":
        return CONSTANT
    return _CLASSES[name](name=name, params=params)
