"""Fluke / pattern / trend classification of a metric series (control charts).

A CX metric watched per period (weekly NPS, CSAT share, mean effort score...)
is checked against Shewhart control limits computed from the series' own
history, and out-of-limit points are labelled with a run rule in the spirit of
the Western-Electric rules, as cxloop defines it:

* one out-of-control point on its own is a **fluke**;
* two consecutive out-of-control points on the same side are a **pattern**;
* three or more consecutive out-of-control points on the same side are a
  **trend**.

Every point of a run carries the run's final label, so a run of three reads
``trend, trend, trend``. Alerts are meant to fire on patterns and trends.

Charts
------
``classify_proportion`` is a p-chart: ``value = successes / n``, centre line
``p = sum(successes) / sum(n)`` over the baseline (the pooled proportion), and
per-point limits ``p ± sigma * sqrt(p * (1 - p) / n_i)`` clipped to [0, 1].
When the baseline proportion is exactly 0 or 1 the limits collapse onto the
centre and any departure from it is out of control (the usual p-chart caveat).

``classify_scores`` is an x-chart for means with per-point sample sizes, which
includes NPS (the mean of +1 / 0 / -1 scores, on whatever scale the caller
uses: -1..1 or -100..100, as long as ``values`` and ``variances`` agree).
Centre line = n-weighted mean of the baseline values; per-point limits
``centre ± sigma * sqrt(pooled_variance / n_i)``, where the pooled variance is
the n-weighted mean of the baseline points' per-answer variances (points whose
variance is None do not contribute to it; with no variance at all in the
baseline the limits are None and the point is normal).

Baseline (design choices)
-------------------------
* **Trailing window.** Point ``i`` is compared with limits estimated from the
  (at most) ``baseline`` most recent *earlier* eligible periods, never from
  itself or later periods. If fewer than ``baseline`` eligible earlier periods
  exist, all of them are used (so limits appear from the second period with
  data on, and firm up as history accumulates). A trailing window, unlike a
  fixed initial baseline, follows slow drifts of the level.
* **Out-of-control points are excluded** from every later baseline (flukes
  included), so a trend does not pull its own limits towards itself. The
  consequence: a sustained level shift keeps being reported as a trend for as
  long as it lasts; to accept a new level, re-run on the series from the shift.
* **No history.** A point with no eligible earlier period has ``center``,
  ``lower`` and ``upper`` None and status ``normal``.
* **No data.** A period with ``n == 0`` (or, for scores, a None value) has
  ``value`` None, ``lower`` / ``upper`` None (its ``center`` is still reported
  when history exists), status ``normal``; it breaks runs and never enters a
  baseline.
* A point is out of control only when strictly outside its limits (a
  relative tolerance of 1e-9 absorbs floating-point noise, so a perfectly flat
  series never flags).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "ControlPoint",
    "Direction",
    "Flag",
    "Status",
    "classify_proportion",
    "classify_scores",
    "label_runs",
]

Status = Literal["normal", "fluke", "pattern", "trend"]
Flag = Literal["up", "down"]
Direction = Flag | None

_REL_TOL = 1e-9


@dataclass(frozen=True)
class ControlPoint:
    period: str
    value: float | None
    n: int
    center: float | None
    lower: float | None
    upper: float | None
    status: Status
    direction: Direction


def _run_status(length: int) -> Status:
    if length == 1:
        return "fluke"
    if length == 2:
        return "pattern"
    return "trend"


def label_runs(flags: Sequence[Flag | None]) -> list[tuple[Status, Direction]]:
    """Label out-of-limit flags with the run rule.

    Consecutive flags in the same direction form a run; a run of 1 is a fluke,
    2 a pattern, 3 or more a trend, and every point of the run carries the
    run's final label. None (in control, or no data) and a change of direction
    break a run.

    >>> label_runs(["up", "up", None, "down"])
    [('pattern', 'up'), ('pattern', 'up'), ('normal', None), ('fluke', 'down')]
    """
    out: list[tuple[Status, Direction]] = []
    i = 0
    while i < len(flags):
        flag = flags[i]
        if flag is None:
            out.append(("normal", None))
            i += 1
            continue
        j = i
        while j < len(flags) and flags[j] == flag:
            j += 1
        status = _run_status(j - i)
        out.extend((status, flag) for _ in range(i, j))
        i = j
    return out


# For a point with this index, given the indices of its baseline periods,
# return (center, lower, upper); lower/upper may be None.
_Limits = Callable[[int, list[int]], tuple[float, float | None, float | None]]


def _flag(value: float, lower: float, upper: float) -> Flag | None:
    if value > upper and not math.isclose(value, upper, rel_tol=_REL_TOL):
        return "up"
    if value < lower and not math.isclose(value, lower, rel_tol=_REL_TOL):
        return "down"
    return None


def _classify(
    periods: Sequence[str],
    values: list[float | None],
    n: Sequence[int],
    limits: _Limits,
    baseline: int,
) -> list[ControlPoint]:
    centers: list[float | None] = []
    lowers: list[float | None] = []
    uppers: list[float | None] = []
    flags: list[Flag | None] = []
    eligible: list[int] = []  # in-control periods with data, oldest first
    for i, value in enumerate(values):
        window = eligible[-baseline:]
        center: float | None = None
        lower: float | None = None
        upper: float | None = None
        flag: Flag | None = None
        if window:
            center, lower, upper = limits(i, window)
        if value is None:
            lower = upper = None
        elif lower is not None and upper is not None:
            flag = _flag(value, lower, upper)
        if value is not None and flag is None:
            eligible.append(i)
        centers.append(center)
        lowers.append(lower)
        uppers.append(upper)
        flags.append(flag)
    labels = label_runs(flags)
    return [
        ControlPoint(str(periods[i]), values[i], int(n[i]), centers[i], lowers[i], uppers[i], status, direction)
        for i, (status, direction) in enumerate(labels)
    ]


def _check_common(
    periods: Sequence[str], n: Sequence[int], baseline: int, sigma: float, *others: Sequence[object]
) -> None:
    if any(len(seq) != len(periods) for seq in (n, *others)):
        raise ValueError("all input sequences must have the same length")
    if baseline < 1:
        raise ValueError("baseline must be at least 1")
    if not (math.isfinite(sigma) and sigma > 0):
        raise ValueError("sigma must be a positive finite number")
    if any(k < 0 for k in n):
        raise ValueError("n must be non-negative")


def classify_proportion(
    periods: Sequence[str],
    successes: Sequence[int],
    n: Sequence[int],
    *,
    baseline: int = 8,
    sigma: float = 3.0,
) -> list[ControlPoint]:
    """Classify a proportion series (``successes / n`` per period) on a p-chart.

    See the module docstring for the trailing, out-of-control-excluding
    baseline window.

    >>> pts = classify_proportion(["w1", "w2", "w3"], [200, 200, 260], [400, 400, 400])
    >>> [(p.status, p.direction) for p in pts]
    [('normal', None), ('normal', None), ('fluke', 'up')]
    >>> round(pts[2].upper, 3)
    0.575
    """
    _check_common(periods, n, baseline, sigma, successes)
    if any(not 0 <= s <= k for s, k in zip(successes, n, strict=True)):
        raise ValueError("successes must lie between 0 and n")
    values: list[float | None] = [s / k if k > 0 else None for s, k in zip(successes, n, strict=True)]

    def limits(i: int, window: list[int]) -> tuple[float, float | None, float | None]:
        p = sum(successes[j] for j in window) / sum(n[j] for j in window)
        if n[i] <= 0:
            return p, None, None
        half = sigma * math.sqrt(p * (1.0 - p) / n[i])
        return p, max(p - half, 0.0), min(p + half, 1.0)

    return _classify(periods, values, n, limits, baseline)


def classify_scores(
    periods: Sequence[str],
    values: Sequence[float | None],
    n: Sequence[int],
    variances: Sequence[float | None],
    *,
    baseline: int = 8,
    sigma: float = 3.0,
) -> list[ControlPoint]:
    """Classify a series of per-period means (or NPS) with per-answer variances.

    ``values[i]`` is the mean of ``n[i]`` answers whose variance is
    ``variances[i]`` (population variance of one answer, on the same scale as
    the values: for NPS on the -100..100 scale multiply the +1/0/-1 variance
    by 100**2). A period with ``n == 0`` or a None value has no data.

    >>> pts = classify_scores(["a", "b", "c"], [4.0, 4.0, 3.0], [100, 100, 100], [1.0, 1.0, 1.0])
    >>> [(p.status, p.direction, p.lower) for p in pts]
    [('normal', None, None), ('normal', None, 3.7), ('fluke', 'down', 3.7)]
    """
    _check_common(periods, n, baseline, sigma, values, variances)
    for v in values:
        if v is not None and not math.isfinite(v):
            raise ValueError("values must be finite or None")
    for var in variances:
        if var is not None and not (math.isfinite(var) and var >= 0):
            raise ValueError("variances must be non-negative finite numbers or None")
    clean: list[float | None] = [float(v) if v is not None and k > 0 else None for v, k in zip(values, n, strict=True)]

    def limits(i: int, window: list[int]) -> tuple[float, float | None, float | None]:
        total = sum(n[j] for j in window)
        center = math.fsum(n[j] * (clean[j] or 0.0) for j in window) / total
        with_var = [j for j in window if variances[j] is not None]
        if n[i] <= 0 or not with_var:
            return center, None, None
        pooled = math.fsum(n[j] * (variances[j] or 0.0) for j in with_var) / sum(n[j] for j in with_var)
        half = sigma * math.sqrt(pooled / n[i])
        return center, center - half, center + half

    return _classify(periods, clean, n, limits, baseline)
