from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxloop.analytics.drivers import DriverResult, key_drivers, relative_weights
from cxloop.errors import ValidationError

COEFS = [1.3, 0.9, 0.65, 0.25, 0.1]


def _ols_r2(x: np.ndarray, y: np.ndarray) -> float:
    """R² of an OLS fit with intercept, computed independently with lstsq."""
    design = np.column_stack([np.ones(len(y)), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ coef
    centred = y - y.mean()
    return float(1.0 - resid @ resid / (centred @ centred))


def _correlated(n: int, p: int, rho: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    corr = np.full((p, p), rho) + (1.0 - rho) * np.eye(p)
    return rng.standard_normal((n, p)) @ np.linalg.cholesky(corr).T


def _frame(x: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    frame = pd.DataFrame(x, columns=[f"x{j + 1}" for j in range(x.shape[1])])
    frame["y"] = y
    return frame


def test_orthogonal_drivers_weights_are_squared_correlations() -> None:
    rng = np.random.default_rng(7)
    n, p = 200, 4
    # QR of [1, noise] gives columns exactly orthogonal to each other and to the
    # intercept (so mean zero): their correlation matrix is the identity.
    q, _ = np.linalg.qr(np.column_stack([np.ones(n), rng.standard_normal((n, p))]))
    x = q[:, 1:] * np.array([3.0, 0.5, 10.0, 1.0]) + np.array([1.0, -2.0, 5.0, 0.0])
    y = q[:, 1:] @ np.array([2.0, -1.0, 0.5, 0.0]) + 0.7 * rng.standard_normal(n)
    weights, r2 = relative_weights(x, y)
    r = np.array([np.corrcoef(x[:, j], y)[0, 1] for j in range(p)])
    assert np.allclose(weights, r**2, rtol=0, atol=1e-9)
    assert abs(weights.sum() - r2) < 1e-9
    assert abs(r2 - float((r**2).sum())) < 1e-9
    assert abs(r2 - _ols_r2(x, y)) < 1e-9


def test_docstring_example_by_hand() -> None:
    # x0 and x1 are orthogonal with mean 0 and y = x0 + 0.5 x1 exactly:
    # r0² = 2² / (2 * 2.5) = 0.8 and r1² = 1² / (2 * 2.5) = 0.2.
    weights, r2 = relative_weights([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]], [1.0, 0.5, -1.0, -0.5])
    assert np.allclose(weights, [0.8, 0.2], atol=1e-12)
    assert abs(r2 - 1.0) < 1e-12


def test_two_correlated_drivers_r2_and_invariance() -> None:
    x = _correlated(500, 2, 0.6, seed=3)
    rng = np.random.default_rng(4)
    y = 1.0 * x[:, 0] + 0.4 * x[:, 1] + rng.standard_normal(500)
    weights, r2 = relative_weights(x, y)
    assert np.all(weights > 0)
    assert abs(weights.sum() - r2) < 1e-12
    assert abs(r2 - _ols_r2(x, y)) < 1e-10
    # Shifting and rescaling any column (including y) changes nothing.
    moved, moved_r2 = relative_weights(x * np.array([-4.0, 0.01]) + np.array([100.0, -3.0]), 2.5 * y + 7.0)
    assert np.allclose(moved, weights, rtol=0, atol=1e-10)
    assert abs(moved_r2 - r2) < 1e-10


def test_two_drivers_closed_form() -> None:
    # For 2 drivers with correlation r12 the symmetric square root of R_xx has
    # closed-form entries a = (sqrt(1+r) + sqrt(1-r)) / 2, b = (sqrt(1+r) - sqrt(1-r)) / 2.
    x = _correlated(400, 2, 0.5, seed=11)
    rng = np.random.default_rng(12)
    y = 0.8 * x[:, 0] + 0.3 * x[:, 1] + rng.standard_normal(400)
    r12 = np.corrcoef(x.T)[0, 1]
    ry = np.array([np.corrcoef(x[:, j], y)[0, 1] for j in range(2)])
    a = (np.sqrt(1 + r12) + np.sqrt(1 - r12)) / 2
    b = (np.sqrt(1 + r12) - np.sqrt(1 - r12)) / 2
    lam = np.array([[a, b], [b, a]])
    beta = np.linalg.solve(lam, ry)
    expected = lam**2 @ beta**2
    weights, _ = relative_weights(x, y)
    assert np.allclose(weights, expected, rtol=0, atol=1e-12)


def _recovery_frame(seed: int = 2024) -> pd.DataFrame:
    x = _correlated(3000, 5, 0.3, seed=seed)
    rng = np.random.default_rng(seed + 1)
    y = x @ np.array(COEFS) + rng.standard_normal(3000)
    return _frame(x, y)


def test_recovers_ranking_and_ci_contains_estimate() -> None:
    frame = _recovery_frame()
    drivers = ["x3", "x5", "x1", "x4", "x2"]  # order given must not matter
    result = key_drivers(frame, "y", drivers, bootstrap=200, seed=1)
    assert isinstance(result, DriverResult)
    assert result.method == "johnson_relative_weights"
    assert result.n == 3000
    assert [row.driver for row in result.rows] == ["x1", "x2", "x3", "x4", "x5"]
    assert abs(sum(row.importance for row in result.rows) - 1.0) < 1e-12
    assert abs(sum(row.weight for row in result.rows) - result.r2) < 1e-12
    assert abs(result.r2 - _ols_r2(frame[drivers].to_numpy(), frame["y"].to_numpy())) < 1e-10
    for row in result.rows:
        assert row.ci_low <= row.importance <= row.ci_high
        assert row.ci_low >= 0.0 and row.ci_high <= 1.0
        assert abs(row.weight - row.importance * result.r2) < 1e-12
        assert abs(row.performance - frame[row.driver].mean()) < 1e-12


def test_bootstrap_matches_naive_resampling_and_is_deterministic() -> None:
    frame = _recovery_frame(seed=5).iloc[:400]
    names = ["x1", "x2", "x3", "x4", "x5"]
    result = key_drivers(frame, "y", names, bootstrap=60, seed=9)
    again = key_drivers(frame, "y", names, bootstrap=60, seed=9)
    assert again == result
    other = key_drivers(frame, "y", names, bootstrap=60, seed=10)
    assert [r.ci_low for r in other.rows] != [r.ci_low for r in result.rows]
    # Naive loop over the same row indices (one draw of shape (bootstrap, n) from default_rng(seed)).
    x, y = frame[names].to_numpy(), frame["y"].to_numpy()
    idx = np.random.default_rng(9).integers(0, len(y), size=(60, len(y)))
    shares = []
    for rows in idx:
        w, r2 = relative_weights(x[rows], y[rows])
        shares.append(w / r2)
    low, high = np.percentile(np.array(shares), [2.5, 97.5], axis=0)
    by_name = {row.driver: row for row in result.rows}
    for j, name in enumerate(names):
        assert abs(by_name[name].ci_low - low[j]) < 1e-9
        assert abs(by_name[name].ci_high - high[j]) < 1e-9


def test_complete_cases_only_and_performance_on_rating_scale() -> None:
    rng = np.random.default_rng(21)
    n = 120
    a = rng.integers(1, 6, n)
    b = rng.integers(1, 6, n)
    y = a + 0.5 * b + rng.normal(0, 1, n)
    frame = pd.DataFrame({"a": pd.array(a, dtype="Int64"), "b": b.astype(float), "y": y})
    frame.loc[[0, 1, 2], "a"] = pd.NA
    frame.loc[[2, 3], "b"] = np.nan
    frame.loc[[4], "y"] = np.nan
    result = key_drivers(frame, "y", ["a", "b"], bootstrap=50)
    complete = frame.dropna()
    assert result.n == len(complete) == n - 5
    perf = {row.driver: row.performance for row in result.rows}
    assert abs(perf["a"] - float(complete["a"].astype(float).mean())) < 1e-12
    assert abs(perf["b"] - float(complete["b"].mean())) < 1e-12
    assert 1.0 <= perf["a"] <= 5.0
    expected_r2 = _ols_r2(complete[["a", "b"]].to_numpy(dtype=float), complete["y"].to_numpy())
    assert abs(result.r2 - expected_r2) < 1e-10


def test_single_driver_gets_everything() -> None:
    rng = np.random.default_rng(3)
    x = rng.standard_normal(80)
    frame = pd.DataFrame({"x": x, "y": x + rng.standard_normal(80)})
    result = key_drivers(frame, "y", ["x"], bootstrap=20)
    (row,) = result.rows
    assert row.importance == pytest.approx(1.0, abs=1e-12)
    assert row.ci_low == pytest.approx(1.0) and row.ci_high == pytest.approx(1.0)
    assert result.r2 == pytest.approx(np.corrcoef(x, frame["y"])[0, 1] ** 2, abs=1e-12)


def test_bootstrap_zero_gives_nan_interval() -> None:
    result = key_drivers(_recovery_frame().iloc[:100], "y", ["x1", "x2"], bootstrap=0)
    assert all(np.isnan(row.ci_low) and np.isnan(row.ci_high) for row in result.rows)


def test_speed_5000_rows_5_drivers_200_resamples() -> None:
    x = _correlated(5000, 5, 0.3, seed=1)
    frame = _frame(x, x @ np.array(COEFS) + np.random.default_rng(2).standard_normal(5000))
    key_drivers(frame, "y", ["x1", "x2"], bootstrap=5)  # warm up
    start = time.perf_counter()
    key_drivers(frame, "y", ["x1", "x2", "x3", "x4", "x5"], bootstrap=200)
    assert time.perf_counter() - start < 1.0


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(15, 80),
    p=st.integers(2, 4),
    rho=st.floats(-0.2, 0.8),
    noise=st.floats(0.1, 5.0),
    discrete=st.booleans(),
)
def test_property_shares_are_a_distribution(
    seed: int, n: int, p: int, rho: float, noise: float, discrete: bool
) -> None:
    rng = np.random.default_rng(seed)
    x = _correlated(n, p, rho, seed=seed)
    if discrete:  # 1-5 style ratings with ties
        x = np.clip(np.round(x * 1.2 + 3), 1, 5)
    coefs = rng.uniform(-1.0, 1.0, p)
    y = x @ coefs + noise * rng.standard_normal(n)
    frame = _frame(x, y)
    names = [f"x{j + 1}" for j in range(p)]
    try:
        result = key_drivers(frame, "y", names, bootstrap=40, seed=seed, min_n=10)
    except ValidationError as error:
        # Only legitimately degenerate draws (a constant or collinear rating column) may be refused.
        assert discrete
        assert "zero variance" in str(error) or "collinear" in str(error)
        return
    shares = np.array([row.importance for row in result.rows])
    assert np.all(shares >= 0.0) and np.all(shares <= 1.0)
    assert abs(shares.sum() - 1.0) < 1e-9
    assert 0.0 <= result.r2 <= 1.0
    assert result.n == n
    assert list(shares) == sorted(shares, reverse=True)
    assert sorted(row.driver for row in result.rows) == names
    for row in result.rows:
        assert row.ci_low <= row.ci_high
        assert row.ci_low >= 0.0 and row.ci_high <= 1.0


# --- errors -------------------------------------------------------------------


@pytest.fixture
def small() -> pd.DataFrame:
    return _recovery_frame().iloc[:100].copy()


def test_missing_driver_is_named(small: pd.DataFrame) -> None:
    with pytest.raises(ValidationError, match=r"driver 'properties\.a' not found; available: .*x1"):
        key_drivers(small, "y", ["x1", "properties.a"])


def test_missing_target_is_named(small: pd.DataFrame) -> None:
    with pytest.raises(ValidationError, match="'nps_score' not found"):
        key_drivers(small, "nps_score", ["x1"])


def test_too_few_complete_cases(small: pd.DataFrame) -> None:
    small.loc[small.index[:75], "x2"] = np.nan  # 25 complete cases left
    with pytest.raises(ValidationError, match=r"too few complete cases: 25 .*at least 30"):
        key_drivers(small, "y", ["x1", "x2"])
    assert key_drivers(small, "y", ["x1", "x2"], min_n=20, bootstrap=10).n == 25


def test_zero_variance_driver_is_named(small: pd.DataFrame) -> None:
    small["flat"] = 4.0
    with pytest.raises(ValidationError, match=r"zero variance.*'flat'"):
        key_drivers(small, "y", ["x1", "flat"])


def test_zero_variance_target(small: pd.DataFrame) -> None:
    small["y"] = 1.0
    with pytest.raises(ValidationError, match=r"zero variance.*'y'"):
        key_drivers(small, "y", ["x1", "x2"])


def test_collinear_drivers_are_named(small: pd.DataFrame) -> None:
    small["x1_copy"] = 2.0 * small["x1"] + 1.0
    with pytest.raises(ValidationError, match=r"collinear.*'x1'.*'x1_copy'"):
        key_drivers(small, "y", ["x1", "x2", "x1_copy"])
    small["sum"] = small["x2"] + small["x3"]
    with pytest.raises(ValidationError, match=r"collinear.*'x2'.*'x3'.*'sum'"):
        key_drivers(small, "y", ["x1", "x2", "x3", "sum"])


def test_no_drivers_and_duplicates_and_target_as_driver(small: pd.DataFrame) -> None:
    with pytest.raises(ValidationError, match="at least 1 driver"):
        key_drivers(small, "y", [])
    with pytest.raises(ValidationError, match="duplicate drivers: 'x1'"):
        key_drivers(small, "y", ["x1", "x2", "x1"])
    with pytest.raises(ValidationError, match="'y' is also listed as a driver"):
        key_drivers(small, "y", ["x1", "y"])
    with pytest.raises(ValidationError, match="sequence of column names"):
        key_drivers(small, "y", "x1")


def test_non_numeric_and_infinite_columns(small: pd.DataFrame) -> None:
    small["label"] = "good"
    with pytest.raises(ValidationError, match="'label' is not numeric"):
        key_drivers(small, "y", ["x1", "label"])
    small.loc[small.index[0], "x2"] = np.inf
    with pytest.raises(ValidationError, match="infinite values in 'x2'"):
        key_drivers(small, "y", ["x1", "x2"])


def test_relative_weights_input_checks() -> None:
    with pytest.raises(ValidationError, match="rows"):
        relative_weights(np.ones((5, 2)), np.ones(4))
    with pytest.raises(ValidationError, match=r"zero variance.*'x1'"):
        relative_weights(np.column_stack([np.arange(10.0), np.ones(10)]), np.arange(10.0) ** 2)
    with pytest.raises(ValidationError, match="finite"):
        relative_weights(np.array([[1.0], [2.0], [np.nan], [4.0]]), np.arange(4.0))
