"""Bounds on what one computation may ask for (a light module: front ends check input against it)."""

MAX_STEPS = 1_000_000  # the step budget of one scenario
MAX_RECORDS = 20_000_000  # runs × (steps + 1) recorded: bounds memory (≈ 0.5 GB at d = 1)
