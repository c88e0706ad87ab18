"""Garbage collection set for a process that builds large object graphs and drops them whole.

Loading, scoring and rendering make hundreds of thousands of objects that live until the command
ends (locations, models, cells), and Python's collector starts a young collection every 700 of them,
each time walking the survivors again: at 3,000 nodes it ran 1,430 times and took 1.7 of 4.5
processor seconds (benchmarks/bench_growth.py, docs/architecture.md). Our objects rarely form cycles,
so collecting less often frees the same memory a little later: the peak did not change.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Allocations (net of frees) between young collections; Python's default is 700.
YOUNG = 10_000


def tune() -> None:
    """Exempt every object made so far (modules, classes, schemas) from collection and collect less often."""
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG, middle, old)


@contextmanager
def paused() -> Iterator[None]:
    """Run the block without collecting, then leave the collector on or off as it was.

    For a step whose objects all live on and form no cycles, such as loading a scorecard: each collection
    in between walks them again and frees nothing (at 20,000 nodes a third of the time to load).
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
