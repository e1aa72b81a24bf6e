"""The registry: one list of optimizers, one list of schedules, and the parsing of their text.

    parse_optimizer("adam:beta1=0.8")           # an Adam with beta1=0.8, every other parameter torch's
    parse_schedule("step:step_size=10")         # a StepLR

Each class names what it answers to (its ``TABLE``); the lists' order is the order every
message lists the valid names in. Adding an optimizer is writing its module and putting its
class here (docs/optimizers/adding.md); :func:`registered` adds one for a while (a test's toy).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .adamax import Adamax
from .asgd import ASGD
from .nadam import NAdam
from .optimizer import Optimizer
from .radam import RAdam
from .rmsprop import RMSprop
from .rprop import Rprop
from .schedules.base import Schedule
from .schedules.composition import compose
from .schedules.constant import Constant
from .schedules.cosine import CosineAnnealingLR, CosineAnnealingWarmRestarts
from .schedules.cyclic import CyclicLR
from .schedules.formula import LambdaLR, MultiplicativeLR
from .schedules.linear import ConstantLR, LinearLR, PolynomialLR
from .schedules.onecycle import OneCycleLR
from .schedules.plateau import ReduceLROnPlateau
from .schedules.recipes import Recipe
from .schedules.step import ExponentialLR, MultiStepLR, StepLR
from .sgd import SGD
from .spec import Param, Spec, described, parse_spec

__all__ = ["OPTIMIZERS", "SCHEDULES", "described_names", "parse_optimizer", "parse_schedule", "registered"]

OPTIMIZERS: list[type[Optimizer]] = [SGD, Adagrad, RMSprop, Adam, AdamW, Adadelta, Adamax, NAdam, RAdam, Rprop, ASGD]
SCHEDULES: list[type[Schedule]] = [
    Constant, StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, CosineAnnealingWarmRestarts, LinearLR,
    PolynomialLR, OneCycleLR, ConstantLR, CyclicLR, ReduceLROnPlateau, LambdaLR, MultiplicativeLR, Recipe,
]

S = TypeVar("S", bound=Spec)


def _tables(classes: list[type[S]]) -> tuple[dict[str, dict[str, Param]], dict[str, type[S]]]:
    """Every name the classes answer to: its parameters, and its class."""
    return ({name: table for cls in classes for name, table in cls.TABLE.items()},
            {name: cls for cls in classes for name in cls.TABLE})


def parse_optimizer(text: str) -> Optimizer:
    """Parse ``NAME[:key=value,...]``; raise InputError (field "optimizer") on anything else.

    Booleans are ``true``/``false``. ``opt.params`` holds every parameter, defaults included;
    ``opt.text`` is the canonical spec (the SGD family is named by whichever of sgd, momentum
    and nesterov needs the fewest explicit parameters: ``sgd:momentum=0.9`` is ``momentum``).
    """
    table, classes = _tables(OPTIMIZERS)
    name, params, _ = parse_spec(text, table, "optimizer", hints=Optimizer.HINTS)
    return classes[name].build(name, params)


def parse_schedule(text: str) -> Schedule:
    """Parse ``NAME[:key=value,...]``, or a composition of them (``A then@N B``, ``A and B``);
    raise InputError (field "schedule") on anything else.

    Lists are written with ``/`` (``milestones=5/15``); a formula (``lambda:f=``) runs to the end
    of its part. ``sched.params`` holds every parameter, defaults included (``None`` for
    onecycle's max_lr/total_steps: per run/steps). ``none`` means ``constant``; the constant
    schedule is always the one object ``CONSTANT``.
    """
    return compose(text, _parse_one)


def _parse_one(text: str) -> Schedule:
    """One schedule ``NAME[:key=value,...]`` (columns count in ``text`` as given, blanks included)."""
    table, classes = _tables(SCHEDULES)
    aliases = {alias: name for cls in SCHEDULES for alias, name in cls.ALIASES.items()}
    name, params, _ = parse_spec(text, table, "schedule", aliases=aliases)
    return classes[name].build(name, params)


COMPOSITIONS = [  # the ways to join schedules, as the help lists them
    ("A then@N B", "SequentialLR([A, B], milestones=[N]): A, then B from step N (B restarts from its own step 0); "
                   "then@M C for a third"),
    ("A and B", "ChainedScheduler([A, B]): every step, A's step then B's on the same η"),
]


def described_names(classes: list[type[S]]) -> list[tuple[str, str]]:
    """(name, what it does — its parameters and defaults) for every name of ``classes``, in order:
    the help's rows (a class without ``ABOUT`` says its module's first line)."""
    import sys

    rows = []
    for cls in classes:
        doc = (sys.modules[cls.__module__].__doc__ or "").strip().splitlines()
        for name, table in cls.TABLE.items():
            about = cls.ABOUT.get(name) or (doc[0] if doc else "")
            rows.append((name, f"{about}; {described(table)}" if table else about))
    return rows


@contextmanager
def registered(cls: type[Any]) -> Iterator[None]:
    """Register an optimizer or schedule class for the duration of a ``with`` block (last in its list)."""
    classes: list[Any] = OPTIMIZERS if issubclass(cls, Optimizer) else SCHEDULES
    if cls in classes:
        raise ValueError(f"{cls.__name__} is registered already")
    classes.append(cls)
    try:
        yield
    finally:
        classes.remove(cls)
