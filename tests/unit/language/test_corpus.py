"""The development corpus is well formed and big enough (tests/data/)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from clearair.language.ruleset import LABELS

DATA = Path(__file__).resolve().parents[2] / "data"
REGISTERS = {"texting", "slack", "email", "formal", "support", "manager", "family", "personal"}


def items(directory: Path) -> list[dict[str, object]]:
    out = []
    for path in sorted(directory.glob("*.jsonl")):
        if path.name == "pairs.jsonl":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            item = json.loads(line)
            item["_where"] = f"{path.name}:{number}"
            out.append(item)
    return out


def test_dev_corpus_is_large_varied_and_valid() -> None:
    corpus = items(DATA / "corpus")
    assert len(corpus) >= 1500
    assert sum(1 for item in corpus if not item["labels"]) >= 300
    ids = Counter(item["id"] for item in corpus)
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"
    for item in corpus:
        assert isinstance(item["text"], str), item["_where"]
        assert item["text"].strip(), item["_where"]
        assert set(item["labels"]) <= set(LABELS), item["_where"]  # type: ignore[arg-type]
        assert item["register"] in REGISTERS, item["_where"]
    assert {item["register"] for item in corpus} == REGISTERS
    per_label = Counter(label for item in corpus for label in item["labels"])  # type: ignore[attr-defined]
    assert all(per_label[label] >= 30 for label in LABELS), per_label


def test_pairs_are_well_formed() -> None:
    lines = (DATA / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 100
    for line in lines:
        pair = json.loads(line)
        assert pair["better"].strip(), pair
        assert pair["worse"].strip(), pair
        assert pair["better"] != pair["worse"], pair
