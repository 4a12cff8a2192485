"""The analyzer as the web app calls it: ``clearair.check`` behind a bounded cache.

A plan's readiness re-reads every free-text field on every autosave, and the
conversation page reads the plan and the summary again on each change; most
of those texts have not changed since the last request. Reports are frozen
dataclasses, so a cached one can be shared. The cache lives in the server's
memory only (which already holds the text while it answers) and is bounded.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clearair.language.model import Report

CACHE_SIZE = 4096
#: Texts longer than this are checked without being kept in the cache.
MAX_CACHED_CHARS = 5_000


@lru_cache(maxsize=CACHE_SIZE)
def _cached(text: str, kind: str) -> Report:
    import clearair

    return clearair.check(text, kind=kind)


def check(text: str, kind: str = "auto") -> Report:
    """``clearair.check(text, kind)``, remembered for short texts."""
    if len(text) > MAX_CACHED_CHARS:
        import clearair

        return clearair.check(text, kind=kind)
    return _cached(text, kind)
