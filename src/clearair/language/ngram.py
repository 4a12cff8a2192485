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
from dataclasses import dataclass, field
from fractions import Fraction
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
_LEAN_LOGIT = math.log(LEAN / (1.0 - LEAN))
#: The version of NgramModel's fields; a cached model of another version is rebuilt.
_LAYOUT = 2


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
    """The model, compiled by :meth:`from_dict` for fast inference.

    Every weight (and bias) of the shipped file has a few decimals, so it is
    an integer ``K`` over a common ``scale``. A feature's weights for all
    enabled labels are packed into ONE Python int, ``width`` bits per label
    (field ``j`` holds label ``fields[j]``): adding the packed ints of a
    sentence's features adds every label's score at once, in C and exactly.
    ``start`` holds the biases plus an offset that keeps each field
    non-negative and sets its top bit exactly when the label may lean, so a
    sentence that leans to nothing costs one ``&``. Because the field width
    exceeds the largest possible score of any label (each feature counts
    once), fields never carry into each other.

    The exact sum differs from the reference float sum (weights added one by
    one in the order of a set) by far less than ``eps``; a score within
    ``eps`` of a cut-off is decided by that float sum itself
    (:meth:`_reference`), so the results are the reference's exactly.
    """

    labels: tuple[str, ...]
    bias: tuple[float, ...]
    thresholds: dict[int, float]  # label index -> probability threshold (only enabled labels)
    #: word -> packed weights of ``w:word``; (a, b) -> packed weights of ``b:a_b``
    grams: dict[str | tuple[str, str], int] = field(repr=False)
    #: word -> packed weights of ``first:word``; (a, b) -> of ``first2:a_b``
    firsts: dict[str | tuple[str, str], int] = field(repr=False)
    #: per field: (label, offset back to the integer score, logit of the threshold, strict logit)
    fields: tuple[tuple[str, int, float, float], ...] = field(repr=False)
    scale: int = field(repr=False)
    width: int = field(repr=False)
    start: int = field(repr=False)
    #: the top bit of every field
    top: int = field(repr=False)
    eps: float = field(repr=False)
    #: the in-memory layout (`_LAYOUT`): a model pickled with another one is rebuilt
    layout: int = field(repr=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NgramModel:
        if data.get("schema") != MODEL_SCHEMA:
            raise ValueError(f"ngram model: expected schema {MODEL_SCHEMA!r}")
        labels = tuple(data["labels"])
        index = {label: i for i, label in enumerate(labels)}
        bias = tuple(float(b) for b in data["bias"])
        thresholds = {index[label]: float(t) for label, t in data["thresholds"].items()}
        slot = {i: j for j, i in enumerate(thresholds)}  # label index -> field
        weights: dict[str, list[tuple[int, float]]] = {}
        for feat, pairs in data["weights"].items():
            kept = [(slot[int(i)], float(w)) for i, w in pairs if int(i) in slot]
            if kept:
                weights[feat] = kept
        values = [bias[i] for i in thresholds] + [w for pairs in weights.values() for _, w in pairs]
        scale = _scale(values)

        def exact(value: float) -> int:
            k = round(value * scale)
            if k / scale != value:
                raise ValueError(f"ngram model: weight {value!r} is not a multiple of 1/{scale}")
            return k

        # the integer weights, and the largest score any label can reach in magnitude
        ints: dict[str, list[tuple[int, int]]] = {
            feat: [(j, exact(w)) for j, w in pairs] for feat, pairs in weights.items()
        }
        reach = [abs(exact(bias[i])) for i in thresholds]
        for pairs in ints.values():
            for j, k in pairs:
                reach[j] += abs(k)
        # the float sums of the reference differ from the exact sum by < (n + 1) * 2**-53 * sum |terms|
        bound = (len(ints) + 2) * max(reach, default=0) / scale * 2.0**-52
        eps = max(1e-7, 8 * bound)
        lean = math.log(LEAN / (1.0 - LEAN))
        # a field's top bit is set when its score may reach LEAN (eps below it included)
        cut = math.ceil((Fraction(lean) - Fraction(eps)) * scale)
        width = (max(reach, default=0) + abs(cut)).bit_length() + 1
        half = 1 << (width - 1)

        def pack(pairs: list[tuple[int, int]]) -> int:
            return sum(k << (width * j) for j, k in pairs)

        start = pack([(j, exact(bias[i]) - cut + half) for j, i in enumerate(thresholds)])
        canon: dict[str, str] = {}  # one object per word: the pickle stores each once

        def word(text: str) -> str:
            return canon.setdefault(text, text)

        grams: dict[str | tuple[str, str], int] = {}
        firsts: dict[str | tuple[str, str], int] = {}
        for feat, pairs in ints.items():
            kind, _, rest = feat.partition(":")
            packed = pack(pairs)
            if not packed:
                continue
            if kind in ("w", "first"):
                key: str | tuple[str, str] = word(rest)
            elif kind in ("b", "first2") and rest.count("_") == 1:
                a, _, b = rest.partition("_")
                key = (word(a), word(b))
            else:
                continue  # a feature `features` never yields
            (grams if kind in ("w", "b") else firsts)[key] = packed
        fields = tuple(
            (
                labels[i],
                cut - half,
                math.log(t / (1.0 - t)),
                math.log(max(t, STRICT) / (1.0 - max(t, STRICT))),
            )
            for i, t in thresholds.items()
        )
        top = pack([(j, half) for j in range(len(fields))])
        return cls(labels, bias, thresholds, grams, firsts, fields, scale, width, start, top, eps, _LAYOUT)

    def evaluate(self, sentence: str, *, strict: bool = False) -> tuple[set[str], dict[str, float]]:
        """The confident labels, and every label the model leans to (p >= LEAN) with its p."""
        tokens = _TOKEN.findall(sentence.lower().replace("'", "").replace("’", ""))
        if not tokens:
            return set(), {}
        keys: set[str | tuple[str, str]] = set(tokens)
        keys.update(pairwise(tokens))
        firsts = self.firsts
        total = sum(filter(None, map(self.grams.get, keys)), self.start + firsts.get(tokens[0], 0))
        if len(tokens) > 1:
            total += firsts.get((tokens[0], tokens[1]), 0)
        top = total & self.top
        if not top:
            return set(), {}
        confident: set[str] = set()
        leaning: dict[str, float] = {}
        width, scale, eps, fields = self.width, self.scale, self.eps, self.fields
        mask = (1 << width) - 1
        while top:  # the fields that may lean, lowest (first label) first
            bit = top & -top
            top ^= bit
            j = bit.bit_length() // width - 1
            label, back, normal, stricter = fields[j]
            score = (((total >> (width * j)) & mask) + back) / scale
            threshold = stricter if strict else normal
            if score < _LEAN_LOGIT + eps or -eps <= score - threshold <= eps:
                return self._reference(sentence, strict)  # too close to call exactly
            leaning[label] = 1.0 / (1.0 + math.exp(-score))
            if score > threshold:
                confident.add(label)
        return confident, leaning

    def weights(self, feat: str) -> dict[int, float]:
        """The weights of one feature (a string of `features`): label index -> weight."""
        kind, _, rest = feat.partition(":")
        key: str | tuple[str, str] = rest
        if kind in ("b", "first2"):
            a, _, b = rest.partition("_")
            key = (a, b)
        packed = (self.grams if kind in ("w", "b") else self.firsts).get(key, 0) if rest else 0
        width, half = self.width, 1 << (self.width - 1)
        packed += sum(half << (width * j) for j in range(len(self.fields)))
        found: dict[int, float] = {}
        for j, i in enumerate(self.thresholds):
            k = ((packed >> (width * j)) & ((1 << width) - 1)) - half
            if k:
                found[i] = k / self.scale
        return found

    def _reference(self, sentence: str, strict: bool) -> tuple[set[str], dict[str, float]]:
        """`evaluate` as floats added one by one: how a score at a cut-off is decided."""
        feats = set(features(sentence))
        if not feats:
            return set(), {}
        scores = list(self.bias)
        for feat in feats:
            for i, w in self.weights(feat).items():
                scores[i] += w
        confident: set[str] = set()
        leaning: dict[str, float] = {}
        for i, threshold in self.thresholds.items():
            if scores[i] < _LEAN_LOGIT:
                continue
            label = self.labels[i]
            leaning[label] = 1.0 / (1.0 + math.exp(-scores[i]))
            if strict:
                threshold = max(threshold, STRICT)
            if scores[i] > math.log(threshold / (1.0 - threshold)):
                confident.add(label)
        return confident, leaning


def _scale(values: list[float]) -> int:
    """The smallest power of ten (else of two) that makes every value an integer."""
    for digits in range(10):
        scale: int = 10**digits
        if all(round(v * scale) / scale == v for v in values):
            return scale
    return max((v.as_integer_ratio()[1] for v in values), default=1)


def load_builtin() -> NgramModel | None:
    """The shipped model, or None when the package has none (cached like the rules)."""
    from clearair.language import cache

    path = resources.files("clearair.language") / "data" / "ngram-model.json"
    if not path.is_file():
        return None
    data = path.read_bytes()
    key = cache.key_for([(path.name, data)], "model")
    model = cache.load(key)
    if isinstance(model, NgramModel) and getattr(model, "layout", None) == _LAYOUT:
        return model
    model = NgramModel.from_dict(json.loads(data))
    cache.store(key, model)
    return model
