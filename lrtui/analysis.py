"""What a run's η means near the minimum it ends at: the numbers and the verdict, per run.

:mod:`lrtui.minima` finds the minimum (or the stationary point) a run heads for;
:mod:`lrtui.verdicts` measures the run against it and words the verdict;
:func:`lrtui.scenario.run` attaches one :class:`Analysis` per run to the Result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Analysis:
    minimum: tuple[float, ...] | None  # x* (one number per parameter), None when none was found
    curvature: float | None  # f''(x*), or λ_max of the Hessian with several parameters
    critical_lr: float | None  # 2 / curvature: above it plain descent cannot settle at x*
    optimal_lr: float | None  # 1 / f''(x*); 2 / (λ_min + λ_max) with several parameters
    verdict: str  # plain words about this run's η
    # several parameters only: the Hessian's eigenvalues (ascending) and unit eigenvectors at
    # the stationary point found — the minimum, or the saddle when there is no minimum there
    curvatures: tuple[float, ...] | None = None
    directions: tuple[tuple[float, ...], ...] | None = None
    saddle: tuple[float, ...] | None = None  # a saddle point found instead of a minimum

    def as_dict(self) -> dict[str, Any]:
        x = self.minimum
        out: dict[str, Any] = {
            "minimum": (x[0] if x is not None and len(x) == 1 else (list(x) if x is not None else None)),
            "curvature": self.curvature,
            "critical_lr": self.critical_lr,
            "optimal_lr": self.optimal_lr,
            "verdict": self.verdict,
        }
        if self.curvatures is not None:  # several parameters: the eigen-directions too
            out["curvatures"] = list(self.curvatures)
            out["directions"] = [list(v) for v in self.directions or ()]
            out["saddle"] = list(self.saddle) if self.saddle is not None else None
        return out
