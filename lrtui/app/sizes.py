"""The terminal sizes the layout is built around (no Textual here: ``lrtui shot`` checks --size with it)."""

from __future__ import annotations

MIN_SIZE = (60, 20)  # below this the app asks for a larger terminal
TALL = 32  # rows from which the η_k chart fits under the loss chart
WIDE = 100  # columns from which the regression's data and (w, b) plane both fit
