"""A scenario's optimizers and schedule: each a value read from its text once.

A choice is its canonical text (``adam:beta1=0.8``; ``SGD`` and ``sgd:momentum=0`` are both
``sgd``) and the object that text names, an :class:`~lrtui.optim.optimizer.Optimizer` or a
:class:`~lrtui.optim.schedules.base.Schedule` (``.value``). Two choices are equal, and hash alike,
exactly when their canonical texts are: a choice is a key a computed run can be remembered by.

``parse(text)`` reads a user's text and builds the object at once, so a bad text is refused
where it was typed (:class:`~lrtui.errors.InputError` naming its field). ``known(text)`` is for
lrtui's own texts (the presets, the default scenario): the object is built on first use, so
what the first frame needs never loads NumPy. Either way it is built once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Generic, Protocol, Self, TypeVar

if TYPE_CHECKING:
    from ..optim.optimizer import Optimizer
    from ..optim.schedules.base import Schedule


class Named(Protocol):
    @property
    def text(self) -> str: ...  # the canonical text of what was read


T = TypeVar("T", bound=Named)


class Parsed(ABC, Generic[T]):
    """A value read from text: ``text`` (canonical) and ``value`` (the object, built once)."""

    def __init__(self, text: str, value: T | None = None) -> None:
        self.text = text
        self._value = value

    @classmethod
    def parse(cls, text: str) -> Self:
        """Read a user's text now (raises InputError); the canonical text is the object's own."""
        return cls.of(cls.read(text))

    @classmethod
    def known(cls, text: str) -> Self:
        """lrtui's own canonical text, read on first use (tests/test_scenario.py reads every one)."""
        return cls(text)

    @classmethod
    def of(cls, value: T) -> Self:
        """An object already read."""
        return cls(value.text, value)

    @classmethod
    def given(cls, value: str | T | Self) -> Self:
        """A value given as text (read now), as the object, or as a choice."""
        if isinstance(value, cls):
            return value
        return cls.parse(value) if isinstance(value, str) else cls.of(value)  # type: ignore[arg-type]

    @staticmethod
    @abstractmethod
    def read(text: str) -> T:
        """The object a text names (raises InputError)."""

    @property
    def value(self) -> T:
        if self._value is None:
            self._value = self.read(self.text)  # two threads may both read a known text: the same value
        return self._value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Parsed) and type(other) is type(self) and other.text == self.text

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.text))

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.text!r})"


class OptimizerChoice(Parsed["Optimizer"]):
    @staticmethod
    def read(text: str) -> Optimizer:
        from ..optim.registry import parse_optimizer

        return parse_optimizer(text)


class ScheduleChoice(Parsed["Schedule"]):
    @staticmethod
    def read(text: str) -> Schedule:
        from ..optim.registry import parse_schedule

        return parse_schedule(text)


__all__ = ["OptimizerChoice", "Parsed", "ScheduleChoice"]
