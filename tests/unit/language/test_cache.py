"""The cache of compiled rules, model and analyzer: keyed by content, pruned, harmless when broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearair.language import cache


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLEARAIR_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_a_key_depends_on_every_file_and_the_kind(cache_dir: Path) -> None:
    files = [("a.yaml", b"one"), ("b.yaml", b"two")]
    key = cache.key_for(files, "rules-1")
    assert key == cache.key_for(list(files), "rules-1")
    assert key != cache.key_for([("a.yaml", b"one"), ("b.yaml", b"two!")], "rules-1")
    assert key != cache.key_for(files, "model")


def test_storing_a_new_entry_removes_the_stale_ones_of_its_kind(cache_dir: Path) -> None:
    old = cache.key_for([("a.yaml", b"old")], "rules-1")
    new = cache.key_for([("a.yaml", b"new")], "rules-1")
    other = cache.key_for([("a.yaml", b"old")], "rules-0")
    cache.store(old, [1])
    cache.store(other, [0])
    cache.store(new, [2])
    assert cache.load(old) is None
    assert cache.load(new) == [2]
    assert cache.load(other) == [0]  # another kind is kept


def test_a_broken_entry_is_a_miss_not_an_error(cache_dir: Path) -> None:
    key = cache.key_for([("a.yaml", b"x")], "model")
    (cache_dir / f"{key}.pickle").write_bytes(b"not a pickle")
    assert cache.load(key) is None
