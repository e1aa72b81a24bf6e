"""Bounds on what one computation may ask for (a light module: front ends check input against it).

Every computation is bounded three ways, each checked before any work starts:

* its steps: at most ``MAX_STEPS``;
* its runs: at most ``MAX_RUNS`` (every optimizer × every η) for a scenario — a sweep's runs
  are its points, bounded by ``lrtui.analysis.sweep.MAX_POINTS``;
* its work and its memory: at most ``MAX_RECORDS`` records (runs × (steps + 1)), and at most
  ``MAX_NUMBERS`` float64 numbers kept for them (a sweep, which keeps each run's final values
  only, is bounded by its work alone: at most ``MAX_WORK`` run-steps). A record of a run with d parameters keeps
  ``numbers_per_record`` numbers: x and ∇f (d each), f, the optimizer state that explains the
  step (d per named state: Adam's m̂ and v̂ are 2·d), η_k when a schedule is on, and the
  problem's extras (the regression's epoch). 60,000,000 numbers are 480 MB: with what Python,
  NumPy and the output need besides, the largest allowed computation stays under 1 GB
  (benchmarks/bench_memory.py measures it).

With gradient noise (``--noise``, ``--trials``) every trial is a run of its own for the work: runs ×
trials × (steps + 1) records at most ``MAX_RECORDS`` (``MAX_WORK`` run-steps for a sweep); what is
kept is the followed trial's records (as above) plus four numbers per run and record (the mean
and the 10th, 50th and 90th percentiles of the loss over the trials).
"""

MAX_STEPS = 1_000_000  # the step budget of one scenario
MAX_RUNS = 64  # η × optimizers of one scenario
MAX_RECORDS = 20_000_000  # runs × (steps + 1): bounds the work (≈ 1 M steps of 20 runs)
MAX_NUMBERS = 60_000_000  # float64 numbers kept for the records: bounds the memory (480 MB)
MAX_WORK = 200_000_000  # runs × steps of a sweep, which keeps final values only (200 η × 1 M steps)
MAX_TRIALS = 1_024  # independent noise streams per run (--trials); trials count toward MAX_RECORDS and MAX_WORK


def numbers_per_record(d: int, states: int, scheduled: bool, extras: int) -> int:
    """The float64 numbers one record of one run keeps: x and ∇f (d each), f, ``states``
    named optimizer states (d each), η_k when ``scheduled``, and ``extras`` problem values."""
    return 2 * d + 1 + states * d + int(scheduled) + extras
