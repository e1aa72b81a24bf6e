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
* :func:`budget`: the texts asked for within a block share one wall-clock budget (a lesson's
  functions: ``lrtui.teaching.lesson.PARSE_SECONDS``). When it is spent, the worker busy with
  a text is restarted and the request is refused with :class:`OutOfTime`, which is never
  remembered (the text itself may be fine).
* :func:`formula_of` reads a schedule's formula in k (``lambda:f=0.95^k``) the same way: the
  same worker, waits and limits, its answers remembered apart from the functions' (the same
  text may be both); its refusals concern the schedule.
* Answers shared between processes: where the environment names a folder
  (``LRTUI_SHARED_ANSWERS``, which ``lrtui serve`` sets for the tabs it starts), the worker's
  answers to texts asked for outside a group (a lesson's, a command line's, the app's Enter —
  not each keystroke's check) are kept there, one small JSON file each (at most
  ``SHARED_MAX``), and every process looks there before asking its own worker: a lesson's
  functions are differentiated once per ``lrtui serve``, not once per browser tab. What is read
  from there is code like the worker's own answers, and goes through the same check
  (:mod:`lrtui.expr.compiled`) before it is compiled.
"""

from __future__ import annotations

import atexit
import contextlib
import contextvars
import hashlib
import itertools
import json
import os
import queue
import secrets
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from lrtui.cancel import Cancelled
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

__all__ = ["Client", "OutOfTime", "Superseded", "budget", "derivation_of", "expect", "formula_of", "start_worker",
           "stop_worker"]

STARTUP_SECONDS = 60.0  # for the worker to import sympy, however busy the machine
KILL_AFTER = 0.2  # seconds of work on a superseded text before the worker is restarted for it
POLL = 0.05  # how often a waiting request looks whether it was superseded
CACHE_SIZE = 256
ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding the lrtui package
BOOT = ("# lrtui's symbolic worker\nimport sys\nif sys.argv[1] not in sys.path: sys.path.insert(0, sys.argv[1])\n"
        "from lrtui.expr.worker import main\nmain()\n")
SHARED_ENV = "LRTUI_SHARED_ANSWERS"  # a folder where processes share the worker's answers
SHARED_MAX = 1024  # answers kept there at most
NOT_STARTED = "the function cannot be checked: the process that differentiates it did not start"
GARBLED = "the function cannot be checked: the process that differentiates it answered nonsense"


class OutOfTime(InputError):
    """The budget shared by the texts of a block (:func:`budget`) is spent: this text was not
    answered, and is not remembered as refused."""


_BUDGET: contextvars.ContextVar[tuple[float, float, str] | None] = contextvars.ContextVar("lrtui_budget",
                                                                                          default=None)


@contextlib.contextmanager
def budget(seconds: float, what: str) -> Iterator[None]:
    """Within the block, the texts asked for (by this thread) share ``seconds`` of wall clock,
    the worker's start included; beyond, :class:`OutOfTime`: "``what`` take more than
    ``seconds`` s in all to differentiate". An outer budget that ends sooner still holds."""
    outer = _BUDGET.get()
    deadline = time.monotonic() + seconds
    token = _BUDGET.set(outer if outer is not None and outer[0] <= deadline else (deadline, seconds, what))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def _out_of_time() -> OutOfTime:
    spent = _BUDGET.get()
    assert spent is not None
    _, seconds, what = spent
    return OutOfTime(f"{what} take more than {seconds:g} s in all to differentiate", field=Field.FUNCTION)


def _deadline() -> float | None:
    spent = _BUDGET.get()
    return None if spent is None else spent[0]


class Superseded(Cancelled):
    """A newer request of the same group asked for another text: this answer would not be used.
    A cancellation (:class:`lrtui.cancel.Cancelled`), not a failure: nothing to report, no bug."""


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
                 command: list[str] | None = None, known: Callable[[str], Derivation | None] | None = None,
                 shared: str | None = None) -> None:
        """``known``: the answers given without the worker (default: lrtui's own texts,
        :func:`lrtui.expr.known.answer`); ``lambda text: None`` sends every text to the worker.
        ``shared``: the folder of answers shared between processes (default: the one
        ``LRTUI_SHARED_ANSWERS`` names, if any)."""
        self.shared = shared
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
        self._cache: OrderedDict[str, Derivation | tuple[str, int | None]] = OrderedDict()
        self._formulas: OrderedDict[str, StepFormula | tuple[str, int | None]] = OrderedDict()  # formulas in k
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
        known = self._remembered(text) or self._shared(text)
        if known is not None:
            return _unpack(known)
        with self._serving:
            known = self._remembered(text) or self._shared(text)
            if known is not None:
                return _unpack(known)
            if self._superseded(group, text):
                raise Superseded(text)
            deadline = _deadline()
            if deadline is not None and time.monotonic() >= deadline:
                raise _out_of_time()
            reply = self._ask(text, group)
        answer: Derivation | tuple[str, int | None]
        if "derivation" in reply:
            try:
                answer = Derivation.from_json(reply["derivation"])
            except (KeyError, TypeError, ValueError):  # never expected: our worker wrote it
                raise InputError(GARBLED, field=Field.FUNCTION) from None
        else:
            error = reply.get("error") or {}
            column = error.get("column")
            answer = (str(error.get("message", TOO_LONG)), column if isinstance(column, int) else None)
        self._remember(text, answer)
        if group is None:
            self._share(text, answer)
        return _unpack(answer)

    def formula(self, text: str) -> StepFormula:
        """A schedule's formula in k, read by the worker (``"of": "k"``); refusals concern the schedule.

        Its columns count in ``text`` as given, leading blanks included: a caller that pads the
        formula with the blanks before it in a spec gets columns in the spec."""
        too_long = length_error(text)
        if too_long is not None:
            raise InputError(str(too_long).replace("the function", "the formula"), field=Field.SCHEDULE,
                             column=too_long.column)
        with self._guard:
            known = self._formulas.get(text)
        if known is None:
            try:
                with self._serving:
                    reply = self._ask(text, None, "k")
            except InputError as refused:  # the worker did not start, or the time is spent
                raise InputError(str(refused).replace("the function", "the formula"), field=Field.SCHEDULE) from None
            if "formula" in reply:
                try:
                    known = StepFormula.from_json(reply["formula"])
                except (KeyError, TypeError, ValueError):  # never expected: our worker wrote it
                    raise InputError(GARBLED.replace("the function", "the formula"), field=Field.SCHEDULE) from None
            else:
                error = reply.get("error") or {}
                column = error.get("column")
                known = (str(error.get("message", FORMULA_TOO_LONG)), column if isinstance(column, int) else None)
            with self._guard:
                self._formulas[text] = known
                while len(self._formulas) > CACHE_SIZE:
                    self._formulas.popitem(last=False)
        if isinstance(known, StepFormula):
            return known
        message, column = known
        raise InputError(message, field=Field.SCHEDULE, column=column)

    def _ask(self, text: str, group: str | None, of: str = "f") -> dict[str, Any]:
        """Send ``text`` (a function, or a formula in k when ``of`` is "k") and wait for the answer."""
        worker = self._ready_worker(group, text)
        request = next(self._ids)
        self.requests += 1
        message: dict[str, Any] = {"id": request, "text": text}
        if of != "f":
            message["of"] = of
        too_long = TOO_LONG if of == "f" else FORMULA_TOO_LONG
        try:
            worker.send(message)
        except OSError:  # it died since it said it was ready: once more with a fresh one
            self.restart()
            worker = self._ready_worker(group, text)
            worker.send(message)
        sent = time.monotonic()
        deadline = _deadline()
        while True:
            now = time.monotonic()
            waited = now - sent
            if deadline is not None and now >= deadline and waited < self.wait:
                self.restart()  # it is still busy with this text: the budget's end stops it
                raise _out_of_time()
            if waited >= self.wait:
                self.restart()
                return {"id": request, "error": {"message": too_long, "column": None}}
            left = self.wait - waited if deadline is None else min(self.wait - waited, deadline - now)
            try:
                reply = worker.next(min(POLL, left))
            except queue.Empty:
                if waited > KILL_AFTER and self._superseded(group, text):
                    self.restart()
                    raise Superseded(text) from None
                continue
            if reply is None:  # it ended: it used up its CPU limit, or its memory
                self.restart()
                return {"id": request, "error": {"message": too_long, "column": None}}
            if reply.get("id") == request:
                return reply

    def _ready_worker(self, group: str | None, text: str) -> _Worker:
        self.start()
        worker = self._worker
        assert worker is not None
        deadline = time.monotonic() + self.startup
        spent = _deadline()
        while not worker.ready:
            try:
                message = worker.next(min(POLL, deadline - time.monotonic()))
            except queue.Empty:
                if self._superseded(group, text):
                    raise Superseded(text) from None
                if spent is not None and time.monotonic() >= spent:
                    raise _out_of_time() from None  # the worker goes on starting, for the next request
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

    def _remembered(self, text: str) -> Derivation | tuple[str, int | None] | None:
        with self._guard:
            answer = self._cache.get(text)
            if answer is not None:
                self._cache.move_to_end(text)
            return answer

    def _remember(self, text: str, answer: Derivation | tuple[str, int | None]) -> None:
        with self._guard:
            self._cache[text] = answer
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

    # -- answers shared between processes (lrtui serve's tabs) -----------------------------------
    def _shared_folder(self) -> Path | None:
        folder = self.shared if self.shared is not None else os.environ.get(SHARED_ENV)
        return Path(folder) if folder else None

    def _shared(self, text: str) -> Derivation | tuple[str, int | None] | None:
        """The answer another process kept for ``text``, remembered here too; None if none."""
        folder = self._shared_folder()
        if folder is None:
            return None
        try:
            with open(folder / _shared_name(text), encoding="utf-8") as fh:
                kept = json.load(fh)
            if not isinstance(kept, dict) or kept.get("text") != text:
                return None
            if "derivation" in kept:
                answer: Derivation | tuple[str, int | None] = Derivation.from_json(kept["derivation"])
            else:
                column = kept["error"].get("column")
                answer = (str(kept["error"]["message"]), column if isinstance(column, int) else None)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None
        self._remember(text, answer)
        return answer

    def _share(self, text: str, answer: Derivation | tuple[str, int | None]) -> None:
        """Keep the worker's answer for the other processes (never fails: sharing is a help)."""
        folder = self._shared_folder()
        if folder is None:
            return
        if isinstance(answer, Derivation):
            kept: dict[str, Any] = {"text": text, "derivation": answer.to_json()}
        else:
            kept = {"text": text, "error": {"message": answer[0], "column": answer[1]}}
        part = folder / f".{secrets.token_hex(8)}.part"
        try:
            with os.scandir(folder) as entries:
                if sum(1 for _ in itertools.islice(entries, SHARED_MAX)) >= SHARED_MAX:
                    return
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(kept, fh)
            os.replace(part, folder / _shared_name(text))
        except OSError:
            with contextlib.suppress(OSError):
                part.unlink()


def _shared_name(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() + ".json"


def _unpack(answer: Derivation | tuple[str, int | None]) -> Derivation:
    if isinstance(answer, Derivation):
        return answer
    message, column = answer
    raise InputError(message, field=Field.FUNCTION, column=column)


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


def formula_of(text: str) -> StepFormula:
    """A schedule's formula in k read by this process's worker (refusals concern the schedule)."""
    return _CLIENT.formula(text)


def derivation_of(text: str, *, group: str | None = None) -> Derivation:
    """The derivation of ``text`` from this process's worker (see the module's notes)."""
    return _CLIENT.derivation(text, group)
