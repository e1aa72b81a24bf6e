"""lrtui's command holds the cyclic garbage collector while the app starts (lrtui.app.collector):
it runs again once the first result is on screen, and a start that ends early never leaves it off."""

import gc

from app_helpers import make_app, settle

from lrtui.app import collector
from lrtui.cli.app import main


async def test_the_collector_runs_again_once_the_first_result_is_on_screen():
    assert gc.isenabled()
    collector.hold()  # as `lrtui` does before Textual loads
    try:
        assert not gc.isenabled()
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            assert app.main.scene is not None  # the first result is on screen
            await pilot.pause()
            assert gc.isenabled()
    finally:
        collector.release()


def test_a_start_refused_before_the_app_opens_leaves_the_collector_on(tmp_path, capsys):
    assert main(["--screenshot-dir", str(tmp_path / "missing")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert gc.isenabled()


def test_a_collector_stopped_by_someone_else_stays_stopped():
    gc.disable()
    try:
        collector.hold()
        collector.release()
        assert not gc.isenabled()
    finally:
        gc.enable()
