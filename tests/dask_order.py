"""How much of a Dask report's work its static order keeps in memory: a test helper, used by
tests/test_distributed.py and by benchmarks/bench_dask.py (which puts this folder on its
path)."""

from __future__ import annotations

from typing import Any


def most_evaluated_held(collections: list[Any]) -> int:
    """The most evaluated partitions one thread holds at once when it computes *collections*
    in Dask's static order (``dask.order``: the priorities a worker runs its tasks by), each
    held from its evaluation until the last task that reads it."""
    from dask.base import collections_to_expr
    from dask.core import get_dependencies, reverse_dict
    from dask.order import order

    graph = dict(collections_to_expr(collections, True).optimize().__dask_graph__())
    needs = {key: get_dependencies(graph, key) for key in graph}
    readers = reverse_dict(needs)
    done: set[Any] = set()
    held: set[Any] = set()
    most = 0
    for key in sorted(graph, key=order(graph).__getitem__):
        done.add(key)
        if str(key[0] if isinstance(key, tuple) else key).startswith("_evaluate"):
            held.add(key)
        held -= {dep for dep in needs[key] if readers[dep] <= done}
        most = max(most, len(held))
    return most
