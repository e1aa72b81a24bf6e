"""lrtui: see what the learning rate does to gradient descent.

The public API, the same objects the command line and the app use:

    from lrtui import parse_function, run
    f = parse_function("(x-2)^2")
    result = run(f, x0=[10], lrs=[0.01, 0.1, 0.5], steps=20)
    result.x[:, :, 0], result.status, result.analysis[2].verdict

    from lrtui import Scenario, compute
    scenario = Scenario.of("(x-2)^2", x0=10, lrs=[0.01, 0.1, 0.5], steps=20, optimizers="sgd; adam")
    scenario = Scenario.from_text(preset="wiggly", lr="0.05, 0.3")   # the command line's keys
    result = compute(scenario)

Names are imported on first use, so ``import lrtui`` stays cheap.
"""

from typing import Any

from .lazy import exported as _exported

__version__ = "0.1.0"

_EXPORTS = {
    "parse_function": "expr",
    "Function": "expr",
    "run": "teaching.scenario",
    "DIVERGENCE_RULE": "engine.descent",
    "Result": "engine.result",
    "Status": "engine.result",
    "Analysis": "engine.result",
    "Scenario": "teaching.scenario",
    "compute": "teaching.scenario",
    "PRESETS": "teaching.presets",
    "preset": "teaching.presets",
    "parse_optimizer": "optim.registry",
    "parse_schedule": "optim.registry",
    "InputError": "errors",
    "Field": "errors",
    "to_json": "teaching.export",
    "to_csv": "teaching.export",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    return _exported(__name__, _EXPORTS, name)
