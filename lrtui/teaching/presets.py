"""Named scenarios that teach something, each with one line saying what to look at.

Their texts are lrtui's own: each is read on first use (so importing the presets loads nothing
heavy, and the first frame needs no NumPy), and tests/test_presets.py reads every one now and
checks it is already canonical.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import Field, InputError
from .choices import OptimizerChoice, ScheduleChoice
from .model import FunctionModel, Regression
from .scenario import Scenario


@dataclass(frozen=True)
class Preset:
    name: str
    scenario: Scenario
    lesson: str


def _known(
    function: str,
    x0: tuple[float, ...],
    lrs: tuple[float, ...],
    steps: int,
    tol: float = 1e-8,
    optimizers: Sequence[str] = ("sgd",),
    schedule: str = "constant",
    noise: float = 0.0,
    trials: int = 1,
) -> Scenario:
    """A scenario of lrtui's own canonical texts, each read on first use."""
    return Scenario(FunctionModel.known(function), x0, lrs, steps, tol,
                    tuple(OptimizerChoice.known(o) for o in optimizers), ScheduleChoice.known(schedule),
                    noise=noise, trials=trials)


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in [
        Preset(
            "quadratic",
            _known("(x-2)**2", (10.0,), (0.01, 0.1, 0.5), 20),
            "η = 0.01 crawls, 0.1 converges, 0.5 = 1/f'' lands on the minimum in one step",
        ),
        Preset(
            "wiggly",
            _known("x**2 + 10*sin(x)", (3.0,), (0.3,), 1000, 1e-8),
            "η = 0.3 is above 2/f''(x*) ≈ 0.238 at the minimum near 3.84: it can never settle there",
        ),
        Preset(
            "overshoot",
            _known("(x-2)**2", (10.0,), (0.4, 0.8, 1.0, 1.1), 40),
            "between 1/f'' and 2/f'' descent flips side every step yet converges; at 2/f'' it bounces between two "
            "points forever; above, it diverges",
        ),
        Preset(
            "flat",
            _known("1 - exp(-(x-1)**2)", (3.5,), (0.1, 0.5, 3.0), 200),
            "far from the minimum the slope is almost zero: a small η crawls across the flat stretch",
        ),
        Preset(
            "steep-wall",
            _known("cosh(x)", (5.0,), (0.01, 0.05, 0.5), 60),
            "η = 0.5 is safe at the minimum (2/f'' = 2) but the wall at x0 is so steep the first step flies off",
        ),
        Preset(
            "trap",
            _known("x**4 - 4*x**2 + x", (2.5,), (0.01, 0.07, 0.12), 200),
            "η = 0.01 is trapped in the local minimum near 1.35; 0.07 overshoots the hump on its first step "
            "and lands in the global one near −1.47; 0.12 flies off the steep wall",
        ),
        Preset(
            "momentum",
            _known("x**2 + 10*sin(x)", (6.0,), (0.02,), 400, optimizers=("sgd", "momentum")),
            "plain descent stops in the local minimum near 3.84; momentum 0.9 carries the run over the hump "
            "to the global minimum near −1.31",
        ),
        Preset(
            "adam-steps",
            _known("(x-2)**2", (20.0,), (0.3,), 300, optimizers=("sgd", "adam")),
            "far from the minimum Adam's step stays close to η = 0.3 whatever the slope, while SGD's step "
            "shrinks with the gradient",
        ),
        Preset(
            "step-decay",
            _known("(x-2)**2", (10.0,), (1.0, 1.05), 40, schedule="step:step_size=10,gamma=0.5"),
            "η = 1 = 2/f'' would bounce forever and 1.05 would diverge; halving η every 10 steps rescues both",
        ),
        Preset(
            "warmup",
            _known("cosh(x)", (5.0,), (0.5, 1.5), 60, schedule="warmup_cosine:warmup=10,t_max=60"),
            "a constant η = 0.5 flies off cosh(x)'s steep wall on its first step (see steep-wall); warmed up from "
            "1% of η over 10 steps while the slope is steep, then annealed by a cosine, η = 0.5 and 1.5 both reach "
            "the minimum",
        ),
        Preset(
            "plateau",
            _known("x**2 + 10*sin(x)", (3.0,), (0.3, 0.5), 100, schedule="plateau:factor=0.5,patience=5"),
            "η = 0.3 and 0.5 are above 2/f''(x*) ≈ 0.238: each run bounces and its loss stops improving, so after "
            "6 steps without a better loss plateau halves η (the η_k chart, g), until both settle at x* ≈ 3.84",
        ),
        Preset(
            "cyclic",
            _known("x**2 + 10*sin(x)", (6.0,), (0.02,), 300, schedule="cyclic:max_lr=0.05,step_size_up=25"),
            "η climbs to 0.05 and back every 50 steps while the momentum falls from 0.9 to 0.8 and back (torch's "
            "cycle_momentum): sgd becomes heavy-ball SGD and is carried over the hump to the global minimum near "
            "−1.31; with cycle_momentum=false it stops in the local one near 3.84",
        ),
        Preset(
            "rprop",
            _known("cosh(x)", (5.0,), (0.001, 0.1, 1.0, 10.0), 100, optimizers=("rprop",)),
            "rprop moves each step by a step size that grows ×1.2 while the slope keeps its sign and halves when it "
            "flips; the slope's size is never used, so the steep wall does not throw it, and η only sets the first "
            "step: η = 0.001 to 10 all reach the minimum",
        ),
        Preset(
            "abs",
            _known("abs(x)", (3.0,), (0.1, 0.4, 1.0), 50),
            "|x| has no curvature to slow down: η = 0.1 and 0.4 end up bouncing between two points around 0; "
            "η = 1 lands on 0 only because x0 = 3 is a whole number of its steps away",
        ),
        # -- two parameters and the regression model ------------------------------------------
        Preset(
            "bowl",
            _known("x**2 + 10*y**2", (3.0, 1.0), (0.01, 0.09, 0.11), 100),
            "an elongated bowl, curvature 2 along x and 20 along y: η = 0.01 crawls along x; 0.09 flips side "
            "across y every step but converges; 0.11 > 2/20 diverges along y while x still shrinks",
        ),
        Preset(
            "rosenbrock",
            _known("(1-x)**2 + 100*(y-x**2)**2", (-1.5, 2.0), (0.0005, 0.0015, 0.002, 0.0021), 20000),
            "a long curved valley: 0.0005 crawls along its floor, 0.0015 reaches (1, 1); 0.002 is just above "
            "2/λ_max ≈ 0.001997 there: it arrives, then cannot settle; 0.0021 flies off the steep wall at the start",
        ),
        Preset(
            "saddle",
            _known("x**2 - y**2", (2.0, 0.01), (0.01, 0.1, 0.4), 150),
            "x² − y² has no minimum, only a saddle at (0, 0): x shrinks toward 0 while the tiny y grows "
            "×(1 + 2η) per step, so every η slides off along y — the larger η, the sooner",
        ),
        Preset(
            "linreg",
            Scenario(Regression(), x0=(0.0, 0.0), lrs=(0.001, 0.01, 0.1), steps=200, epochs=200),
            "the seed's regression (100 points, y = 3x + 2 + noise, full batch): in 200 epochs η = 0.1 nearly "
            "reaches the least-squares line, 0.01 is halfway, 0.001 has barely begun; all are far below "
            "2/λ_max ≈ 0.76",
        ),
        # -- noisy gradients (issue 21): tol 0, so a trial that passes near x* is not stopped there --
        Preset(
            "noise-floor",
            _known("(x-2)**2", (2.0,), (0.1, 0.05, 0.025), 1000, 0.0, noise=1.0, trials=256),
            "from x* itself, noise σ = 1 in every gradient keeps f − f* at a floor ≈ ησ²/(2(2 − ηf'')): "
            "0.0278, 0.0132, 0.0064 — halving η about halves the floor",
        ),
        Preset(
            "noise-decay",
            _known("(x-2)**2", (2.0,), (0.1,), 400, 0.0, schedule="cosine:t_max=400", noise=1.0, trials=256),
            "from x*, at a constant η = 0.1 the noise would hold f − f* at ≈ 0.0278 (noise-floor); the loss sits "
            "there while η is near 0.1, then cosine decay brings η down to 0, and the loss far below that floor",
        ),
        Preset(
            "noise-batch",
            Scenario(Regression(batch_size=8), x0=(0.0, 0.0), lrs=(0.1,), steps=2000, tol=0.0),
            "the regression's noise is its minibatches: at η = 0.1 batches of 8 leave L ≈ 0.00014 above its "
            "least-squares minimum; --batch-size 1 leaves 0.0015 and 64 only 0.0000064 — the floor falls as 1/B, "
            "faster as B nears the 100 points",
        ),
    ]
}

DEFAULT = "quadratic"


def preset(name: str) -> Preset:
    key = name.strip().lower()
    if key not in PRESETS:
        what = f"unknown preset {name!r}" if key else "give a preset name"
        raise InputError(f"{what}; valid: {', '.join(PRESETS)}", field=Field.PRESET)
    return PRESETS[key]
