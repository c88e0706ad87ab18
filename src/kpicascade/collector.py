"""Garbage collection set for a process that builds large object graphs and drops them whole.

Loading, scoring and rendering make hundreds of thousands of objects that live until the command
ends (locations, models, cells), and Python's collector starts a young collection every 700 of them,
each time walking the survivors again: at 3,000 nodes it ran 1,430 times and took 1.7 of 4.5
processor seconds (benchmarks/bench_growth.py, docs/architecture.md). Our objects rarely form cycles,
so collecting less often frees the same memory a little later: the peak did not change.
"""

from __future__ import annotations

import gc

#: Allocations (net of frees) between young collections; Python's default is 700.
YOUNG = 10_000


def tune() -> None:
    """Exempt every object made so far (modules, classes, schemas) from collection and collect less often."""
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG, middle, old)
