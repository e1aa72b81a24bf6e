"""The symbolic worker: a process of its own where all sympy work on user text happens.

Started by :mod:`lrtui.expr.client` as ``python -c … lrtui.expr.worker.main()``. It

* limits its own address space (MEMORY_BYTES): sympy running away ends in MemoryError,
  answered as a refusal, not in the machine swapping;
* exits (status EXIT_TOO_LONG) when one text has used LIMIT_SECONDS of its CPU: a watch
  thread reads the process's CPU clock, so the limit, and thus the answer, does not depend
  on how busy the machine is (the parent also stops waiting after WAIT_SECONDS of wall clock);
* ignores SIGINT (ctrl+c is for the process that asked, which ends the worker) and exits
  when its stdin closes or its parent process changes (the parent died without atexit);
* keeps its stdout for answers only: anything else printed goes to stderr, which the parent
  sends to /dev/null, so nothing reaches the user's terminal;
* imports sympy, says ``{"ready": true}``, warms sympy's caches on a typical text unless a
  request is already waiting, then answers one request per line (:mod:`lrtui.expr.protocol`).

The parent sees an exit as "takes too long" and starts a fresh worker.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import threading
import time
from typing import Any, BinaryIO

from lrtui.errors import InputError
from lrtui.expr.protocol import (
    EXIT_TOO_LONG,
    FORMULA_TOO_LONG,
    LIMIT_SECONDS,
    MEMORY_BYTES,
    TOO_LONG,
    decode,
    encode,
)

WARM_TEXT = "sin(x)*exp(x) + abs(x)^2 + sigmoid(x) + y"


def main() -> None:
    answers = _claim_stdout()
    _limit_memory()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch = Watch(os.getppid())
    threading.Thread(target=watch.run, name="lrtui-worker-watch", daemon=True).start()
    from lrtui.expr.derive import derive, step_formula  # sympy: after the limits

    _send(answers, {"ready": True})
    if not _asked(within=0.01):
        derive(WARM_TEXT)  # while idle: sympy's first steps import and cache much
    for line in sys.stdin.buffer:
        try:
            request = decode(line)
        except ValueError:
            continue
        watch.started = time.process_time()
        reply = answer(request, derive, step_formula)
        watch.started = None
        _send(answers, reply)


def answer(request: dict[str, Any], derive: Any, step_formula: Any = None) -> dict[str, Any]:
    """The answer to one request: the derivation of its text (a schedule's formula in k when it
    says ``"of": "k"``), or the one-line refusal."""
    reply: dict[str, Any] = {"id": request.get("id")}
    try:
        text = str(request.get("text", ""))
        if request.get("of") == "k" and step_formula is not None:
            reply["formula"] = step_formula(text).to_json()
        else:
            reply["derivation"] = derive(text).to_json()
    except InputError as error:
        reply["error"] = {"message": str(error), "column": error.column}
    except MemoryError:
        reply["error"] = {"message": TOO_LONG if request.get("of") != "k" else FORMULA_TOO_LONG, "column": None}
    except RecursionError:
        reply["error"] = {"message": f"the {_noun(request)} is nested too deeply to work with", "column": None}
    except Exception as error:  # noqa: BLE001 - sympy can fail in many ways on odd input
        reply["error"] = {"message": f"the {_noun(request)} cannot be worked with ({type(error).__name__} in sympy)",
                          "column": None}
    return reply


def _noun(request: dict[str, Any]) -> str:
    return "formula" if request.get("of") == "k" else "function"


def _claim_stdout() -> BinaryIO:
    """The real stdout, for answers; fd 1 then points at stderr, so stray prints go there."""
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return answers


def _limit_memory() -> None:
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(MEMORY_BYTES, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):  # pragma: no cover - no such limit here
        pass


class Watch:
    """Ends the process when the text being worked on has used LIMIT_SECONDS of CPU, or when
    the parent is gone. Only ever ends the whole process: nothing is interrupted half-way."""

    def __init__(self, parent: int) -> None:
        self.parent = parent
        self.started: float | None = None  # the CPU clock when the current text arrived

    def run(self) -> None:
        while True:
            time.sleep(0.02)
            if os.getppid() != self.parent:
                os._exit(0)
            started = self.started
            if started is not None and time.process_time() - started > LIMIT_SECONDS:
                os._exit(EXIT_TOO_LONG)


def _asked(within: float) -> bool:
    """Is a request waiting (or does one come within ``within`` seconds)?"""
    try:
        return bool(select.select([sys.stdin], [], [], within)[0])
    except (OSError, ValueError):  # pragma: no cover - no select on pipes here
        return False


def _send(answers: BinaryIO, message: dict[str, Any]) -> None:
    answers.write(encode(message))
    answers.flush()


if __name__ == "__main__":
    main()
