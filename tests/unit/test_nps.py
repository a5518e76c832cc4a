from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from cxloop.analytics import nps_cell

counts = st.integers(0, 10_000)


@given(p=counts, m=counts, d=counts)
def test_nps_in_range_and_ci_contains_value(p: int, m: int, d: int) -> None:
    cell = nps_cell(p, m, d)
    if p + m + d == 0:
        assert cell.value is None
        return
    assert cell.value is not None and cell.ci_low is not None and cell.ci_high is not None
    assert -100 <= cell.ci_low <= cell.value <= cell.ci_high <= 100
    assert cell.n == p + m + d


def test_hand_checked_value_and_interval() -> None:
    # 50 promoters, 30 passives, 20 detractors: NPS 30; variance 0.5+0.2-0.09 = 0.61.
    cell = nps_cell(50, 30, 20)
    assert cell.value == 30.0
    half = 1.959963984540054 * math.sqrt(0.61 / 100) * 100
    assert cell.ci_low is not None and cell.ci_high is not None
    assert math.isclose(cell.ci_low, 30 - half) and math.isclose(cell.ci_high, 30 + half)
    assert math.isclose(half, 15.3077, rel_tol=1e-4)


def test_all_promoters_has_no_spread() -> None:
    cell = nps_cell(40, 0, 0)
    assert (cell.value, cell.ci_low, cell.ci_high) == (100.0, 100.0, 100.0)
