"""Named scenarios that teach something, each with one line saying what to look at."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InputError
from .scenario import Scenario


@dataclass(frozen=True)
class Preset:
    name: str
    scenario: Scenario
    lesson: str


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in [
        Preset(
            "quadratic",
            Scenario("(x-2)**2", (10.0,), (0.01, 0.1, 0.5), 20),
            "η = 0.01 crawls, 0.1 glides in, 0.5 = 1/f'' lands on the minimum in one step",
        ),
        Preset(
            "wiggly",
            Scenario("x**2 + 10*sin(x)", (3.0,), (0.3,), 1000, 1e-8),
            "η = 0.3 is above 2/f''(x*) ≈ 0.238 at the minimum near 3.84: it can never settle there",
        ),
        Preset(
            "overshoot",
            Scenario("(x-2)**2", (10.0,), (0.4, 0.8, 1.0, 1.1), 40),
            "between 1/f'' and 2/f'' descent oscillates yet settles; at 2/f'' it bounces; above, it diverges",
        ),
        Preset(
            "plateau",
            Scenario("1 - exp(-(x-1)**2)", (3.5,), (0.1, 1.0, 4.0), 200),
            "far from the minimum the slope is almost zero: a small η crawls across the plateau",
        ),
        Preset(
            "steep-wall",
            Scenario("cosh(x)", (5.0,), (0.01, 0.05, 0.5), 60),
            "η = 0.5 is safe at the minimum (2/f'' = 2) but the wall at x0 is so steep the first step flies off",
        ),
        Preset(
            "trap",
            Scenario("x**4 - 4*x**2 + x", (2.5,), (0.005, 0.05, 0.12), 200),
            "a small η is trapped in the local minimum near 1.35; a larger one may jump to the global one",
        ),
        Preset(
            "abs",
            Scenario("abs(x)", (3.0,), (0.1, 0.4, 1.0), 50),
            "|x| has no curvature to slow down: a fixed η ends up bouncing around 0 forever",
        ),
    ]
}

DEFAULT = "quadratic"


def preset(name: str) -> Preset:
    key = name.strip().lower()
    if key not in PRESETS:
        raise InputError(f"unknown preset {name!r}; valid: {', '.join(PRESETS)}", field="preset")
    return PRESETS[key]
