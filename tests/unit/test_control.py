from __future__ import annotations

import math
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxloop.analytics.control import (
    ControlPoint,
    Flag,
    classify_proportion,
    classify_scores,
    label_runs,
)


def _labels(points: list[ControlPoint]) -> list[tuple[str, str | None]]:
    return [(p.status, p.direction) for p in points]


def _p_series(rates: Sequence[float | None], n: int = 400) -> list[ControlPoint]:
    """Proportion series at the given rates (None = a period with n == 0)."""
    periods = [f"w{i}" for i in range(len(rates))]
    successes = [round(r * n) if r is not None else 0 for r in rates]
    ns = [n if r is not None else 0 for r in rates]
    return classify_proportion(periods, successes, ns)


# --- hand-checked p-chart ----------------------------------------------------


def test_single_high_point_is_a_fluke_with_hand_checked_limits() -> None:
    points = _p_series([0.5] * 10 + [0.65])
    assert _labels(points) == [("normal", None)] * 10 + [("fluke", "up")]
    last = points[-1]
    assert last.period == "w10" and last.n == 400
    assert last.value == pytest.approx(0.65)
    assert last.center == pytest.approx(0.5)
    # 0.5 ± 3 * sqrt(0.25 / 400) = 0.5 ± 0.075
    assert last.lower == pytest.approx(0.425) and last.upper == pytest.approx(0.575)


def test_first_point_has_no_history() -> None:
    first = _p_series([0.5, 0.5])[0]
    assert (first.center, first.lower, first.upper) == (None, None, None)
    assert first.status == "normal" and first.direction is None


def test_two_high_points_are_a_pattern() -> None:
    points = _p_series([0.5] * 10 + [0.65, 0.65, 0.5])
    assert _labels(points)[10:] == [("pattern", "up"), ("pattern", "up"), ("normal", None)]


def test_three_low_points_are_a_trend_and_do_not_pull_their_own_limits() -> None:
    points = _p_series([0.5] * 10 + [0.35, 0.35, 0.35, 0.35])
    assert _labels(points)[10:] == [("trend", "down")] * 4
    # Out-of-control points are excluded from the baseline: limits stay put.
    for p in points[10:]:
        assert p.center == pytest.approx(0.5)
        assert p.lower == pytest.approx(0.425)


def test_opposite_directions_are_two_flukes() -> None:
    points = _p_series([0.5] * 10 + [0.65, 0.35])
    assert _labels(points)[10:] == [("fluke", "up"), ("fluke", "down")]


def test_a_gap_breaks_a_run() -> None:
    rates: list[float | None] = [0.5] * 10
    points = _p_series([*rates, 0.65, None, 0.65])
    assert _labels(points)[10:] == [("fluke", "up"), ("normal", None), ("fluke", "up")]
    gap = points[11]
    assert gap.value is None and gap.n == 0 and gap.lower is None and gap.upper is None
    assert gap.center == pytest.approx(0.5)


def test_trailing_window_follows_slow_drift() -> None:
    # A slow drift stays in control because the window moves with it.
    rates = [0.50 + 0.005 * i for i in range(40)]
    points = _p_series(rates)
    assert all(p.status == "normal" for p in points)
    assert points[-1].center is not None and points[-1].center > 0.6


def test_limits_are_clipped_to_unit_interval() -> None:
    points = classify_proportion(["a", "b", "c"], [1, 1, 1], [20, 20, 20])
    assert points[2].lower == 0.0
    points = classify_proportion(["a", "b", "c"], [19, 19, 19], [20, 20, 20])
    assert points[2].upper == 1.0


def test_baseline_uses_at_most_the_last_baseline_periods() -> None:
    # With baseline=2 only the two periods before the last count: p = 0.6.
    points = classify_proportion(["a", "b", "c", "d"], [100, 120, 120, 120], [200, 200, 200, 200], baseline=2)
    assert points[3].center == pytest.approx(0.6)


def test_invalid_inputs_are_rejected() -> None:
    with pytest.raises(ValueError):
        classify_proportion(["a"], [1, 2], [3, 3])
    with pytest.raises(ValueError):
        classify_proportion(["a"], [5], [3])
    with pytest.raises(ValueError):
        classify_proportion(["a"], [1], [3], baseline=0)
    with pytest.raises(ValueError):
        classify_scores(["a"], [1.0], [3], [-1.0])
    with pytest.raises(ValueError):
        classify_scores(["a"], [math.nan], [3], [1.0])


# --- scores (means / NPS) ----------------------------------------------------


def test_scores_on_a_mean_series() -> None:
    # CSAT-style mean (1..5 scale), n=100, per-answer variance 1.0:
    # limits 4.0 ± 3 * sqrt(1/100) = 4.0 ± 0.3.
    values: list[float | None] = [4.0, 4.1, 3.9, 4.0, 4.05, 3.95, 4.0, 4.0, 4.5, 4.5, 4.0, 3.5]
    n = [100] * len(values)
    points = classify_scores([f"m{i}" for i in range(len(values))], values, n, [1.0] * len(values))
    assert _labels(points)[8:] == [("pattern", "up"), ("pattern", "up"), ("normal", None), ("fluke", "down")]
    assert points[8].center == pytest.approx(4.0)
    assert points[8].lower == pytest.approx(3.7) and points[8].upper == pytest.approx(4.3)


def test_scores_on_nps_scale_with_weighted_centre_and_pooled_variance() -> None:
    # NPS on the -100..100 scale; variance of one answer is on the same scale.
    values: list[float | None] = [30.0, 20.0, None, 5.0]
    n = [100, 300, 0, 400]
    variances: list[float | None] = [0.61e4, 0.5e4, None, 0.5e4]
    points = classify_scores(["q1", "q2", "q3", "q4"], values, n, variances, baseline=8)
    centre = (30 * 100 + 20 * 300) / 400  # 22.5
    pooled = (0.61e4 * 100 + 0.5e4 * 300) / 400
    half = 3 * math.sqrt(pooled / 400)
    last = points[3]
    assert last.center == pytest.approx(centre)
    assert last.lower == pytest.approx(centre - half) and last.upper == pytest.approx(centre + half)
    assert last.status == "fluke" and last.direction == "down"
    assert points[2].value is None and points[2].status == "normal"


def test_scores_without_variance_have_no_limits() -> None:
    points = classify_scores(["a", "b"], [1.0, 9.0], [10, 10], [None, None])
    assert points[1].center == pytest.approx(1.0)
    assert points[1].lower is None and points[1].status == "normal"


# --- properties --------------------------------------------------------------

flags_st = st.lists(st.sampled_from(["up", "down", None]), max_size=40)


def _expected_status(length: int) -> str:
    return "fluke" if length == 1 else "pattern" if length == 2 else "trend"


@given(flags=flags_st)
def test_label_runs_matches_run_lengths(flags: list[Flag | None]) -> None:
    labels = label_runs(flags)
    assert len(labels) == len(flags)
    for i, flag in enumerate(flags):
        status, direction = labels[i]
        if flag is None:
            assert (status, direction) == ("normal", None)
            continue
        lo = i
        while lo > 0 and flags[lo - 1] == flag:
            lo -= 1
        hi = i
        while hi + 1 < len(flags) and flags[hi + 1] == flag:
            hi += 1
        assert direction == flag
        assert status == _expected_status(hi - lo + 1)


@given(
    length=st.integers(1, 30),
    n=st.integers(1, 5_000),
    frac=st.floats(0, 1),
    baseline=st.integers(1, 10),
)
def test_constant_proportion_never_flags(length: int, n: int, frac: float, baseline: int) -> None:
    s = round(frac * n)
    points = classify_proportion([str(i) for i in range(length)], [s] * length, [n] * length, baseline=baseline)
    assert all(p.status == "normal" and p.direction is None for p in points)


@given(
    length=st.integers(1, 30),
    value=st.floats(-100, 100, allow_nan=False),
    n=st.integers(1, 5_000),
    variance=st.floats(0, 1e4, allow_nan=False),
    baseline=st.integers(1, 10),
)
def test_constant_scores_never_flag(length: int, value: float, n: int, variance: float, baseline: int) -> None:
    points = classify_scores(
        [str(i) for i in range(length)], [value] * length, [n] * length, [variance] * length, baseline=baseline
    )
    assert all(p.status == "normal" and p.direction is None for p in points)


@given(
    value=st.floats(-100, 100, allow_nan=False),
    ns=st.lists(st.integers(1, 5_000), min_size=1, max_size=30),
    variance=st.floats(0, 1e4, allow_nan=False),
)
def test_constant_scores_with_varying_n_never_flag(value: float, ns: list[int], variance: float) -> None:
    k = len(ns)
    points = classify_scores([str(i) for i in range(k)], [value] * k, ns, [variance] * k)
    assert all(p.status == "normal" for p in points)


def _check_bounds(points: list[ControlPoint]) -> None:
    for p in points:
        if p.lower is not None and p.upper is not None:
            assert p.center is not None
            assert p.lower <= p.center <= p.upper
        if p.n == 0:
            assert p.value is None and p.status == "normal" and p.lower is None and p.upper is None
        if p.status == "normal":
            assert p.direction is None
        else:
            assert p.value is not None and p.lower is not None and p.upper is not None
            assert (p.value > p.upper) if p.direction == "up" else (p.value < p.lower)


@given(
    data=st.lists(
        st.integers(0, 1_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
        max_size=30,
    ),
    baseline=st.integers(1, 10),
    sigma=st.floats(0.5, 4),
)
def test_proportion_limits_are_ordered_and_consistent(data: list[tuple[int, int]], baseline: int, sigma: float) -> None:
    successes = [s for s, _ in data]
    n = [k for _, k in data]
    points = classify_proportion([str(i) for i in range(len(data))], successes, n, baseline=baseline, sigma=sigma)
    assert len(points) == len(data)
    _check_bounds(points)
    for p in points:
        if p.lower is not None and p.upper is not None:
            assert p.lower >= 0.0 and p.upper <= 1.0
    assert not points or points[0].center is None


@given(
    data=st.lists(
        st.tuples(
            st.floats(-100, 100, allow_nan=False),
            st.integers(0, 1_000),
            st.one_of(st.none(), st.floats(0, 1e4, allow_nan=False)),
        ),
        max_size=30,
    ),
    baseline=st.integers(1, 10),
)
def test_score_limits_are_ordered_and_consistent(data: list[tuple[float, int, float | None]], baseline: int) -> None:
    values: list[float | None] = [v for v, _, _ in data]
    n = [k for _, k, _ in data]
    variances = [var for _, _, var in data]
    points = classify_scores([str(i) for i in range(len(data))], values, n, variances, baseline=baseline)
    assert len(points) == len(data)
    _check_bounds(points)
