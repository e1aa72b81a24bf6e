"""The descent: every run of a scenario, vectorized over runs (or one at a time on floats),
written into a recorder, stopped by the stop rules, returned as a :class:`~lrtui.engine.result.Result`.

The engine returns trajectories and statuses only; :mod:`lrtui.analysis` reads them.
"""
