"""What a scenario descends on: a typed function, or the regression model fitted to its data.

A model is a value: equal models name the same problem (a function by its text as typed, the
regression by its data file, seed and batch size), so it is part of the key a computed run can
be remembered by. ``text`` is what the f(x) field shows (the function, or ``linreg``);
``problem()`` is the :class:`~lrtui.problem.Problem` the engine descends on.

Read from what a user gave (:meth:`FunctionModel.parse`, :meth:`Regression.load`), the
function is parsed and the data read at once, so a bad text or file is refused where it was
given; lrtui's own (the presets, the default) are read on first use, so the first frame needs
no NumPy. Either way once: the CSV file is read once, however many runs, checks and sweeps use it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from ..errors import Field, InputError
from ..limits import MAX_STEPS
from .choices import Parsed

if TYPE_CHECKING:
    from ..expr.function import Function
    from ..models.linreg import LinearRegression, TrainingData
    from ..problem import Problem

DEFAULT_FUNCTION = "(x-2)**2"


class Model(ABC):
    text: str  # what the f(x) field shows: the function as typed, or the model's name
    is_function: ClassVar[bool] = False

    @abstractmethod
    def problem(self) -> Problem:
        """The problem the engine descends on."""

    def __str__(self) -> str:
        return self.text


class FunctionModel(Parsed["Function"], Model):
    """A function of x (or of x and y), parsed through the whitelist (:func:`lrtui.expr.parse_function`);
    its text is the function as typed, stripped."""

    is_function = True

    @classmethod
    def parse(cls, text: str, *, group: str | None = None) -> FunctionModel:
        """``group``: a newer parse of the same group supersedes this one (the app's f(x) field)."""
        return cls.of(cls.read(text, group=group))

    @staticmethod
    def read(text: str, *, group: str | None = None) -> Function:
        from ..expr.function import parse_function

        return parse_function(text, group=group)

    def problem(self) -> Function:
        return self.value


@dataclass(frozen=True)
class Regression(Model):
    """ŷ = w·x + b fitted by mean squared error (:mod:`lrtui.models.linreg`) to the CSV file ``data``
    (None: the synthetic set drawn from ``seed``), in minibatches of ``batch_size`` (None: full batch)."""

    data: str | None = None
    seed: int = 0
    batch_size: int | None = None
    points: TrainingData | None = field(default=None, compare=False, repr=False)  # read once, on first use
    text: str = field(default="linreg", init=False, compare=False, repr=False)

    @classmethod
    def load(cls, data: str | None = None, seed: int = 0, batch_size: int | None = None) -> Regression:
        """Read the data now (raises InputError naming the file, or the batch size that does not fit it)."""
        model = cls(data, seed, batch_size)
        model.training_data.check_batch_size(batch_size)
        return model

    @property
    def training_data(self) -> TrainingData:
        if self.points is None:
            from ..models.linreg import TrainingData

            object.__setattr__(self, "points", TrainingData.read(self.data, self.seed))
        assert self.points is not None
        return self.points

    def with_batch_size(self, batch_size: int | None) -> Regression:
        """The same points (not read again) in minibatches of another size (raises InputError)."""
        points = self.training_data
        points.check_batch_size(batch_size)
        return Regression(self.data, self.seed, batch_size, points)

    @property
    def batches_per_epoch(self) -> int:
        return self.training_data.batches_per_epoch(self.batch_size)

    def steps_for(self, epochs: int) -> int:
        """The step budget of ``epochs`` epochs: epochs × batches per epoch (raises InputError beyond MAX_STEPS)."""
        batches = self.batches_per_epoch
        steps = epochs * batches
        if steps > MAX_STEPS:
            raise InputError(
                f"epochs: {epochs:,} epochs × {batches:,} batches = {steps:,} steps, more than {MAX_STEPS:,}",
                field=Field.EPOCHS,
            )
        return steps

    def problem(self) -> LinearRegression:
        """A fresh problem each time (its minibatch shuffles are its own), on the points read once."""
        return self.training_data.problem(self.batch_size)

