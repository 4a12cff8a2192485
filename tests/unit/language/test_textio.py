from __future__ import annotations

import io
from pathlib import Path

import pytest

from clearair.language.textio import MAX_TEXT_BYTES, InputError, read_text


def test_reads_utf8_and_drops_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffI’m sorry.".encode())
    assert read_text(str(path)) == "I’m sorry."


def test_invalid_utf8_names_file_and_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Désolé".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.txt: not valid UTF-8 at byte offset 1"):
        read_text(str(path))


def test_binary_file_names_the_nul_offset(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"abc\x00def")
    with pytest.raises(InputError, match=r"x\.bin: looks like a binary file \(NUL byte at byte offset 3\)"):
        read_text(str(path))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_text(str(tmp_path / "nope.txt"))


def test_too_big_points_to_jsonl() -> None:
    stdin = io.BytesIO(b"a" * (MAX_TEXT_BYTES + 1))
    with pytest.raises(InputError, match="--jsonl"):
        read_text("-", stdin)
