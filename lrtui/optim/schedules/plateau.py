"""Reduce η when the loss stops improving — torch's ReduceLROnPlateau.

After step k the scheduler is told the loss of that step, f(x_k) (``scheduler.step(loss)`` after
``optimizer.step()``, as a training loop does with its batch loss), and decides η_{k+1}:

    better   a < best·(1 − threshold)   (min, rel)      a < best − threshold   (min, abs)
             a > best·(1 + threshold)   (max, rel)      a > best + threshold   (max, abs)
    then     best = a and bad = 0 if better, else bad += 1; in cooldown: cooldown −= 1, bad = 0
    reduce   when bad > patience: η ← max(η·factor, min_lr) if that lowers η by more than eps;
             then cooldown = its parameter and bad = 0

| parameter      | default | meaning                                                     |
| -------------- | ------- | ----------------------------------------------------------- |
| mode           | min     | min: the loss should fall; max: it should rise              |
| factor         | 0.1     | the reduction factor, < 1                                   |
| patience       | 10      | bad steps in a row allowed; the next one reduces η, ≥ 0     |
| threshold      | 1e-4    | how much better counts as better, ≥ 0                       |
| threshold_mode | rel     | rel: relative to the best; abs: an absolute amount          |
| cooldown       | 0       | steps after a reduction whose bad losses are not counted    |
| min_lr         | 0       | η never goes below it, ≥ 0                                  |
| eps            | 1e-8    | a reduction smaller than eps is skipped                     |

best starts at +∞ (min) or −∞ (max), so the first loss is always better. η_k cannot be worked out
ahead: the engine asks for it during the descent (:meth:`ReduceLROnPlateau.react`, on arrays of
runs, and :meth:`ReduceLROnPlateau.reaction_on_floats`, one run on Python floats, the same
bits), and the η_k chart shows each reduction. After a run stops its η holds. As in torch: a
loss that is not a number is never better; in rel mode a negative best makes
best·(1 − threshold) less strict than best; factor may be 0 or negative (η then drops to min_lr).
torch refuses it inside SequentialLR and ChainedScheduler, and so does lrtui.
"""


from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ...problem import Array
from ..spec import Param, non_negative, one_of
from .base import Schedule

__all__ = ["PlateauState", "ReduceLROnPlateau"]


def _below_1(v: float) -> str | None:
    return None if v < 1.0 else "must be < 1"


@dataclass
class PlateauState:
    """Every run's best loss, bad steps in a row and cooldown left (runs,)."""

    best: Array
    bad: Array
    cooldown: Array


class ReduceLROnPlateau(Schedule):
    TABLE = {
        "plateau": {
            "mode": Param("word", "min", one_of("min", "max")),
            "factor": Param("float", 0.1, _below_1),
            "patience": Param("int", 10, non_negative),
            "threshold": Param("float", 1e-4, non_negative, "1e-4"),
            "threshold_mode": Param("word", "rel", one_of("rel", "abs")),
            "cooldown": Param("int", 0, non_negative),
            "min_lr": Param("float", 0.0, non_negative),
            "eps": Param("float", 1e-8, non_negative),
        },
    }
    ABOUT = {"plateau": "η·factor once the loss has not improved for patience steps (ReduceLROnPlateau, fed f(x_k))"}
    follows_loss = True
    composable = False

    def _table(self, base: Array, steps: int) -> Array:
        raise ValueError("plateau's η follows the loss: only the engine works it out, during the descent")

    def start(self, runs: int) -> PlateauState:
        worse = np.inf if self.params["mode"] == "min" else -np.inf
        return PlateauState(np.full(runs, worse), np.zeros(runs, dtype=np.int64), np.zeros(runs, dtype=np.int64))

    def _better(self, a: Array, best: Array) -> NDArray[np.bool_]:
        p = self.params
        threshold = p["threshold"]
        if p["mode"] == "min":
            limit = best * (1.0 - threshold) if p["threshold_mode"] == "rel" else best - threshold
            better: NDArray[np.bool_] = np.less(a, limit)
        else:
            limit = best * (threshold + 1.0) if p["threshold_mode"] == "rel" else best + threshold
            better = np.greater(a, limit)
        return better

    def react(self, state: PlateauState, loss: Array, lr: Array) -> Array:
        """η_{k+1} of every run from f(x_k) and η_k (runs,); updates ``state``."""
        p = self.params
        better = self._better(loss, state.best)
        state.best = np.where(better, loss, state.best)
        bad = np.where(better, 0, state.bad + 1)
        cooling = state.cooldown > 0
        cooldown = np.where(cooling, state.cooldown - 1, state.cooldown)
        bad = np.where(cooling, 0, bad)
        reduce = bad > p["patience"]
        new = np.maximum(lr * p["factor"], p["min_lr"])
        out: Array = np.where(reduce & (lr - new > p["eps"]), new, lr)
        state.cooldown = np.where(reduce, p["cooldown"], cooldown)
        state.bad = np.where(reduce, 0, bad)
        return out

    def reaction(self, runs: int) -> Callable[[Array, Array], Array]:
        state = self.start(runs)
        return lambda loss, lr: self.react(state, loss, lr)

    def reaction_on_floats(self) -> Callable[[float, float], float]:
        """One run's η_{k+1} from f(x_k) and η_k, on Python floats: the bits of :meth:`react`."""
        p = self.params
        mode_min, rel = p["mode"] == "min", p["threshold_mode"] == "rel"
        threshold, factor, patience = p["threshold"], p["factor"], p["patience"]
        cooldown_after, min_lr, eps = p["cooldown"], p["min_lr"], p["eps"]
        low, high = 1.0 - threshold, threshold + 1.0
        kept = {"best": np.inf if mode_min else -np.inf, "bad": 0, "cooldown": 0}

        def react(loss: float, lr: float) -> float:
            best = kept["best"]
            if mode_min:
                better = loss < best * low if rel else loss < best - threshold
            else:
                better = loss > best * high if rel else loss > best + threshold
            if better:
                kept["best"], bad = loss, 0
            else:
                bad = int(kept["bad"]) + 1
            if kept["cooldown"] > 0:
                kept["cooldown"] -= 1
                bad = 0
            if bad > patience:
                new = lr * factor
                new = new if new >= min_lr else min_lr  # max(η·factor, min_lr)
                if lr - new > eps:
                    lr = new
                kept["cooldown"], bad = cooldown_after, 0
            kept["bad"] = bad
            return lr

        return react
