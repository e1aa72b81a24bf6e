"""The commands ``lrtui`` takes besides opening the app: one list, which the dispatch
(``lrtui.cli``) and the usage line (``lrtui.cli.app``) both read."""

COMMANDS = ("run", "shot", "sweep", "lesson", "handout", "serve")
