"""Flags every command shares: the scenario (function, η, x0, steps, tol, optimizer, schedule, preset)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from ..errors import InputError
from ..teaching.scenario import Scenario
from .output import say, write_failed

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit status 2, takes a value that
    starts with ``-`` as a value (``--x0 -1.5,2``, ``-f "-x^2"``), and never guesses an
    abbreviated flag (``--x`` is not ``--x0``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        say(f"{self.prog}: {message}{self._guess(message)} (see {self.prog} --help)")
        raise SystemExit(2)

    def _guess(self, message: str) -> str:
        """For an unknown flag that begins a known one: which one, since flags are never abbreviated."""
        if not message.startswith("unrecognized arguments:"):
            return ""
        words = [w.split("=")[0] for w in message.split(":", 1)[1].split() if w.startswith("-")]
        known = sorted({opt for action in self._actions for opt in action.option_strings if opt.startswith("--")})
        for word in words:
            matches = [opt for opt in known if opt.startswith(word)] if len(word) > 2 else []
            if matches:
                return f"; flags are written in full: {' or '.join(matches)}?"
        return ""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        return super().parse_known_args(self.joined(sys.argv[1:] if args is None else list(args)), namespace)

    def joined(self, argv: list[str]) -> list[str]:
        """``--x0 -1.5,2`` → ``--x0=-1.5,2``: a flag that takes a value takes the next word even
        when it starts with ``-`` (argparse would take it for a flag), unless it is one of our flags."""
        flags = {opt: action for action in self._actions for opt in action.option_strings}
        out: list[str] = []
        i = 0
        while i < len(argv):
            word = argv[i]
            action = flags.get(word)
            if (action is not None and action.nargs is None and i + 1 < len(argv)
                    and argv[i + 1].startswith("-") and argv[i + 1] != "--" and argv[i + 1].split("=")[0] not in flags):
                out.append(f"{max(action.option_strings, key=len)}={argv[i + 1]}")
                i += 2
                continue
            if word == "--":
                out.extend(argv[i:])
                break
            out.append(word)
            i += 1
        return out

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        """--help, whose failure to be written is said like any output's (argparse would hide it)."""
        stream: Any = file or sys.stdout or sys.stderr
        if stream is None:
            return
        try:
            stream.write(self.format_help())
            if hasattr(stream, "flush"):
                stream.flush()
        except OSError as err:
            raise write_failed(stream, err, "the help") from None


def add_scenario_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("scenario")
    g.add_argument("--preset", metavar="NAME", help="start from a named scenario (explicit flags override it)")
    g.add_argument("--function", "-f", metavar="TEXT", help="f(x), e.g. '(x-2)^2' or 'x^2 + 10 sin(x)'")
    g.add_argument("--x0", metavar="X", help="the start point, e.g. 10 (two numbers for f(x, y): 3,1)")
    g.add_argument("--lr", metavar="LR[,LR…]", help="learning rates, one run each, e.g. 0.01,0.1,0.5")
    g.add_argument("--steps", metavar="N", help="the step budget, 1 to 1,000,000")
    g.add_argument("--tol", metavar="T", help="stop when |f'(x)| < T (default 1e-8; 0 turns it off)")
    g.add_argument(
        "--optimizer",
        metavar="NAME[:k=v,…]",
        action="append",
        help="sgd (default), momentum, nesterov, adagrad, rmsprop, adam, adamw, adadelta, adamax, nadam, radam, "
             "rprop, asgd; repeat for several",
    )
    g.add_argument("--schedule", metavar="NAME[:k=v,…]", help="constant (default), step, multistep, exponential, …")
    # the regression model
    m = p.add_argument_group("model")
    m.add_argument("--model", metavar="NAME", help="function (default: descend on --function) or linreg")
    m.add_argument("--data", metavar="FILE.csv", help="linreg: points to fit, columns x,y with a header row")
    m.add_argument("--batch-size", metavar="B", help="linreg: minibatch size (default: full batch)")
    m.add_argument("--epochs", metavar="E", help="linreg: epochs to train (steps = epochs × batches per epoch)")
    # noisy gradients (lrtui.engine.noise)
    n = p.add_argument_group("noise")
    n.add_argument("--noise", metavar="S",
                   help="the optimizer sees ∇f + S·ξ, ξ ~ N(0, I) fresh at every step (default 0; a function only)")
    n.add_argument("--trials", metavar="K", help="independent noise streams per run, 1 to 1,024 (default 1)")
    n.add_argument("--trial", metavar="T",
                   help="the trial whose steps are printed, 0 to K−1 (default 0); the others as statistics")
    n.add_argument("--seed", metavar="S",
                   help="seed of the noise streams, and of linreg's synthetic data and shuffling (default 0)")


def scenario_from_args(args: argparse.Namespace) -> Scenario:
    """Build the scenario, each flag read once: the preset (or the default), then every explicit flag
    over it (``lrtui.teaching.keys``: a lesson file's scene keys mean the same)."""
    from ..teaching.keys import KEYS, scenario_of

    return scenario_of({key: getattr(args, key) for key in KEYS})  # every parser here has the scenario flags


def say_warnings(scenario: Scenario, prog: str) -> None:
    """What the scenario computes that its flags may not have meant, one line each on stderr."""
    from ..teaching.keys import warnings

    for line in warnings(scenario):
        say(f"{prog}: warning: {line}")


__all__ = ["InputError", "Parser", "add_scenario_arguments", "say_warnings", "scenario_from_args"]
