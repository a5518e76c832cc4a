"""Analytics over the store: tables in, tables out (written once for both
SQL backends)."""

from __future__ import annotations

from cxloop.analytics.nps import NpsCell, nps_cell
from cxloop.analytics.summary import Summary, summarize

__all__ = ["NpsCell", "Summary", "nps_cell", "summarize"]
