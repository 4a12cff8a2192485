"""Settings, read from the environment when asked for (never at import time)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("clearair", appauthor=False))


@dataclass(frozen=True)
class Settings:
    """Where clearair keeps its data.

    ``CLEARAIR_HOME`` overrides the data directory (default: the platform's
    user data directory); ``CLEARAIR_DATABASE_URL`` selects another database
    (for example PostgreSQL for a team); the default is SQLite in the home.
    """

    home: Path
    database_url: str

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        home = Path(env["CLEARAIR_HOME"]).expanduser() if env.get("CLEARAIR_HOME") else _default_home()
        url = env.get("CLEARAIR_DATABASE_URL") or f"sqlite:///{home / 'clearair.db'}"
        return cls(home=home, database_url=url)
