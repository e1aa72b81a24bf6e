"""The command line: ``lrtui`` opens the app; ``lrtui run|shot|sweep`` work without a screen.

Every bad input ends with one plain line on stderr and exit status 2 — never a traceback.
"""

from __future__ import annotations

import os
import sys

from ..errors import Field, InputError
from .commands import COMMANDS
from .output import OutputClosed, OutputFailed, flush_stdout, prepare_streams, say

__all__ = ["COMMANDS", "entry", "expect_typed_function", "main", "typed_function"]
_NAMED_BY_FLAG = (Field.FUNCTION, Field.OPTIMIZER, Field.SCHEDULE, Field.PRESET)  # their messages don't say which flag


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # lrtui's arrays meet BLAS only in 2×2 solves; OpenBLAS's extra threads would only spin at
    # NumPy's import (≈ 40 ms of CPU, taken from the app's start on a busy machine)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    prepare_streams()  # any encoding: what a stream cannot encode is written in ASCII words
    try:
        try:
            code = _dispatch(argv)
        except SystemExit as exit_:  # argparse's --help and usage errors
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
        flush_stdout()
        return code
    except InputError as err:
        where = f"--{err.field}: " if err.field in _NAMED_BY_FLAG else ""
        say(f"lrtui: {where}{err}")
        return 2
    except KeyboardInterrupt:
        return 130
    except OutputClosed:  # the reader went away (| head): what it read is all it wanted
        return 0
    except OutputFailed as err:
        say(f"lrtui: {err}")
        return 1


def _dispatch(argv: list[str]) -> int:
    expect_typed_function(argv)  # first: sympy loads in the symbolic worker, on the other core, meanwhile
    command = argv[0] if argv and argv[0] in COMMANDS else None
    if command == "run":
        from .run import main as run_main

        return run_main(argv[1:])
    if command == "shot":
        from .shot import main as shot_main

        return shot_main(argv[1:])
    if command == "sweep":
        from .sweep import main as sweep_main

        return sweep_main(argv[1:])
    if command == "lesson":
        from .lesson import main as lesson_main

        return lesson_main(argv[1:])
    if command == "handout":
        from .handout import main as handout_main

        return handout_main(argv[1:])
    if command == "serve":
        from .serve import main as serve_main

        return serve_main(argv[1:])
    from .app import main as app_main

    return app_main(argv)


def expect_typed_function(argv: list[str]) -> None:
    """Start the symbolic worker at once when the command line types a function lrtui does not
    know, or names a lesson file of one's own (``*.toml``: its functions are read before anything
    else happens): their answers will be waited for, so sympy loads on the other core while NumPy
    and Textual load. The texts lrtui ships (presets, built-in lessons, the default) are answered
    without a worker, and other commands start none (a text that needs it starts it). Only a
    hint: a wrong guess starts the worker early or late, never changes an answer."""
    text = typed_function(argv)
    if text is not None:
        from ..expr.client import expect

        expect(text)
    elif any(word.endswith(".toml") and os.path.isfile(word) for word in argv):
        from ..expr.client import start_worker

        start_worker()


def typed_function(argv: list[str]) -> str | None:
    """The text of the last ``-f``/``--function`` flag, as argparse reads it (``-f T``, ``-fT``,
    ``--function T``, ``--function=T``), or None."""
    text = None
    for i, word in enumerate(argv):
        if word == "--":
            break
        if word in ("-f", "--function"):
            text = argv[i + 1] if i + 1 < len(argv) else text
        elif word.startswith("--function="):
            text = word.split("=", 1)[1]
        elif word.startswith("-f") and not word.startswith("--"):
            text = word[2:]
    return text


def entry() -> None:  # pragma: no cover - the console script
    sys.exit(main())
