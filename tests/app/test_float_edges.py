"""Numbers at the edge of float64: the app draws (clipped) and keeps going, whatever the keys;
`lrtui shot` makes its picture; the runs that overflow are called diverged."""

from __future__ import annotations

import pytest
from app_helpers import make_app, settle

from lrtui.app.render import screen_text
from lrtui.cli import main
from lrtui.teaching.scenario import Scenario

# every view (z ×3), both loss scales, both ends, steps, every step in full, the next run, the η_k chart
KEYS = ["z", "z", "z", "l", "end", "home", "right", "shift+right", "t", "right_square_bracket", "l", "g", "left"]


@pytest.mark.parametrize(
    ("function", "x0", "lrs", "status"),
    [
        ("x^2", (1e308,), (0.1,), "diverged"),  # f(x0) is inf
        ("x", (1e308,), (0.1,), "max_steps"),  # 1e308 − 0.1 is 1e308: at rest, x0 at the float limit
        ("exp(x)", (709.7,), (1.0,), "diverged"),  # the first step overflows
        ("1e308*x^2", (1.0,), (0.1,), "diverged"),  # f' overflows at x0
        ("sqrt(x)", (1e-308,), (1e308,), "diverged"),  # the tangent is steeper than any screen
        ("x^2 - y^2", (-1e308, 1e308), (0.1,), "diverged"),  # ∞ − ∞
        ("x^2 + 10*y^2", (1e154, -1e154), (0.1,), "diverged"),
    ],
)
async def test_the_app_keeps_going_at_the_float_limit(function, x0, lrs, status):
    app = make_app(Scenario.of(function=function, x0=x0, lrs=lrs, steps=50))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        result = app.main.scene.result
        assert [s.value for s in result.status] == [status]
        for key in KEYS:
            await pilot.press(key)
        await settle(app, pilot)
        assert app.is_running and app.main.scene.result is result
        text = screen_text(app)
        words = {"diverged": "diverged", "max_steps": "at rest at 50"}[status]
        assert words in text  # the runs panel says how it ended


@pytest.mark.parametrize("argv", [["-f", "exp(x)", "--x0", "700"], ["--x0", "1e308"], ["-f", "x", "--x0", "1e308"],
                                  ["-f", "sqrt(x)", "--x0", "1e-308", "--lr", "1e308"]])
def test_a_screenshot_at_the_float_limit_is_made(tmp_path, capsys, argv):
    out = tmp_path / "shot.svg"
    assert main(["shot", *argv, "--output", str(out)]) == 0
    _, err = capsys.readouterr()
    assert err == "" and out.read_text().startswith("<svg")
