"""Reading user text safely: size limit, UTF-8 with the byte offset of any error."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

#: The largest single text ``clearair check`` reads; bigger inputs go through ``--jsonl``.
MAX_TEXT_BYTES = 10 * 1024 * 1024


class InputError(ValueError):
    """The input cannot be read as text; the message says what to fix."""


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 (a leading BOM is dropped) or raise :class:`InputError`."""
    nul = data.find(b"\x00")
    if nul != -1:
        raise InputError(
            f"{name}: looks like a binary file (NUL byte at byte offset {nul}); give a UTF-8 text file"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid UTF-8 at byte offset {exc.start}; save the file as UTF-8"
        ) from exc


def read_text(source: str, stdin: BinaryIO | None = None) -> str:
    """Read one text from a path, or from ``stdin`` when ``source`` is ``-``."""
    if source == "-":
        if stdin is None:
            raise InputError("<stdin>: no standard input")
        data = stdin.read(MAX_TEXT_BYTES + 1)
        name = "<stdin>"
    else:
        path = Path(source)
        if not path.exists():
            raise InputError(f"{source}: no such file")
        if path.is_dir():
            raise InputError(f"{source}: is a directory, not a file")
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_TEXT_BYTES + 1)
        except OSError as exc:
            raise InputError(f"{source}: cannot be read ({exc.strerror})") from exc
        name = source
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(
            f"{name}: larger than 10 MB; for many texts, put one JSON object per line "
            "and use `clearair check --jsonl FILE`"
        )
    return decode(data, name)
