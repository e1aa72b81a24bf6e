"""The terminal app: reads a finished Result and chooses what to show (step, run, scale).

Nothing here computes a descent except through :func:`lrtui.teaching.scenario.compute`, once per
applied scenario, in a worker thread.
"""
