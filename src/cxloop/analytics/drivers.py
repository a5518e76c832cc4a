"""Key driver analysis with Johnson's (2000) relative weights.

Relative weights split the R² of a linear regression of a target (for example
overall satisfaction) on a set of drivers (for example ratings of price, speed,
staff) into one non-negative share per driver, even when the drivers are
correlated with each other.

The method (Johnson 2000; Tonidandel & LeBreton 2011), on standardised data:

* eigen-decompose the driver correlation matrix ``R_xx = V diag(λ) V'``;
* ``Λ = V diag(sqrt λ) V'`` is its symmetric square root, and ``Z = X Λ⁻¹`` are
  the orthogonal variables closest (least squares) to the drivers, with
  ``X = Z Λ``, so ``Λ_jk`` is the loading of driver ``j`` on ``Z_k``;
* ``β = Λ⁻¹ r_xy`` are the coefficients of the target on ``Z``;
* the raw weight of driver ``j`` is ``Σ_k Λ_jk² β_k²``.

Because every column of ``Λ`` has unit sum of squares, the raw weights sum to
``Σ_k β_k² = r_xy' R_xx⁻¹ r_xy = R²``. The importance of a driver is its raw
weight divided by R² (so importances sum to 1); its 95% interval is the
percentile interval over bootstrap resamples of the complete cases.

The module needs only a frame-like object with ``columns`` and
``frame[name].to_numpy(dtype=float, na_value=nan)`` (a ``pandas.DataFrame``),
which keeps it typed without pandas stubs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from cxloop.errors import ValidationError

__all__ = ["DriverResult", "DriverRow", "key_drivers", "relative_weights"]

METHOD = "johnson_relative_weights"

FloatArray = npt.NDArray[np.float64]

# An eigenvalue of the driver correlation matrix at or below this fraction of
# the largest one means the drivers are (numerically) collinear.
_SINGULAR_TOL = 1e-10
# Bootstrap resamples are processed in chunks of about this many (resample, row) cells.
_CHUNK_CELLS = 4_000_000


class _Frame(Protocol):
    """The part of ``pandas.DataFrame`` this module uses."""

    @property
    def columns(self) -> Any: ...

    def __getitem__(self, key: str, /) -> Any: ...


@dataclass(frozen=True)
class DriverRow:
    driver: str  # column name
    importance: float  # share of explained variance (R²); importances of all drivers sum to 1
    ci_low: float  # bootstrap percentile 95% interval of the share
    ci_high: float
    performance: float  # mean of the driver column over the complete cases, on its own scale
    weight: float  # raw relative weight (share * R²)


@dataclass(frozen=True)
class DriverResult:
    target: str
    n: int  # complete cases used
    r2: float
    rows: list[DriverRow]  # sorted by importance, descending
    method: str  # "johnson_relative_weights"


class _Degenerate(Exception):
    """Internal: a correlation problem, with the offending driver indices."""

    def __init__(self, kind: str, indices: list[int]) -> None:
        super().__init__(kind)
        self.kind = kind
        self.indices = indices


def _weights_from_correlations(rxx: FloatArray, rxy: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Raw weights, R² and a validity mask for a stack of correlation problems.

    ``rxx`` has shape (..., p, p) and ``rxy`` (..., p). Problems whose
    correlation matrix is singular get NaN weights and ``valid`` False.
    """
    lam, vec = np.linalg.eigh(rxx)
    lam = np.clip(lam, 0.0, None)
    top = lam[..., -1:]
    valid = (lam[..., 0] > _SINGULAR_TOL * top[..., 0]) & (top[..., 0] > 0.0)
    safe = np.where(valid[..., None], lam, 1.0)
    root = np.sqrt(safe)
    vt = np.swapaxes(vec, -1, -2)
    big_lambda = (vec * root[..., None, :]) @ vt  # V diag(sqrt λ) V'
    inv_lambda = (vec / root[..., None, :]) @ vt  # V diag(1/sqrt λ) V'
    beta = (inv_lambda @ rxy[..., None])[..., 0]
    weights = (big_lambda**2 @ (beta**2)[..., None])[..., 0]
    r2 = weights.sum(axis=-1)
    weights = np.where(valid[..., None], weights, np.nan)
    r2 = np.where(valid, r2, np.nan)
    return weights, r2, valid


def _collinear_set(rxx: FloatArray) -> list[int]:
    """Indices of the drivers that load on the smallest eigenvector of ``rxx``."""
    _, vec = np.linalg.eigh(rxx)
    smallest = np.abs(vec[:, 0])
    return [int(j) for j in np.flatnonzero(smallest > 1e-3)]


def _correlations(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Correlation matrix of ``x`` and correlations of ``x`` with ``y``.

    Raises ``_Degenerate`` naming zero-variance columns (index ``p`` is ``y``)
    or collinear drivers.
    """
    p = x.shape[1]
    data = np.column_stack([x, y])
    constant = [j for j in range(p + 1) if np.ptp(data[:, j]) == 0.0]
    if constant:
        raise _Degenerate("zero_variance", constant)
    centred = data - data.mean(axis=0)
    scale = np.sqrt((centred**2).sum(axis=0))
    if not np.all(scale > 0.0):
        raise _Degenerate("zero_variance", [int(j) for j in np.flatnonzero(~(scale > 0.0))])
    z = centred / scale
    corr = z.T @ z
    rxx = np.asarray(corr[:p, :p], dtype=np.float64)
    rxy = np.asarray(corr[:p, p], dtype=np.float64)
    lam = np.linalg.eigvalsh(rxx)
    if not lam[0] > _SINGULAR_TOL * lam[-1]:
        raise _Degenerate("collinear", _collinear_set(rxx))
    return rxx, rxy


def _as_2d(X: npt.ArrayLike, y: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    x = np.asarray(X, dtype=np.float64)
    yy = np.asarray(y, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2 or yy.ndim != 1:
        raise ValidationError(f"X must be 2-D and y 1-D; got shapes {x.shape} and {yy.shape}")
    if x.shape[0] != yy.shape[0]:
        raise ValidationError(f"X has {x.shape[0]} rows but y has {yy.shape[0]}")
    if x.shape[1] < 1:
        raise ValidationError("relative weights need at least 1 driver")
    if x.shape[0] < x.shape[1] + 2:
        raise ValidationError(
            f"{x.shape[0]} rows are too few for {x.shape[1]} drivers (need at least {x.shape[1] + 2})"
        )
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(yy))):
        raise ValidationError("X and y must be finite (no NaN or infinity)")
    return x, yy


def _describe(error: _Degenerate, names: Sequence[str], target: str) -> ValidationError:
    labels = [names[j] if j < len(names) else target for j in error.indices]
    listed = ", ".join(repr(label) for label in labels)
    if error.kind == "zero_variance":
        return ValidationError(f"zero variance (every value equal) in {listed}; drop the column or widen the data")
    if labels:
        return ValidationError(f"drivers are collinear (singular correlation matrix): {listed}; drop one of them")
    return ValidationError("drivers are collinear (singular correlation matrix); drop redundant drivers")


def relative_weights(X: npt.ArrayLike, y: npt.ArrayLike) -> tuple[FloatArray, float]:
    """Johnson's (2000) relative weights: raw weights (sum = R²) and R².

    ``X`` is (n, p), ``y`` is (n,); both finite. Weights are invariant to shifting
    or rescaling any column. Raises ``ValidationError`` for zero-variance columns
    or collinear drivers (columns named by index: ``'x0'``, ``'x1'``, ...).

    >>> w, r2 = relative_weights([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]], [1.0, 0.5, -1.0, -0.5])
    >>> round(r2, 6), w.round(6).tolist()
    (1.0, [0.8, 0.2])
    """
    x, yy = _as_2d(X, y)
    names = [f"x{j}" for j in range(x.shape[1])]
    try:
        rxx, rxy = _correlations(x, yy)
    except _Degenerate as error:
        raise _describe(error, names, "y") from None
    weights, r2, _ = _weights_from_correlations(rxx, rxy)
    return np.asarray(weights, dtype=np.float64), float(r2)


def _bootstrap_shares(data: FloatArray, bootstrap: int, seed: int) -> FloatArray:
    """Shares for ``bootstrap`` row resamples of ``data`` (drivers then target).

    Returns (bootstrap, p); a resample with a constant or collinear column, or
    R² = 0, is a row of NaN. Resampling is by row indices drawn with
    ``numpy.random.default_rng(seed)``; moments come from the resample counts,
    so no (bootstrap, n, p) array is built.
    """
    n, q = data.shape
    p = q - 1
    rng = np.random.default_rng(seed)
    # Standardise once so the raw-moment formulas below are well conditioned.
    z = (data - data.mean(axis=0)) / data.std(axis=0)
    outer = (z[:, :, None] * z[:, None, :]).reshape(n, q * q)
    out = np.empty((bootstrap, p), dtype=np.float64)
    chunk = max(1, _CHUNK_CELLS // n)
    for start in range(0, bootstrap, chunk):
        b = min(chunk, bootstrap - start)
        idx = rng.integers(0, n, size=(b, n))
        flat = (idx + (np.arange(b) * n)[:, None]).ravel()
        counts = np.bincount(flat, minlength=b * n).reshape(b, n).astype(np.float64)
        mean = counts @ z / n
        second = (counts @ outer / n).reshape(b, q, q)
        cov = second - mean[:, :, None] * mean[:, None, :]
        var = np.diagonal(cov, axis1=1, axis2=2)
        ok = np.all(var > 1e-12, axis=1)
        sd = np.sqrt(np.where(ok[:, None], var, 1.0))
        corr = cov / (sd[:, :, None] * sd[:, None, :])
        weights, r2, valid = _weights_from_correlations(corr[:, :p, :p], corr[:, :p, p])
        good = ok & valid & (r2 > 0.0)
        safe_r2 = np.where(good, r2, 1.0)
        shares = np.where(good[:, None], weights / safe_r2[:, None], np.nan)
        out[start : start + b] = shares
    return out


def _column(frame: _Frame, name: str) -> FloatArray:
    try:
        values = frame[name].to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as error:
        raise ValidationError(f"column {name!r} is not numeric: {error}") from None
    return np.asarray(values, dtype=np.float64)


def key_drivers(
    frame: _Frame,
    target: str,
    drivers: Sequence[str],
    *,
    bootstrap: int = 200,
    seed: int = 0,
    min_n: int = 30,
) -> DriverResult:
    """Relative importance of ``drivers`` for ``target`` in ``frame`` (a ``pandas.DataFrame``).

    Uses complete cases only (rows where the target and every driver are
    non-null). ``performance`` is the mean of each driver over those rows.
    Intervals are bootstrap percentile 95% intervals over ``bootstrap``
    resamples of the complete cases (``numpy.random.default_rng(seed)``, so
    deterministic for a seed); resamples in which a column is constant or the
    drivers collinear are skipped, and with ``bootstrap=0`` (or no usable
    resample) the interval is NaN.

    Raises ``ValidationError`` for: a missing target or driver column, no
    drivers, duplicate drivers, the target listed as a driver, a non-numeric
    or infinite value, fewer than ``max(min_n, len(drivers) + 2)`` complete
    cases, a zero-variance driver or target, collinear drivers, or R² = 0.
    """
    if isinstance(drivers, str):
        raise ValidationError(f"drivers must be a sequence of column names, not the string {drivers!r}")
    names = list(drivers)
    if len(names) < 1:
        raise ValidationError("key driver analysis needs at least 1 driver; none given")
    seen: set[str] = set(names)
    duplicates = sorted(name for name in seen if names.count(name) > 1)
    if duplicates:
        raise ValidationError(f"duplicate drivers: {', '.join(repr(d) for d in duplicates)}; list each once")
    if target in seen:
        raise ValidationError(f"target {target!r} is also listed as a driver; remove it from the drivers")
    if bootstrap < 0:
        raise ValidationError(f"bootstrap must be >= 0, got {bootstrap}")
    available = [str(c) for c in list(frame.columns)]
    shown = ", ".join(available[:30]) + (f", ... ({len(available)} columns)" if len(available) > 30 else "")
    if target not in frame.columns:
        raise ValidationError(f"target {target!r} not found; available: {shown}")
    for name in names:
        if name not in frame.columns:
            raise ValidationError(f"driver {name!r} not found; available: {shown}")

    data = np.column_stack([_column(frame, name) for name in [*names, target]])
    complete = ~np.isnan(data).any(axis=1)
    data = data[complete]
    if not np.all(np.isfinite(data)):
        bad = [label for j, label in enumerate([*names, target]) if not np.all(np.isfinite(data[:, j]))]
        raise ValidationError(f"infinite values in {', '.join(repr(b) for b in bad)}; remove or cap them")
    n, p = data.shape[0], len(names)
    needed = max(min_n, p + 2)
    if n < needed:
        raise ValidationError(
            f"too few complete cases: {n} rows have {target!r} and every driver non-null; need at least {needed}"
        )

    try:
        rxx, rxy = _correlations(data[:, :p], data[:, p])
    except _Degenerate as error:
        raise _describe(error, names, target) from None
    weights, r2_arr, _ = _weights_from_correlations(rxx, rxy)
    r2 = float(r2_arr)
    if not r2 > 0.0:
        raise ValidationError(f"{target!r} is uncorrelated with every driver (R² = 0); importances are undefined")
    shares = weights / r2

    if bootstrap > 0:
        boot = _bootstrap_shares(data, bootstrap, seed)
        usable = ~np.isnan(boot).any(axis=1)
        if usable.any():
            low, high = np.percentile(boot[usable], [2.5, 97.5], axis=0)
        else:
            low = high = np.full(p, np.nan)
    else:
        low = high = np.full(p, np.nan)

    performance = data[:, :p].mean(axis=0)
    rows = [
        DriverRow(
            driver=names[j],
            importance=float(shares[j]),
            ci_low=float(low[j]),
            ci_high=float(high[j]),
            performance=float(performance[j]),
            weight=float(weights[j]),
        )
        for j in range(p)
    ]
    rows.sort(key=lambda row: row.importance, reverse=True)
    return DriverResult(target=target, n=n, r2=r2, rows=rows, method=METHOD)
