"""Served to a browser (lrtui serve): s and e write into the session's folder and send the file to the browser."""

from __future__ import annotations

from app_helpers import settle

from lrtui.app.app import LrtuiApp
from lrtui.teaching.presets import preset


def served_app(folder, sent):
    app = LrtuiApp(preset("quadratic").scenario, screenshot_dir=str(folder), served=True)
    app.deliver_binary = lambda path, **kw: sent.append((path, kw)) or "key"  # what textual-serve receives
    return app


async def test_s_and_e_write_in_the_session_folder_and_deliver_the_file(tmp_path):
    sent: list = []
    app = served_app(tmp_path, sent)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await pilot.press("e")
        messages = [n.message for n in app._notifications]
    (svg,) = tmp_path.glob("lrtui-*.svg")
    (csv,) = tmp_path.glob("lrtui-lr0.01-*.csv")
    assert [path for path, _ in sent] == [svg, csv]
    assert [kw["mime_type"] for _, kw in sent] == ["image/svg+xml", "text/csv"]
    assert all(kw["open_method"] == "download" for _, kw in sent)
    assert messages == [f"screenshot saved to your browser's downloads ({svg.name})",
                        f"η=0.01 exported to your browser's downloads ({csv.name})"]


async def test_in_a_terminal_nothing_is_delivered(tmp_path):
    sent: list = []
    app = LrtuiApp(preset("quadratic").scenario, screenshot_dir=str(tmp_path))
    app.deliver_binary = lambda path, **kw: sent.append(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
    assert sent == [] and len(list(tmp_path.glob("lrtui-*.svg"))) == 1


async def test_a_served_tab_starts_with_its_key_bar(tmp_path):
    """Textual's web driver starts unfocused (an AppBlur before the browser says anything): the key
    bar showed nothing, and did nothing, until the browser sent focus."""
    from textual import events
    from textual.widgets import Footer

    from lrtui.app.render import screen_text

    app = served_app(tmp_path, [])
    async with app.run_test(size=(80, 24)) as pilot:
        app.post_message(events.AppBlur())  # what the web driver posts once it starts
        await settle(app, pilot)
        await pilot.pause()
        assert not app.app_focus  # the browser has not said focus yet
        assert "help" in screen_text(app).splitlines()[-1] and app.screen.query_one(Footer).children
        await pilot.click("FooterKey", offset=(1, 0))  # its keys work: a click on one focuses the app
        await pilot.pause()
        assert app.app_focus
