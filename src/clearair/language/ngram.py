"""A small statistical model that works beside the rules.

The rules are the first tool; this model adds a label only where the rules
are silent and it is confident (a probability above a per-label threshold,
chosen by cross-validation so that the model alone is precise). It is a
logistic regression per label over word uni- and bigrams of one sentence,
trained by ``scripts/train_model.py`` from the development corpus in
``tests/data/corpus/`` and shipped as ``language/data/ngram-model.json``.
Inference is a few dictionary look-ups per sentence, in pure Python.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise
from typing import Any

_TOKEN = re.compile(r"[a-z0-9]+|[?!]")
MODEL_SCHEMA = "clearair.ngram-model/1"
#: The probability the model needs to label a sentence the rules left silent.
STRICT = 0.9
#: Below its threshold, a label the model still leans to (p >= LEAN) only
#: nudges the message score (see scoring.SOFT_SHARE); it is never a finding.
LEAN = 0.5


def features(sentence: str) -> list[str]:
    """The features of one sentence (lower-cased, apostrophes dropped)."""
    tokens = _TOKEN.findall(sentence.lower().replace("'", "").replace("’", ""))
    if not tokens:
        return []
    feats = [f"w:{t}" for t in tokens]
    feats.extend(f"b:{a}_{b}" for a, b in pairwise(tokens))
    feats.append(f"first:{tokens[0]}")
    if len(tokens) > 1:
        feats.append(f"first2:{tokens[0]}_{tokens[1]}")
    return feats


@dataclass(frozen=True)
class NgramModel:
    labels: tuple[str, ...]
    bias: tuple[float, ...]
    thresholds: dict[int, float]  # label index -> probability threshold (only enabled labels)
    weights: dict[str, tuple[tuple[int, float], ...]]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NgramModel:
        if data.get("schema") != MODEL_SCHEMA:
            raise ValueError(f"ngram model: expected schema {MODEL_SCHEMA!r}")
        labels = tuple(data["labels"])
        index = {label: i for i, label in enumerate(labels)}
        return cls(
            labels=labels,
            bias=tuple(float(b) for b in data["bias"]),
            thresholds={index[label]: float(t) for label, t in data["thresholds"].items()},
            weights={f: tuple((int(i), float(w)) for i, w in pairs) for f, pairs in data["weights"].items()},
        )

    def evaluate(self, sentence: str, *, strict: bool = False) -> tuple[set[str], dict[str, float]]:
        """The confident labels, and every label the model leans to (p >= LEAN) with its p."""
        feats = set(features(sentence))
        if not feats:
            return set(), {}
        scores = list(self.bias)
        for feat in feats:
            for i, w in self.weights.get(feat, ()):
                scores[i] += w
        confident: set[str] = set()
        leaning: dict[str, float] = {}
        lean = math.log(LEAN / (1.0 - LEAN))
        for i, threshold in self.thresholds.items():
            if scores[i] < lean:
                continue
            label = self.labels[i]
            leaning[label] = 1.0 / (1.0 + math.exp(-scores[i]))
            if strict:
                threshold = max(threshold, STRICT)
            if scores[i] > math.log(threshold / (1.0 - threshold)):
                confident.add(label)
        return confident, leaning


def load_builtin() -> NgramModel | None:
    """The shipped model, or None when the package has none (cached like the rules)."""
    from clearair.language import cache

    path = resources.files("clearair.language") / "data" / "ngram-model.json"
    if not path.is_file():
        return None
    data = path.read_bytes()
    key = cache.key_for([(path.name, data)], "model")
    model = cache.load(key)
    if isinstance(model, NgramModel):
        return model
    model = NgramModel.from_dict(json.loads(data))
    cache.store(key, model)
    return model
