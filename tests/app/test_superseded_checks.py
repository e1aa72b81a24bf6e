"""Only real bugs go to the error log: a function check that a newer keystroke superseded is not one."""

from __future__ import annotations

import threading

import pytest

from lrtui.app import error_log
from lrtui.app.widgets import fields
from lrtui.errors import Field, InputError
from lrtui.expr import function
from lrtui.expr.client import Client, Superseded


def test_a_superseded_function_check_leaves_the_error_log_empty(monkeypatch):
    def superseded(text: str, *, group: str | None = None):
        raise Superseded(text)  # what the symbolic worker's client raises when the next keystroke came first

    monkeypatch.setattr(function, "derivation_of", superseded)
    for text in ("x^3 + 1", "x^3 + 12", "x^3 + 123"):
        with pytest.raises(Superseded):  # handed to the form's worker, which drops it
            fields.check(Field.FUNCTION, text)
    assert not error_log.log_path().exists()


def test_a_real_bug_in_a_check_still_goes_to_the_error_log(monkeypatch):
    def broken(text: str, *, group: str | None = None):
        raise KeyError("a bug")

    monkeypatch.setattr(function, "derivation_of", broken)
    assert fields.check(Field.FUNCTION, "x^3 + 1") == (None, "f(x): cannot read this (KeyError)")
    assert "KeyError: 'a bug'" in error_log.log_path().read_text(encoding="utf-8")


def test_the_client_s_superseded_requests_are_recorded_nowhere():
    """The real client, two keystrokes: the first request, still waiting for its worker to start, is
    superseded by the second; the second finds no worker (this one never says it is ready)."""
    client = Client(startup=3, command=["sleep", "30"], known=lambda text: None)
    outcomes: dict[str, BaseException] = {}

    def ask(text: str) -> None:
        try:
            client.derivation(text, group="field")
        except BaseException as err:  # noqa: BLE001 - kept to be looked at below
            outcomes[text] = err

    try:
        first = threading.Thread(target=ask, args=("x^3 + 1",))
        first.start()
        while client.spawned == 0:  # the first request has started the worker and waits for it
            first.join(0.01)
        second = threading.Thread(target=ask, args=("x^3 + 12",))
        second.start()
        first.join(30)
        second.join(30)
    finally:
        client.close()
    assert isinstance(outcomes["x^3 + 1"], Superseded)
    assert isinstance(outcomes["x^3 + 12"], InputError)  # the worker that never started: a real answer
    for text, err in outcomes.items():
        error_log.record(err, f"checking the function field: {text!r}")
    log = error_log.log_path().read_text(encoding="utf-8")
    assert "InputError" in log and "Superseded" not in log
