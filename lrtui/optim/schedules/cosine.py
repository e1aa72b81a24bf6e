"""Cosine annealing, once or with warm restarts — torch's CosineAnnealingLR and
CosineAnnealingWarmRestarts.

    cosine:           η_k = η_min + (η − η_min)·(1 + cos(π·k/T_max))/2
    cosine_restarts:  η_k = η_min + (η − η_min)·(1 + cos(π·T_cur/T_i))/2

where T_cur counts the steps since the last restart and T_i, the current period, starts at
t_0 and grows by the factor t_mult at each restart.

| schedule        | parameter | default  | meaning                                      |
| --------------- | --------- | -------- | -------------------------------------------- |
| cosine          | t_max     | required | T_max, steps from η down to eta_min, ≥ 1     |
| cosine          | eta_min   | 0        | η_min, the lowest η, ≥ 0                     |
| cosine_restarts | t_0       | required | steps of the first period, ≥ 1               |
| cosine_restarts | t_mult    | 1        | growth of the period after each restart, ≥ 1 |
| cosine_restarts | eta_min   | 0        | η_min, the lowest η, ≥ 0                     |

cosine follows torch's recursion, not the closed form: past t_max it rises again, as torch.
With eta_min = 0 it multiplies torch's ratios (1 + cos(πk/T))/(1 + cos(π(k−1)/T)) step by step
(:func:`.base.chain`). With eta_min > 0 it is affine in η_{k−1}; up to t_max it uses the
closed form (within ~1e-15·√k relative of torch's recursion, which does not amplify rounding
while η falls), and past t_max, where torch's recursion amplifies the rounding of η − eta_min
near the bottom, it replays torch's recursion exactly: a loop over the ≤ 2·t_max steps of one
period, vectorized over runs and periods. cosine_restarts is a closed form in torch too and is
reproduced operation by operation.

As a part of a composition, cosine acts on the lr it is given as torch's recursion does (a
ratio, or r·(lr − η_min) + η_min, and lr + (η − η_min)·(1 − cos(π/T))/2 at each period's top,
:mod:`.ops`); after SequentialLR's hand-over it starts from its closed form at 0,
η_min + (η − η_min), then follows its table (bit for bit with η_min = 0; within ~1e-15 of torch's
recursion from there with η_min > 0).
"""


from __future__ import annotations

import math
from itertools import accumulate

import numpy as np

from ...problem import Array
from ..spec import REQUIRED, Param, at_least_one, non_negative
from .base import Schedule
from .ops import ADD, AFFINE, MULTIPLY, Group, Ops, chain

__all__ = ["CosineAnnealingLR", "CosineAnnealingWarmRestarts"]


def _cos_ratio(T: int, e: Array) -> Array:
    """torch's (1 + cos(π·e/T)) / (1 + cos(π·(e−1)/T)), e float array."""
    out: Array = (1 + np.cos(np.pi * e / T)) / (1 + np.cos(np.pi * (e - 1) / T))
    return out


class CosineAnnealingLR(Schedule):
    TABLE = {
        "cosine": {
            "t_max": Param("int", REQUIRED, at_least_one),  # steps from η down to eta_min
            "eta_min": Param("float", 0.0, non_negative),  # the lowest η
        },
    }
    ABOUT = {"cosine": "from η down to eta_min over t_max steps along a cosine, then up again (CosineAnnealingLR)"}

    def handover(self, base: Array, lr: Array, group: Group) -> Array:
        m = self.params["eta_min"]
        result: Array = m + (base - m) * (1 + math.cos(math.pi * 0 / self.params["t_max"])) / 2
        return result

    def first(self, base: Array, lr: Array, n: int, group: Group) -> Array:
        if np.array_equal(lr, base):
            return self.table(base, n)
        return self.values(base, lr, n, group)  # the recursion from another lr than its base

    def ops(self, base: Array, n: int, group: Group) -> Ops:
        """Epoch 0 keeps the lr; then torch's recursion (a ratio, affine with η_min > 0) and, at
        the top of each period (e − 1 − T ≡ 0 mod 2T), an increment."""
        T, m = self.params["t_max"], self.params["eta_min"]
        e = np.arange(n + 1, dtype=np.float64)
        value = np.empty((base.size, n + 1))
        value[:, :] = _cos_ratio(T, e)[None, :]
        value[:, 0] = 1.0
        kind = np.full(n + 1, MULTIPLY if m == 0.0 else AFFINE, dtype=np.int8)
        kind[0] = MULTIPLY
        top = (np.arange(n + 1) - 1 - T) % (2 * T) == 0
        top[0] = False
        kind[top] = ADD
        value[:, top] = ((base - m) * (1 - math.cos(math.pi / T)) / 2)[:, None]
        return Ops(kind, value, m)

    def _table(self, base: Array, steps: int) -> Array:
        T, m = self.params["t_max"], self.params["eta_min"]
        out = np.empty((base.size, steps + 1))
        n0 = min(T, steps)  # the first half-period: e = 0..n0
        e = np.arange(n0 + 1, dtype=np.float64)
        if m == 0.0:
            f = _cos_ratio(T, e)
            f[0] = 1.0
            out[:, : n0 + 1] = chain(base, f)
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
    TABLE = {
        "cosine_restarts": {
            "t_0": Param("int", REQUIRED, at_least_one),  # steps of the first period
            "t_mult": Param("int", 1, at_least_one),  # growth of the period after each restart
            "eta_min": Param("float", 0.0, non_negative),  # the lowest η
        },
    }
    ABOUT = {"cosine_restarts": "a cosine from η that restarts every period, each t_mult times longer "
                                "(CosineAnnealingWarmRestarts)"}

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
