"""A cache of validated rule sets and the model, so a fresh process starts fast.

Parsing and validating 28 rule files and working out each pattern's gate
takes most of a second; a cold ``clearair check`` should take far less. The
validated rules are pickled (regexes as their source only) in the user's
cache directory (``CLEARAIR_CACHE_DIR`` overrides it) under a key made of
the clearair version and every rule file's name and bytes. A missing,
unreadable or stale entry is simply rebuilt; a directory that cannot be
written just means no cache. The cache holds rules only, never user text.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FORMAT = 4
#: The modules whose classes are pickled in the cache (their source is in the key).
_PICKLED_CODE = ("cache.py", "engine.py", "gates.py", "model.py", "ngram.py", "ruleset.py", "fastre.py")


def directory() -> Path:
    explicit = os.environ.get("CLEARAIR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("clearair", appauthor=False))


def key_for(files: Iterable[tuple[str, bytes]], kind: str) -> str:
    import sys

    from clearair import __version__

    # compiled regex programs belong to one Python build: key on it
    digest = hashlib.sha256(f"{__version__}/{FORMAT}/{kind}/{sys.version}".encode())
    # and the pickled objects to the code that defines them: a changed class
    # (even between two commits of one version) must never meet a stale pickle
    here = Path(__file__).parent
    for module in _PICKLED_CODE:
        digest.update(hashlib.sha256((here / module).read_bytes()).digest())
    for name, data in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return f"{kind}-{digest.hexdigest()[:32]}"


def _path(key: str) -> Path:
    return directory() / f"{key}.pickle"


def load(key: str) -> Any | None:
    try:
        with _path(key).open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 - our own cache file in the user's own directory
    except Exception:
        return None


def store(key: str, value: Any) -> None:
    import tempfile  # only when a cache entry is written (not at every start)

    target = _path(key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        # entries of the same kind under older keys (edited rules, another
        # version) are never read again: remove them
        kind = key.rsplit("-", 1)[0]
        for stale in target.parent.glob(f"{kind}-*.pickle"):
            if stale != target and stale.name.rsplit("-", 1)[0] == kind:
                stale.unlink(missing_ok=True)
    except OSError:
        return
