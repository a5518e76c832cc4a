"""Data governance: the data-use cycle (source -> purpose -> outcome -> insight
-> destination), consent and purpose checks. A data item whose source or
purpose is not declared in the workspace is refused at the door."""

from __future__ import annotations

from cxloop.governance.tags import DataUseTags, UndeclaredError

__all__ = ["DataUseTags", "UndeclaredError"]
