"""A realistic, deterministic synthetic world for the demo and the benchmarks.

Contract: :func:`generate_events` turns a :class:`WorldSpec` into canonical event
dicts; the same spec always gives byte-identical events. :data:`TRUE_EFFECTS`
documents the generative truth (see ``docs/demo-world.md``) that analytics
must recover, and :func:`demo_workspace_yaml` declares every source, purpose,
channel and touchpoint the events use.
"""

from __future__ import annotations

from cxloop.demo.world import TRUE_EFFECTS, WorldSpec, demo_workspace_yaml, generate_events

__all__ = ["TRUE_EFFECTS", "WorldSpec", "demo_workspace_yaml", "generate_events"]
