"""Running the installed ``cxloop`` console script as a user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CXLOOP = str(Path(sys.executable).with_name("cxloop"))


def cx(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in {"CXLOOP_STORE", "CXLOOP_WORKSPACE"}}
    return subprocess.run(
        [CXLOOP, *args], capture_output=True, text=True, timeout=timeout, env={**environ, **(env or {})}
    )


def copy_workspace(source: Path, to: Path) -> Path:
    """A copy of a workspace, without the server file of a server that does not run there."""
    shutil.copytree(source, to)
    (to / ".cxloop" / "server.json").unlink(missing_ok=True)
    return to
