"""Models trained by gradient descent, each a :class:`lrtui.problem.Problem`."""

from .linreg import LinearRegression, build_linreg

MODELS = ("function", "linreg")

__all__ = ["MODELS", "LinearRegression", "build_linreg"]
