"""Net Promoter Score with its 95% confidence interval.

NPS = 100 * (p_promoters - p_detractors). Each answer scores +1, 0 or -1, so
the variance of one answer is p_p + p_d - (p_p - p_d)^2 and the standard error
of the NPS is 100 * sqrt(variance / n).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Z95", "NpsCell", "nps_cell"]

Z95 = 1.959963984540054


@dataclass(frozen=True)
class NpsCell:
    n: int
    promoters: int
    passives: int
    detractors: int
    value: float | None
    ci_low: float | None
    ci_high: float | None


def nps_cell(promoters: int, passives: int, detractors: int) -> NpsCell:
    """The NPS of these counts; ``value`` is None when there are no answers.

    >>> nps_cell(50, 30, 20).value
    30.0
    """
    n = promoters + passives + detractors
    if n == 0:
        return NpsCell(0, 0, 0, 0, None, None, None)
    p_p, p_d = promoters / n, detractors / n
    value = 100.0 * (p_p - p_d)
    variance = max(p_p + p_d - (p_p - p_d) ** 2, 0.0)
    half = 100.0 * Z95 * math.sqrt(variance / n)
    return NpsCell(n, promoters, passives, detractors, value, max(value - half, -100.0), min(value + half, 100.0))
