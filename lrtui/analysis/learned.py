"""What the methods that learn η did, read from a run's records, and the sentences a verdict adds.

- Schedule-free methods report an average, x̄ (``x_avg``), not the point where they take the
  gradient: :func:`kept_point` and :func:`kept_path` read it; the verdict speaks of it.
- Prodigy and D-Adaptation scale η by a distance d they learn: :func:`d_used` is the d of every
  step (d0 at step 0, then the d recorded after the step before), :func:`d_eta` the η·d the η_k
  chart draws, and the verdict says how d grew.
- Every optimizer that is not plain descent: how its effective η (:mod:`.effective`) compares with
  2/f'' where the minimum is locally quadratic.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..engine.result import Result, Status
from ..optim.sgd import SGD
from ..problem import Array
from .effective import Settled, fmt, settled

__all__ = ["d_eta", "d_used", "kept_path", "kept_point", "remarks"]

NEAR = 0.25  # η_eff within this fraction of 1/f'' is "near" it


def _point(x: Sequence[float] | Array) -> str:
    values = [float(v) for v in x]
    return fmt(values[0]) if len(values) == 1 else "(" + ", ".join(fmt(v) for v in values) + ")"


def kept_path(result: Result, r: int) -> Array | None:
    """The point run r's method reports at every record, (stopped_at + 1, d), when that is not x_k
    (schedule-free's x̄: x₀ at record 0, then the average after each step); else None."""
    name = result.optimizers[r].KEPT_POINT
    if name is None or name not in result.state:
        return None
    s = int(result.stopped_at[r])
    return np.concatenate([result.x0[None, :], result.state[name][r, :s]], axis=0)


def kept_point(result: Result, r: int) -> Array | None:
    """The point run r's method reports after its last step (x̄), or None when that is x itself."""
    path = kept_path(result, r)
    return None if path is None else path[-1]


def d_used(result: Result, r: int) -> Array | None:
    """d_k, the d of step k, for the records 0..stopped_at of run r (Prodigy, D-Adaptation): d0,
    then the d recorded after step k − 1; None for a method without d."""
    opt = result.optimizers[r]
    name = opt.ETA_SCALE
    if name is None or name not in result.state:
        return None
    s = int(result.stopped_at[r])
    return np.concatenate([[float(opt.params["d0"])], result.state[name][r, :s, 0]])


def d_eta(result: Result, r: int) -> Array | None:
    """d_k·η_k of run r over its records, the step size the method sets (None without d)."""
    d = d_used(result, r)
    if d is None:
        return None
    out: Array = d * result.lr[r, : d.size]
    return out


def remarks(result: Result, r: int, minimum: Sequence[float], hessian: Array) -> list[str]:
    """The sentences a verdict adds for run r of a method that is not plain descent, near the
    locally quadratic minimum ``minimum`` with Hessian ``hessian`` (d × d)."""
    out = [words for words in (_average(result, r, minimum), _distance(result, r),
                               _effective(result, r, hessian)) if words]
    return out


def _average(result: Result, r: int, minimum: Sequence[float]) -> str | None:
    """Schedule-free: where the average ended, the point a user keeps."""
    avg = kept_point(result, r)
    if avg is None:
        return None
    s = int(result.stopped_at[r])
    with np.errstate(all="ignore"):
        f_avg = float(result.problem.loss(avg[None, :])[0])
    gap = float(np.linalg.norm(avg - np.asarray(minimum, dtype=np.float64)))
    return (f"its average x_avg, the point it reports, ended at {_point(avg)} (f = {fmt(f_avg)}), "
            f"{fmt(gap)} from x* = {_point(minimum)}; the gradient point x is at {_point(result.x[r, s])}")


def _distance(result: Result, r: int) -> str | None:
    """Prodigy, D-Adaptation: how d grew."""
    d = d_used(result, r)
    if d is None or d.size < 2:
        return None
    changed = np.flatnonzero(np.diff(d) != 0)
    if changed.size == 0:
        return f"d stayed at d0 = {fmt(float(d[0]))}"
    at = int(changed[-1]) + 1
    return f"d grew from {fmt(float(d[0]))} to {fmt(float(d[at]))} in {at:,} step{'s' if at > 1 else ''}"


def _effective(result: Result, r: int, hessian: Array) -> str | None:
    """η_eff over the last steps against 2/f'' (per coordinate when the Hessian is diagonal)."""
    found = settled(result, r)
    if found is None:
        return None
    d = result.dims
    diag = np.diag(hessian)
    off = hessian - np.diag(diag)
    if d == 1 or np.all(np.abs(off) <= 1e-9 * np.max(np.abs(diag))):
        if np.any(diag <= 0):
            return None
        parts = []
        for i, (s, curv) in enumerate(zip(found, diag, strict=True)):
            fpp = "f''" if d == 1 else f"f_{result.parameters[i]}{result.parameters[i]}"
            lead = "its effective η" if d == 1 else f"along {result.parameters[i]} its effective η"
            parts.append(f"{lead} {_value(s)}{_momentum(result, r, s)}, {_against(result, r, s, float(curv), fpp)}")
        return "; ".join(parts)
    lam_max = float(np.max(np.linalg.eigvalsh(hessian)))
    if lam_max <= 0:
        return None
    middles = [s.middle for s in found]
    low, high = min(s.low for s in found), max(s.high for s in found)
    steady = all(s.steady for s in found)
    value = f"settled near {_point(middles)}" if steady else f"ranged from {fmt(low)} to {fmt(high)}"
    return f"its effective η {value} per coordinate, {_relation(result, r, low, high, 2.0 / lam_max, 'λ_max')}"


def _value(s: Settled) -> str:
    if s.steady:
        return f"settled near {fmt(s.middle)}"
    return f"ranged from {fmt(s.low)} to {fmt(s.high)} over its last {s.steps} steps"


def _momentum(result: Result, r: int, s: Settled) -> str:
    """Momentum on a steady slope steps η/(1 − μ): say so when η_eff settled there."""
    opt = result.optimizers[r]
    if not isinstance(opt, SGD) or not opt.params["momentum"] or not s.steady:
        return ""
    k = int(result.stopped_at[r]) - 1
    plateau = float(result.lr[r, k]) / (1.0 - float(opt.params["momentum"]))
    if abs(s.middle - plateau) > 0.1 * plateau:
        return ""
    return f" ≈ η/(1 − μ) = {fmt(plateau)}, momentum's step on a steady slope"


def _against(result: Result, r: int, s: Settled, curv: float, fpp: str) -> str:
    """The settled η_eff against 1/f'' and 2/f''."""
    critical, best = 2.0 / curv, 1.0 / curv
    if s.steady and abs(s.middle - best) <= NEAR * best:
        head = f"near 1/{fpp} = {fmt(best)}, the fastest fixed η"
        return f"{head}{_outcome(result, r, True)}"
    return _relation(result, r, s.low, s.high, critical, fpp)


def _relation(result: Result, r: int, low: float, high: float, critical: float, fpp: str) -> str:
    if high < critical:
        return f"below 2/{fpp} = {fmt(critical)}{_outcome(result, r, True)}"
    if low > critical:
        return f"above 2/{fpp} = {fmt(critical)}{_outcome(result, r, False)}"
    return f"around 2/{fpp} = {fmt(critical)}"


def _outcome(result: Result, r: int, below: bool) -> str:
    """What the comparison means for this run, said only where the run agrees."""
    settles = result.status[r] == Status.CONVERGED or (result.status[r] == Status.MAX_STEPS and result.cycle(r) == 1)
    if below:
        return ": it converges" if settles else ""
    if result.status[r] == Status.CONVERGED:
        return ""
    return ": steps that long cannot settle at x*"
