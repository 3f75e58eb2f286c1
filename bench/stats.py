"""Percentiles the way the benchmarks print them."""
from __future__ import annotations

import math


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least ``share`` percent of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share / 100 * len(ordered)) - 1, 0)]


def percentiles(values: list[float], shares=(50, 95, 99)) -> str:
    if not values:
        return "no samples"
    shown = [f"p{share:g} {percentile(values, share):.3f}" for share in shares]
    return "  ".join([*shown, f"max {max(values):.3f}"])
