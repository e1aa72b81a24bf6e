"""When a run stops: converged, diverged or left the domain, found a block of records at a time.

Both engine loops (:mod:`lrtui.engine.descent` over arrays of runs, :mod:`lrtui.engine.scalar` one run
at a time on floats) hand their records here, so a run stops at the same record whichever
computed it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ..problem import Array
from .recorder import Recorder
from .result import Status

DIVERGENCE_FACTOR = 1e6
OVERFLOW = 1e150  # an x_k or f(x_k) this large is near the float limit: a NaN or ∞ there is an overflow
DIVERGENCE_RULE = (
    "a run diverges at step k when x_k is not finite, when some coordinate of x_k is more than "
    "1e6·(1 + |x0|) away from x0, when f(x_k) is infinite or above f(x0) + 1e6·(1 + |f(x0)|), "
    "or when f(x_k) or ∇f(x_k) overflows (is not finite where x_k or f(x_k) is 1e150 or more in size)"
)


class StopRules:
    """Converged, diverged and left_domain (see DIVERGENCE_RULE), applied a block at a time."""

    def __init__(self, x0: Array, tol: float, runs: int):
        self.x0, self.tol = x0, tol
        with np.errstate(all="ignore"):  # x0 near the float limit: its bound is inf
            self.bound = DIVERGENCE_FACTOR * (1.0 + np.abs(x0))
        self.loss_bound: Array | None = None  # from f(x0), once record 0 is written
        self.stopped_at = np.full(runs, -1, dtype=np.int64)
        self.status = np.full(runs, "", dtype=object)

    @property
    def all_stopped(self) -> bool:
        return bool((self.stopped_at >= 0).all())

    def apply(self, rec: Recorder, a: int, b: int) -> None:
        """Find, for each run still going, the first record in [a, b) that stops it; tell ``rec``."""
        hit = self.find(*rec.block(a, b), a)
        if hit.size:
            rec.stopped(hit, self.stopped_at[hit])

    def find(self, X: Array, L: Array, G: Array, a: int) -> NDArray[np.intp]:
        """Records [a, a + n) of every run, step-major — X (n, runs, d), L (n, runs), G (n, runs, d):
        mark the runs they stop (``stopped_at``, ``status``) and return them."""
        if self.loss_bound is None:
            f0 = L[0]  # (runs,): f(x0), the same for every run
            with np.errstate(all="ignore"):
                self.loss_bound = f0 + DIVERGENCE_FACTOR * (1.0 + np.abs(f0))
        active = self.stopped_at < 0
        if not active.any():
            return np.empty(0, dtype=np.intp)
        runs = np.flatnonzero(active & self._may_stop(X, L, G))
        if runs.size == 0:
            return runs
        if runs.size < active.size:  # the few runs a record of the block may stop, classified alone
            X, L, G = X[:, runs], L[:, runs], G[:, runs]
        return self._classify(X, L, G, a, runs)

    def _may_stop(self, X: Array, L: Array, G: Array) -> NDArray[np.bool_]:
        """(runs,): False where no record of the block stops the run, True where one may.

        A few reductions over the block instead of the rules record by record: NaN spreads
        through ``max``, ``min`` and ``sum``, ±inf reaches the max or the min (or makes the sum
        inf or NaN), and x − x0 rounds monotonically in x, so the farthest records from x0 are
        the highest and the lowest. A run marked here may still go on (a sum that overflows);
        :meth:`_classify` decides, record by record."""
        with np.errstate(all="ignore"):
            if not (self.stopped_at >= 0).any() and self._none_may_stop(X, L, G):
                return np.zeros(X.shape[1], dtype=bool)
            top, low = X.max(0), X.min(0)  # (runs, d)
            far = ~np.isfinite(top) | ~np.isfinite(low) | (top - self.x0 > self.bound) | (low - self.x0 < -self.bound)
            may = far.any(-1)
            high = L.max(0)  # NaN (undefined), inf or above the bound
            may |= ~np.isfinite(high) | (high > self.loss_bound) | np.isneginf(L.min(0))
            may |= ~np.isfinite(G.sum(0)).all(-1)
            if self.tol > 0:
                gnorm = np.sqrt(np.einsum("nrd,nrd->nr", G, G)) if G.shape[-1] > 1 else np.abs(G[..., 0])
                may |= gnorm.min(0) < self.tol
        out: NDArray[np.bool_] = may
        return out

    def _none_may_stop(self, X: Array, L: Array, G: Array) -> bool:
        """True when no record of the block stops any run, from the block's extremes over every run
        at once (while no run has stopped: a stopped run's records after its stop are not looked at
        and may be anything). The runs share x0, so they share the bounds of x and f."""
        top, low = X.max(axis=(0, 1)), X.min(axis=(0, 1))  # (d,)
        assert self.loss_bound is not None
        fine = bool(np.isfinite(top).all() and np.isfinite(low).all() and (top - self.x0 <= self.bound).all()
                    and (low - self.x0 >= -self.bound).all())
        high, lowest = L.max(), L.min()
        fine = fine and bool(np.isfinite(high) and high <= self.loss_bound.min() and lowest > -np.inf)
        fine = fine and bool(np.isfinite(G.sum()))
        if fine and self.tol > 0:
            gnorm = np.sqrt(np.einsum("nrd,nrd->nr", G, G)) if G.shape[-1] > 1 else np.abs(G[..., 0])
            fine = bool(gnorm.min() >= self.tol)
        return fine

    def _classify(self, X: Array, L: Array, G: Array, a: int, runs: NDArray[np.intp]) -> NDArray[np.intp]:
        """The rules record by record on the block of the runs ``runs`` (X (n, len(runs), d), …)."""
        x0, bound, loss_bound = self.x0, self.bound, self.loss_bound
        assert loss_bound is not None
        if runs.size < self.stopped_at.size:
            loss_bound = loss_bound[runs]
        with np.errstate(all="ignore"):
            diverged = (
                (~np.isfinite(X)).any(-1) | (np.abs(X - x0) > bound).any(-1) | np.isinf(L) | (L > loss_bound)
            )
            left = np.isnan(L) | (~np.isfinite(G)).any(-1)
            huge = (np.abs(X) >= OVERFLOW).any(-1) | (np.abs(L) >= OVERFLOW)  # near the float limit
            diverged |= left & huge  # x² − y² at (−1e308, 1e308) is ∞ − ∞: an overflow, not a domain
            left &= ~diverged
            if self.tol > 0:
                gnorm = np.sqrt(np.einsum("nrd,nrd->nr", G, G)) if G.shape[-1] > 1 else np.abs(G[..., 0])
                converged = (gnorm < self.tol) & ~diverged & ~left
            else:
                converged = np.zeros_like(diverged)
        stop = diverged | left | converged
        found = np.flatnonzero(stop.any(0))
        first = stop.argmax(0)
        for j in found:
            i, r = first[j], runs[j]
            self.stopped_at[r] = a + i
            self.status[r] = (
                Status.DIVERGED if diverged[i, j] else Status.LEFT_DOMAIN if left[i, j] else Status.CONVERGED
            )
        out: NDArray[np.intp] = runs[found]
        return out

    def finish(self, rec: Recorder, steps: int) -> tuple[NDArray[np.int64], list[Status]]:
        """Runs still going stop at the last record, ``steps``."""
        going = np.flatnonzero(self.stopped_at < 0)
        self.stopped_at[going] = steps
        if going.size:
            rec.stopped(going, self.stopped_at[going])
        return self.stopped_at, [Status(s) if s else Status.MAX_STEPS for s in self.status]
