"""How many cells each field of a row gets: all of its text when the row has room, otherwise as
many whole fields as possible and every other one at least its first item (cut with …).
"""

from __future__ import annotations

from dataclasses import dataclass

from .format import shortest

EMPTY = 4  # an empty field still gets room to start typing


@dataclass(frozen=True)
class Row:
    cells: dict[str, int]  # text cells per field, in the row's order
    padded: bool  # a cell of padding inside each field (False: the row is tight)


def allot(texts: dict[str, str], labels: dict[str, str], width: int, keep_last: tuple[str, ...] = ()) -> Row:
    """Text cells per field for a row ``width`` cells wide: each field costs its label, a space,
    its padding (1, or none when the row is tight: rather than cutting a text), its text and a
    space after it."""
    for padded in (True, False):
        decor = sum(len(labels[n]) + 1 + (1 if padded else 0) + 1 for n in texts)
        room = width - decor
        want = {n: max(len(t), EMPTY) for n, t in texts.items()}
        floor = {n: max(min(shortest(t), want[n]), EMPTY if not t else 1) for n, t in texts.items()}
        whole = {n: max(len(t), floor[n]) for n, t in texts.items()}
        if sum(whole.values()) <= room:  # padding only while every text is whole
            break
    roomy = {n: max(len(t) + 1, EMPTY) for n, t in texts.items()}  # a cell after the text: for the cursor
    if sum(want.values()) <= room:  # all fits: the room left is shared, to type into
        cells = dict(roomy if sum(roomy.values()) <= room else want)
        extra, n = room - sum(cells.values()), len(texts)
        for i, name in enumerate(texts):
            cells[name] += extra // n + (1 if i < extra % n else 0)
        return Row(cells, padded)
    cells = dict(floor)
    left = room - sum(floor.values())
    for target in (whole, want):  # first as many whole texts as fit, the nearest to whole first; then room
        for name in sorted(texts, key=lambda n: target[n] - cells[n]):  # noqa: B023 - used at once
            grow = min(target[name] - cells[name], max(left, 0))
            cells[name] += grow
            left -= grow
    if left < 0:  # not even the floors fit: the lists give up cells first (a cut is marked with …),
        over = -left  # the names last (opt and sched keep their first name whenever they can)
        for name in sorted(texts, key=lambda n: (n in keep_last, -cells[n])):
            take = min(over, cells[name] - 2)
            cells[name] -= max(take, 0)
            over -= max(take, 0)
    return Row(cells, padded)
