"""The symbolic worker seen from the process that needs it: one warm child process, bounded waits.

* The texts lrtui ships (the presets', the built-in lessons', the default scenario's) are
  answered from :mod:`lrtui.expr.known`, the worker's own answers kept in a file: no worker
  is started for them, and none is waited for.
* Any other text starts the worker on demand. :func:`expect` starts it ahead for a text that
  will be asked for soon (a command line's ``-f``), so that sympy loads on the other core
  while NumPy and Textual load; :func:`start_worker` starts it whatever the text (the app,
  once its first result is on screen, for the checks as a user types).
* :func:`derivation_of` sends a text and waits for the answer. The worker ends itself when
  a text has used ``LIMIT_SECONDS`` of its CPU (or runs out of memory); the wait ends, too,
  after ``WAIT_SECONDS`` of wall clock however busy the machine. Either way a fresh worker is
  started and the text is refused with one line ("the function takes too long to
  differentiate").
* Requests are served one at a time; answers, refusals included ("takes too long" too: the
  app's Enter then does not wait for the same text again), are remembered by text, so a
  command parses its function once however many parts ask.
* ``group``: a newer request of the same group for another text supersedes an older one
  (the next keystroke in the app's function field): waiting, it is dropped; already being
  worked on for more than ``KILL_AFTER`` seconds, the worker is killed and restarted.
  Either way the older request raises :class:`Superseded`.
* No worker outlives its parent: it is killed at exit, and exits by itself when its stdin
  closes or its parent changes. Its stderr goes to /dev/null.
"""

from __future__ import annotations

import atexit
import itertools
import queue
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from lrtui.errors import Field, InputError
from lrtui.expr import known as known_answers
from lrtui.expr.protocol import (
    FORMULA_TOO_LONG,
    TOO_LONG,
    WAIT_SECONDS,
    Derivation,
    StepFormula,
    decode,
    encode,
    length_error,
)

__all__ = ["Client", "Superseded", "derivation_of", "expect", "formula_of", "start_worker", "stop_worker"]

Answer = Derivation | StepFormula | tuple[str, int | None]  # a reading, or a refusal (message, column)

STARTUP_SECONDS = 60.0  # for the worker to import sympy, however busy the machine
KILL_AFTER = 0.2  # seconds of work on a superseded text before the worker is restarted for it
POLL = 0.05  # how often a waiting request looks whether it was superseded
CACHE_SIZE = 256
ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding the lrtui package
BOOT = ("# lrtui's symbolic worker\nimport sys\nif sys.argv[1] not in sys.path: sys.path.insert(0, sys.argv[1])\n"
        "from lrtui.expr.worker import main\nmain()\n")
NOT_STARTED = "the function cannot be checked: the process that differentiates it did not start"
GARBLED = "the function cannot be checked: the process that differentiates it answered nonsense"


class Superseded(Exception):
    """A newer request of the same group asked for another text: this answer would not be used."""


class _Worker:
    """One worker process and the thread that reads its answers, one line each."""

    def __init__(self, command: list[str]) -> None:
        self.popen = subprocess.Popen(
            command,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        self.ready = False
        self.lines: queue.Queue[bytes | None] = queue.Queue()
        threading.Thread(target=_read_lines, args=(self.popen.stdout, self.lines),
                         name="lrtui-symbolic-answers", daemon=True).start()

    def alive(self) -> bool:
        return self.popen.poll() is None

    def send(self, message: dict[str, Any]) -> None:
        stdin = self.popen.stdin
        assert stdin is not None
        stdin.write(encode(message))
        stdin.flush()

    def next(self, timeout: float) -> dict[str, Any] | None:
        """The next message; None when the worker has ended. Raises queue.Empty on timeout."""
        line = self.lines.get(timeout=max(timeout, 0.0))
        if line is None:
            self.lines.put(None)  # ended for good: every later read says so too
            return None
        try:
            return decode(line)
        except ValueError:
            return {}

    def kill(self) -> None:
        try:
            self.popen.kill()
            self.popen.wait()
        except OSError:  # pragma: no cover - already gone
            pass
        for stream in (self.popen.stdin, self.popen.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:  # pragma: no cover
                pass


def _read_lines(stream: IO[bytes] | None, lines: queue.Queue[bytes | None]) -> None:
    try:
        if stream is not None:
            for line in stream:
                lines.put(line)
    except (OSError, ValueError):  # the pipe closed under us: the worker was killed
        pass
    finally:
        lines.put(None)


class Client:
    """Talks to one worker process (started on demand, restarted when killed)."""

    def __init__(self, wait: float = WAIT_SECONDS, startup: float = STARTUP_SECONDS,
                 command: list[str] | None = None, known: Callable[[str], Derivation | None] | None = None) -> None:
        """``known``: the answers given without the worker (default: lrtui's own texts,
        :func:`lrtui.expr.known.answer`); ``lambda text: None`` sends every text to the worker."""
        self.wait = wait
        self.startup = startup
        # -P and the explicit root: the worker runs this very package, whatever the folder
        self.command = command or [sys.executable, "-P", "-c", BOOT, ROOT]
        self.known = known_answers.answer if known is None else known
        self.requests = 0  # texts sent to the worker (the others were known or remembered)
        self.spawned = 0  # worker processes started (0: this process never needed sympy)
        self._serving = threading.Lock()  # one request on the pipe at a time
        self._guard = threading.Lock()  # the fields below
        self._worker: _Worker | None = None
        self._latest: dict[str, str] = {}  # group -> the newest text asked for
        self._cache: OrderedDict[tuple[str, str], Answer] = OrderedDict()  # (what, text) -> answer
        self._ids = itertools.count(1)

    # -- the process ------------------------------------------------------------------------
    def start(self) -> None:
        """Spawn the worker unless it runs; return at once (it gets ready in the background)."""
        with self._guard:
            if self._worker is None or not self._worker.alive():
                if self._worker is not None:
                    self._worker.kill()
                self._spawn()

    def expect(self, text: str) -> None:
        """``text`` will be asked for soon: start the worker now unless the text is known."""
        if self.known(text) is None and length_error(text) is None:
            self.start()

    def restart(self) -> None:
        with self._guard:
            if self._worker is not None:
                self._worker.kill()
            self._spawn()

    def _spawn(self) -> None:
        self._worker = _Worker(self.command)
        self.spawned += 1

    def close(self) -> None:
        with self._guard:
            if self._worker is not None:
                self._worker.kill()
                self._worker = None

    @property
    def pid(self) -> int | None:
        worker = self._worker
        return None if worker is None else worker.popen.pid

    # -- requests ---------------------------------------------------------------------------
    def derivation(self, text: str, group: str | None = None) -> Derivation:
        too_long = length_error(text)  # not worth sending
        if too_long is not None:
            raise too_long
        if group is not None:
            with self._guard:
                self._latest[group] = text
        shipped = self.known(text)
        if shipped is not None:
            return shipped
        answer = self._answer(text, group, "f")
        if isinstance(answer, Derivation):
            return answer
        raise _refusal(answer, Field.FUNCTION)

    def formula(self, text: str) -> StepFormula:
        """A schedule's formula in k, read by the worker (``"of": "k"``); refusals concern the schedule.

        Its columns count in ``text`` as given, leading blanks included: a caller that pads the
        formula with the blanks before it in a spec gets columns in the spec."""
        too_long = length_error(text)
        if too_long is not None:
            raise InputError(str(too_long).replace("the function", "the formula"), field=Field.SCHEDULE,
                             column=too_long.column)
        try:
            answer = self._answer(text, None, "k")
        except InputError as error:  # the worker did not start, or answered nonsense
            raise InputError(str(error).replace("the function", "the formula"), field=Field.SCHEDULE) from None
        if isinstance(answer, StepFormula):
            return answer
        raise _refusal(answer, Field.SCHEDULE)

    def _answer(self, text: str, group: str | None, of: str) -> Answer:
        """The worker's answer for (``of``, ``text``): remembered, or asked for now."""
        key = (of, text)
        known = self._remembered(key)
        if known is not None:
            return known
        with self._serving:
            known = self._remembered(key)
            if known is not None:
                return known
            if self._superseded(group, text):
                raise Superseded(text)
            reply = self._ask(text, group, of)
        answer: Answer
        field = Field.FUNCTION if of == "f" else Field.SCHEDULE
        try:
            if "derivation" in reply:
                answer = Derivation.from_json(reply["derivation"])
            elif "formula" in reply:
                answer = StepFormula.from_json(reply["formula"])
            else:
                error = reply.get("error") or {}
                column = error.get("column")
                refused = TOO_LONG if of == "f" else FORMULA_TOO_LONG
                answer = (str(error.get("message", refused)), column if isinstance(column, int) else None)
        except (KeyError, TypeError, ValueError):  # never expected: our worker wrote it
            raise InputError(GARBLED, field=field) from None
        self._remember(key, answer)
        return answer

    def _ask(self, text: str, group: str | None, of: str = "f") -> dict[str, Any]:
        worker = self._ready_worker(group, text)
        request = next(self._ids)
        self.requests += 1
        message: dict[str, Any] = {"id": request, "text": text}
        if of != "f":
            message["of"] = of
        try:
            worker.send(message)
        except OSError:  # it died since it said it was ready: once more with a fresh one
            self.restart()
            worker = self._ready_worker(group, text)
            worker.send(message)
        sent = time.monotonic()
        while True:
            waited = time.monotonic() - sent
            if waited >= self.wait:
                self.restart()
                return {"id": request, "error": {"message": TOO_LONG if of == "f" else FORMULA_TOO_LONG,
                                                 "column": None}}
            try:
                reply = worker.next(min(POLL, self.wait - waited))
            except queue.Empty:
                if waited > KILL_AFTER and self._superseded(group, text):
                    self.restart()
                    raise Superseded(text) from None
                continue
            if reply is None:  # it ended: it used up its CPU limit, or its memory
                self.restart()
                return {"id": request, "error": {"message": TOO_LONG if of == "f" else FORMULA_TOO_LONG,
                                                 "column": None}}
            if reply.get("id") == request:
                return reply

    def _ready_worker(self, group: str | None, text: str) -> _Worker:
        self.start()
        worker = self._worker
        assert worker is not None
        deadline = time.monotonic() + self.startup
        while not worker.ready:
            try:
                message = worker.next(min(POLL, deadline - time.monotonic()))
            except queue.Empty:
                if self._superseded(group, text):
                    raise Superseded(text) from None
                if time.monotonic() >= deadline:
                    self.restart()
                    raise InputError(NOT_STARTED, field=Field.FUNCTION) from None
                continue
            if message is None:
                self.close()  # the next request tries a fresh one
                raise InputError(NOT_STARTED, field=Field.FUNCTION)
            worker.ready = message.get("ready") is True
        return worker

    def _superseded(self, group: str | None, text: str) -> bool:
        if group is None:
            return False
        with self._guard:
            return self._latest.get(group, text) != text

    def _remembered(self, key: tuple[str, str]) -> Answer | None:
        with self._guard:
            answer = self._cache.get(key)
            if answer is not None:
                self._cache.move_to_end(key)
            return answer

    def _remember(self, key: tuple[str, str], answer: Answer) -> None:
        with self._guard:
            self._cache[key] = answer
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)


def _refusal(answer: Answer, field: Field) -> InputError:
    if not isinstance(answer, tuple):  # pragma: no cover - a reading of the other kind: never sent
        return InputError(GARBLED, field=field)
    message, column = answer
    return InputError(message, field=field, column=column)


_CLIENT = Client()
atexit.register(_CLIENT.close)


def start_worker() -> None:
    """Start this process's symbolic worker now (it loads sympy in the background)."""
    _CLIENT.start()


def expect(text: str) -> None:
    """Start this process's worker now if ``text``, soon asked for, needs it (it is not known)."""
    _CLIENT.expect(text)


def stop_worker() -> None:
    _CLIENT.close()


def derivation_of(text: str, *, group: str | None = None) -> Derivation:
    """The derivation of ``text`` from this process's worker (see the module's notes)."""
    return _CLIENT.derivation(text, group)


def formula_of(text: str) -> StepFormula:
    """A schedule's formula in k read by this process's worker (refusals concern the schedule)."""
    return _CLIENT.formula(text)
