"""Fixtures for the app's tests."""

from __future__ import annotations

import pytest
from app_helpers import make_app

from lrtui.teaching.scenario import Scenario


@pytest.fixture
def app_in(tmp_path):
    """An app whose screenshots and exports go to a temporary folder."""

    def build(scenario: Scenario | None = None, **kwargs):
        return make_app(scenario, screenshot_dir=str(tmp_path), **kwargs)

    return build


@pytest.fixture(autouse=True)
def state_folder(tmp_path, monkeypatch):
    """Error logs go to a temporary folder, never to the user's ~/.local/state."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
