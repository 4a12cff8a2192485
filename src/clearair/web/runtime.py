"""The runtime file ``clearair serve`` writes for scripts (single-user mode).

``<home>/server.json`` (mode 0600) holds the address and the bearer token
that ``/api/v1`` accepts, as notebook servers do with their runtime files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from clearair.web.config import WebSettings


def runtime_path(web: WebSettings) -> Path:
    return web.settings.home / "server.json"


def write_runtime_file(web: WebSettings) -> Path:
    path = runtime_path(web)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"url": f"{web.base_url}/", "api": f"{web.base_url}/api/v1", "api_token": web.api_token}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
    os.chmod(path, 0o600)
    return path
