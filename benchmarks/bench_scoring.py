"""Benchmark the scoring engine on a synthetic portfolio against a scipy.sparse matrix roll-up and networkx.

Generates a forest of 1,000,000 nodes in trees of fan-out 5 with 12 periods of actuals on the leaves,
then times, each phase in a fresh process so that its peak memory is its own:

  build    the engine's cascade arrays (levels, edges sorted by level)
  score    own scores by method and the roll-up, all 12 periods (build included: end to end)
  scipy    the same roll-up as sparse matrix products: the [parent, child] weight matrix times the
           scores, every period at once, repeated until nothing changes (once per level, plus one);
           own scores computed the same way, build included
  networkx building a networkx DiGraph and rolling up ONE period node by node in Python

and checks that the three agree to 1e-9 (scipy is a development dependency, for this comparison only).

Usage: python benchmarks/bench_scoring.py [--nodes N]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

PERIODS = 12
FANOUT = 5
TREE_SIZE = 781  # 1 + 5 + 25 + 125 + 625: four levels below each root


def generate(nodes: int, folder: Path) -> None:
    """Write the synthetic portfolio's arrays into folder."""
    rng = np.random.default_rng(7)
    index = np.arange(nodes)
    local = index % TREE_SIZE
    tree_start = index - local
    has_parent = local > 0
    child = index[has_parent]
    parent = (tree_start + (local - 1) // FANOUT)[has_parent]
    weight = rng.integers(1, 6, size=len(child)).astype(np.float64)
    is_leaf = np.ones(nodes, dtype=bool)
    is_leaf[parent] = False
    baseline = rng.uniform(50, 100, nodes)
    target = baseline + rng.choice([-1, 1], nodes) * rng.uniform(5, 30, nodes)
    actual = baseline[:, None] + (target - baseline)[:, None] * rng.uniform(-0.2, 1.3, (nodes, PERIODS))
    actual[rng.random((nodes, PERIODS)) < 0.05] = np.nan  # some missing data
    actual[~is_leaf] = np.nan
    for name, value in {
        "child": child,
        "parent": parent,
        "weight": weight,
        "baseline": baseline,
        "target": target,
        "actual": actual,
    }.items():
        np.save(folder / f"{name}.npy", value)


def _load(folder: Path) -> dict[str, Any]:
    return {p.stem: np.load(p) for p in folder.glob("*.npy")}


def _engine(folder: Path, phase: str) -> dict[str, Any]:
    from kpicascade.scoring import methods
    from kpicascade.scoring.engine import Cascade, roll_up

    data = _load(folder)
    n = len(data["baseline"])
    start = time.perf_counter()
    cascade = Cascade(n, data["child"], data["parent"], data["weight"])
    built = time.perf_counter() - start
    if phase == "build":
        return {"seconds": built}
    own = methods.linear(data["actual"], data["baseline"][:, None], data["target"][:, None])
    rolled = roll_up(cascade, own, in_place=True)
    score, status = rolled.score, rolled.status
    seconds = time.perf_counter() - start
    np.save(folder / "engine_period0.npy", score[:, 0])
    return {"seconds": seconds, "build": built, "green": int((status == 3).sum())}


def _scipy(folder: Path) -> dict[str, Any]:
    from scipy import sparse

    data = _load(folder)
    n = len(data["baseline"])
    start = time.perf_counter()
    weights = sparse.csr_matrix((data["weight"], (data["parent"], data["child"])), shape=(n, n))
    parents = (np.diff(weights.indptr) > 0)[:, None]
    own = (data["actual"] - data["baseline"][:, None]) / (data["target"] - data["baseline"])[:, None]
    score = np.where(parents, np.nan, own)
    rounds = 0
    while True:
        rounds += 1
        present = ~np.isnan(score)
        total = weights @ np.where(present, score, 0.0)
        counted = weights @ present.astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            rolled = np.where(counted > 0, total / counted, np.nan)
        updated = np.where(parents, rolled, own)
        if np.array_equal(updated, score, equal_nan=True):
            break
        score = updated
    seconds = time.perf_counter() - start
    ours = np.load(folder / "engine_period0.npy")
    both = ~np.isnan(ours)
    agree = bool(np.array_equal(both, ~np.isnan(score[:, 0])))
    diff = float(np.max(np.abs(ours[both] - score[both, 0]))) if both.any() else 0.0
    return {"seconds": seconds, "rounds": rounds, "max_diff": diff, "same_missing": agree}


def _networkx(folder: Path) -> dict[str, Any]:
    import networkx as nx

    data = _load(folder)
    n = len(data["baseline"])
    start = time.perf_counter()
    graph = nx.DiGraph()
    graph.add_nodes_from(range(n))
    graph.add_weighted_edges_from(
        zip(data["child"].tolist(), data["parent"].tolist(), data["weight"].tolist(), strict=True)
    )
    built = time.perf_counter() - start
    actual, baseline, target = data["actual"][:, 0], data["baseline"], data["target"]
    start = time.perf_counter()
    score: dict[int, float] = {}
    for node in nx.topological_sort(graph):
        preds = graph.pred[node]
        if not preds:
            value = actual[node]
            score[node] = float("nan") if value != value else (value - baseline[node]) / (target[node] - baseline[node])
            continue
        total = weights = 0.0
        for child, edge in preds.items():
            s = score[child]
            if s == s:
                total += edge["weight"] * s
                weights += edge["weight"]
        score[node] = total / weights if weights else float("nan")
    rolled = time.perf_counter() - start
    ours = np.load(folder / "engine_period0.npy")
    theirs = np.array([score[i] for i in range(n)])
    both = ~np.isnan(ours)
    agree = bool(np.array_equal(both, ~np.isnan(theirs)))
    diff = float(np.max(np.abs(ours[both] - theirs[both]))) if both.any() else 0.0
    return {"seconds": rolled, "build": built, "max_diff": diff, "same_missing": agree}


def _run(target: str, folder: Path, queue: Any) -> None:
    if target in {"networkx", "scipy"}:
        result = _networkx(folder) if target == "networkx" else _scipy(folder)
    else:
        result = _engine(folder, target)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(result)


def measure(target: str, folder: Path) -> dict[str, Any]:
    """Run one phase in a fresh process and return its figures with its peak memory."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_run, args=(target, folder, queue))
    proc.start()
    result: dict[str, Any] = queue.get()
    proc.join()
    return result


def main() -> int:
    """Run the benchmark and print its figures; exit 1 when the two ways disagree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(args.nodes, folder)
        build = measure("build", folder)
        engine = measure("score", folder)
        matrix = measure("scipy", folder)
        naive = measure("networkx", folder)
    per_period_engine = engine["seconds"] / PERIODS
    print(f"portfolio: {args.nodes:,} nodes in trees of fan-out {FANOUT}, {PERIODS} periods")
    print(f"build cascade arrays      {build['seconds']:8.3f} s   peak {build['peak_mb']:7.0f} MB")
    print(
        f"score all {PERIODS} periods      {engine['seconds']:8.3f} s   peak {engine['peak_mb']:7.0f} MB"
        f"   (end to end, build included; target < 1.5 s, < 1536 MB)"
    )
    print(
        f"scipy.sparse {PERIODS} periods   {matrix['seconds']:8.3f} s   peak {matrix['peak_mb']:7.0f} MB"
        f"   ({matrix['rounds']} matrix products; engine / scipy {engine['seconds'] / matrix['seconds']:.2f})"
    )
    print(f"networkx graph build      {naive['build']:8.3f} s")
    print(f"networkx roll-up 1 period {naive['seconds']:8.3f} s   peak {naive['peak_mb']:7.0f} MB")
    print(f"speed-up per period       {naive['seconds'] / per_period_engine:8.1f}x  (target >= 30x)")
    print(f"speed-up, 12 engine periods vs 1 networkx period {naive['seconds'] / engine['seconds']:.1f}x")
    agree = True
    for name, other in (("scipy.sparse", matrix), ("networkx", naive)):
        same = other["same_missing"] and other["max_diff"] <= 1e-9
        agree = agree and same
        print(
            f"{name} and the engine {'agree' if same else 'DISAGREE'} to 1e-9: max difference "
            f"{other['max_diff']:.3g}, same missing nodes: {other['same_missing']}"
        )
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
