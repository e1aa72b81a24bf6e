"""A result that arrives while the app closes (ctrl+q right after the start) is dropped, not shown:
the screen's widgets are being taken down, and showing it ended the app with a traceback and
status 1 (seen in a pty, quitting within ≈ 0.2 s of the start)."""

from app_helpers import make_app, settle

from lrtui.app.computed import Computed
from lrtui.app.latest import Done
from lrtui.teaching.presets import preset


async def test_a_result_arriving_as_the_app_closes_is_dropped():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        main, computing = app.main, app.main.computing
        shown = main.scenario
        other = preset("wiggly").scenario
        app._running = False  # what Textual's shutdown does first, before it takes the widgets down
        try:
            computing._landed(computing.last, Done(Computed(other, main.scene)))  # the compute thread's outcome lands
            assert main.scenario == shown  # dropped, not shown
        finally:
            app._running = True
