"""s saves an SVG and e a CSV in the screenshot folder, and say where; failures are reported."""

import csv
import re

from app_helpers import make_app, settle

from lrtui.app.files import stamped


def last_notification(app):
    return list(app._notifications)[-1]


async def test_s_saves_a_timestamped_svg_and_says_where(app_in, tmp_path):
    app = app_in()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        files = list(tmp_path.glob("lrtui-*.svg"))
        assert len(files) == 1 and re.fullmatch(r"lrtui-\d{8}-\d{6}\.svg", files[0].name)
        assert files[0].read_text().startswith("<svg")
        assert str(files[0]) in last_notification(app).message


async def test_e_exports_the_selected_run_as_csv(app_in, tmp_path):
    app = app_in()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("right_square_bracket", "e")
        (path,) = tmp_path.glob("lrtui-*.csv")
        rows = list(csv.reader(path.open()))
        assert rows[0] == ["run", "lr", "step", "x", "loss", "grad", "update"]
        assert len(rows) == 1 + 21 and {r[1] for r in rows[1:]} == {"0.1"}
        assert "η=0.1 exported to" in last_notification(app).message


async def test_an_unwritable_folder_is_reported_not_a_crash(tmp_path):
    app = make_app(screenshot_dir=str(tmp_path / "missing"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s", "e")
        notes = list(app._notifications)
        assert [n.severity for n in notes[-2:]] == ["error", "error"]
        assert "could not save the screenshot" in notes[-2].message
        assert app.is_running


def test_names_taken_in_the_same_second_get_a_number(tmp_path):
    first = stamped(tmp_path, "lrtui", ".svg")
    first.write_text("x")
    second = stamped(tmp_path, "lrtui", ".svg")
    assert second != first and second.name.endswith("-2.svg")
