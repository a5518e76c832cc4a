"""Workspace configuration: ``cxloop.yaml``, the workspace's customer experience as code.

Contract:

- :func:`load_workspace_config` (a folder) and :func:`load_config` (a file) return a
  frozen, fully validated :class:`WorkspaceConfig`, or raise :class:`ConfigFileError`
  (a :class:`cxloop.errors.ConfigError`) that lists *every* problem found, one per
  line, as ``FILE:LINE: FIELD: what is wrong and how to fix it``; the same problems
  are in its ``problems`` attribute as :class:`ConfigProblem` records.
- Unknown keys are errors. Names are unique within each list; a source's purpose,
  a touchpoint's channel and the defaults must name declared entries.
- Loading reads the file and nothing else: no environment, no network, no store.
  ``store:`` is returned as written; the caller applies ``CXLOOP_STORE`` over it.
- :data:`INIT_TEMPLATE` is the commented example that ``cxloop init DIR`` writes
  with :func:`write_init`; it always loads.

>>> from cxloop.config import INIT_TEMPLATE, parse_config
>>> parse_config(INIT_TEMPLATE).default_purpose_for("survey")
'cx_improvement'
"""

from __future__ import annotations

from cxloop.config.loader import (
    CONFIG_FILENAME,
    ConfigFileError,
    ConfigProblem,
    load_config,
    load_workspace_config,
    parse_config,
)
from cxloop.config.schema import (
    ChannelConfig,
    DefaultsConfig,
    PurposeConfig,
    SegmentConfig,
    SourceConfig,
    TouchpointConfig,
    WorkspaceConfig,
    WorkspaceSection,
)
from cxloop.config.template import INIT_TEMPLATE, write_init

__all__ = [
    "CONFIG_FILENAME",
    "INIT_TEMPLATE",
    "ChannelConfig",
    "ConfigFileError",
    "ConfigProblem",
    "DefaultsConfig",
    "PurposeConfig",
    "SegmentConfig",
    "SourceConfig",
    "TouchpointConfig",
    "WorkspaceConfig",
    "WorkspaceSection",
    "load_config",
    "load_workspace_config",
    "parse_config",
    "write_init",
]
