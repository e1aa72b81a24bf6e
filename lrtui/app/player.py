"""Play: a Textual timer that moves the step cursor, at a speed + and − change.

Its status line says ▶ playing or ⏸ paused, with the speed in steps a second while it
plays and once + or − has been pressed.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.timer import Timer

SPEEDS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 5_000, 10_000)  # steps per second
FPS = 20  # at most this many redraws a second; faster speeds take bigger strides


class Player:
    def __init__(self, set_interval: Callable[..., Timer], advance: Callable[[int], bool]):
        """``advance(n)`` moves n steps and says whether there is more to play."""
        self._set_interval = set_interval
        self._advance = advance
        self.level = SPEEDS.index(10)
        self._timer: Timer | None = None
        self._speed_asked = False  # + or − was pressed: the speed shows while paused too

    @property
    def playing(self) -> bool:
        return self._timer is not None

    @property
    def speed(self) -> int:
        return SPEEDS[self.level]

    def label(self) -> str:
        state = "▶ playing" if self.playing else "⏸ paused"
        if self.playing or self._speed_asked:
            return f"{state} · {self.speed:,} steps/s"
        return state

    def start(self) -> None:
        self.stop()
        sps = self.speed
        stride = max(1, round(sps / FPS))
        self._timer = self._set_interval(stride / sps, lambda: self._tick(stride))

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _tick(self, stride: int) -> None:
        if not self._advance(stride):
            self.stop()

    def change(self, delta: int) -> None:
        self.level = max(0, min(len(SPEEDS) - 1, self.level + delta))
        self._speed_asked = True
        if self.playing:
            self.start()
