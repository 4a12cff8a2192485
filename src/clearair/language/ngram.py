"""A small statistical model that works beside the rules.

The rules are the first tool; this model adds a label only where the rules
are silent and it is confident (a probability above a per-label threshold,
chosen by cross-validation so that the model alone is precise). It is a
logistic regression per label over word uni- and bigrams of one sentence,
trained by ``scripts/train_model.py`` from the development corpus in
``tests/data/corpus/`` and shipped as ``language/data/ngram-model.json``.
Inference is a few dictionary look-ups per sentence, in pure Python, whose
results are summed as packed integers (see NgramModel).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

_TOKEN = re.compile(r"[a-z0-9]+|[?!]")
MODEL_SCHEMA = "clearair.ngram-model/1"
#: The probability the model needs to label a sentence the rules left silent.
STRICT = 0.9
#: Below its threshold, a label the model still leans to (p >= LEAN) only
#: nudges the message score (see scoring.SOFT_SHARE); it is never a finding.
#: Low on purpose: two drafts with the same findings are told apart by the
#: weaker evidence too (on blind pairs written in session 5, 0.5 left 9 of
#: 200 held-back pairs wrong, 6 of them ties; 0.1 left 3).
LEAN = 0.1


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


_LEAN_LOGIT = _logit(LEAN)


def _ascii_table() -> bytes:
    """A byte of an ASCII sentence -> itself lower-cased if a token may hold it ([a-z0-9?!]), else a space."""
    table = bytearray(b" " * 256)
    for c in b"abcdefghijklmnopqrstuvwxyz0123456789?!":
        table[c] = c
    for c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        table[c] = c + 32
    return bytes(table)


_ASCII = _ascii_table()


def _tokens(sentence: str) -> list[bytes]:
    """The tokens of `features`, as ASCII bytes (bytes.translate and split beat the regex 3:1)."""
    if sentence.isascii():
        text = sentence.encode().translate(_ASCII, b"'")  # lower-cased, apostrophes dropped
    else:
        lowered = sentence.lower().replace("'", "").replace("’", "")
        if not lowered.isascii():
            return list(map(str.encode, _TOKEN.findall(lowered)))
        text = lowered.encode().translate(_ASCII)
    if text.find(b"?") >= 0:
        text = text.replace(b"?", b" ? ")
    if text.find(b"!") >= 0:
        text = text.replace(b"!", b" ! ")
    return text.split()


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

    Every weight and bias of the file is an integer ``K`` over a common
    ``scale`` (10**4: the training script rounds to four decimals). A feature's weights for all enabled
    labels are packed into ONE Python int, ``width`` bits per label (field
    ``j`` holds label ``fields[j]``), so adding the packed ints of a
    sentence's features adds all its scores at once, in C and exactly.
    ``start`` holds the biases plus an offset that keeps every field
    non-negative and sets its top bit exactly when the label may lean: a
    sentence that leans to nothing costs one ``&``. The field width exceeds
    the largest score any label can reach (each feature counts once), so
    fields never carry into each other.

    The exact sum differs from the float sum of the plain implementation
    (weights added one by one) by far less than ``eps``; a score within
    ``eps`` of a cut-off is decided by that float sum itself
    (:meth:`_reference`), so the results are the plain implementation's.
    """

    labels: tuple[str, ...]
    bias: tuple[float, ...]
    thresholds: dict[int, float]  # label index -> probability threshold (only enabled labels)
    # Compiled by from_dict (words as ASCII bytes; features with no weight left out):
    #: word -> packed weights of ``w:word``
    words: dict[bytes, int] = field(repr=False)
    #: (a, b) -> packed weights of ``b:a_b``
    bigrams: dict[tuple[bytes, bytes], int] = field(repr=False)
    #: a -> packed weights of ``first:a``; (a, b) -> of ``first:a`` and ``first2:a_b`` together
    firsts: dict[bytes | tuple[bytes, bytes], int] = field(repr=False)
    #: per field: (label, its shift, offset back to the integer score, logit of the threshold, strict)
    fields: tuple[tuple[str, int, int, float, float], ...] = field(repr=False)
    scale: int = field(repr=False)
    width: int = field(repr=False)
    mask: int = field(repr=False)  # one field
    start: int = field(repr=False)
    top: int = field(repr=False)  # the top bit of every field
    eps: float = field(repr=False)
    lean_above: float = field(repr=False)  # a score below it is too close to LEAN to call exactly

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
            kept = [(slot[i], float(w)) for i, w in pairs if i in slot]  # i: a JSON int
            if kept:
                weights[feat] = kept
        values = [bias[i] for i in thresholds] + [w for pairs in weights.values() for _, w in pairs]
        scale = _scale(values)  # checks that value * scale is an integer for every value
        ints = {feat: [(j, round(w * scale)) for j, w in pairs] for feat, pairs in weights.items()}
        start_ints = [round(bias[i] * scale) for i in thresholds]
        # the largest magnitude each label's score can reach
        reach = [abs(k) for k in start_ints]
        for pairs in ints.values():
            for j, k in pairs:
                reach[j] += abs(k)
        # a float sum of n terms is off the exact sum by less than n * 2**-53 * (sum of |terms|)
        eps = max(1e-7, 8 * (len(ints) + 2) * max(reach, default=0) / scale * 2.0**-53)
        # a field's top bit is set when its score reaches LEAN - eps
        cut = _ceil_scaled(_LEAN_LOGIT, eps, scale)
        width = (max(reach, default=0) + abs(cut)).bit_length() + 1
        half = 1 << (width - 1)
        shifts = [width * j for j in range(len(thresholds))]

        def pack(pairs: Iterable[tuple[int, int]]) -> int:
            return sum([k << shifts[j] for j, k in pairs])

        canon: dict[bytes, bytes] = {}  # one object per word: the pickle stores each once

        def word(text: str) -> bytes:
            return canon.setdefault(text.encode(), text.encode())

        words: dict[bytes, int] = {}
        bigrams: dict[tuple[bytes, bytes], int] = {}
        first: dict[bytes, int] = {}
        first2: dict[tuple[bytes, bytes], int] = {}
        # Each feature also adds 1 to a field above the labels': so every packed int is positive,
        # and Python adds them without the slower subtraction of a negative one.
        one = 1 << (width * len(thresholds))
        for feat, pairs in ints.items():
            kind, _, rest = feat.partition(":")
            packed = pack(pairs)
            packed = packed and packed + one
            if kind in ("w", "first") and packed:
                (words if kind == "w" else first)[word(rest)] = packed
            elif kind in ("b", "first2") and rest.count("_") == 1 and packed:
                a, _, b = rest.partition("_")
                (bigrams if kind == "b" else first2)[word(a), word(b)] = packed
            # else no weight, or a feature `features` never yields
        firsts: dict[bytes | tuple[bytes, bytes], int] = {}
        firsts.update(first.items())
        for pair, packed in first2.items():
            firsts[pair] = first.get(pair[0], 0) + packed
        fields = tuple(
            (labels[i], shifts[j], cut - half, _logit(t), _logit(max(t, STRICT)))
            for j, (i, t) in enumerate(thresholds.items())
        )
        return cls(
            labels=labels,
            bias=bias,
            thresholds=thresholds,
            words=words,
            bigrams=bigrams,
            firsts=firsts,
            fields=fields,
            scale=scale,
            width=width,
            mask=(1 << width) - 1,
            start=pack((j, k - cut + half) for j, k in enumerate(start_ints)),
            top=pack((j, half) for j in range(len(fields))),
            eps=eps,
            lean_above=_LEAN_LOGIT + eps,
        )

    def evaluate(self, sentence: str, *, strict: bool = False) -> tuple[set[str], dict[str, float]]:
        """The confident labels, and every label the model leans to (p >= LEAN) with its p."""
        tokens = _tokens(sentence)
        if not tokens:
            return set(), {}
        # each feature counts once; bigrams repeat only where a word does (rare)
        words = set(tokens)
        if len(words) == len(tokens):
            total = sum(filter(None, map(self.words.get, tokens)), self.start)
            total = sum(filter(None, map(self.bigrams.get, pairwise(tokens))), total)
        else:
            total = sum(filter(None, map(self.words.get, words)), self.start)
            total = sum(filter(None, map(self.bigrams.get, set(pairwise(tokens)))), total)
        first = self.firsts.get((tokens[0], tokens[1])) if len(tokens) > 1 else None
        if first is None:
            first = self.firsts.get(tokens[0])
        if first:
            total += first
        top = total & self.top
        if not top:
            return set(), {}
        confident: set[str] = set()
        leaning: dict[str, float] = {}
        width, mask, scale, eps = self.width, self.mask, self.scale, self.eps
        while top:  # the fields that may lean, lowest (the first label) first
            bit = top & -top
            top ^= bit
            label, shift, back, normal, stricter = self.fields[bit.bit_length() // width - 1]
            score = (((total >> shift) & mask) + back) / scale
            threshold = stricter if strict else normal
            if score < self.lean_above or -eps <= score - threshold <= eps:
                return self._reference(sentence, strict)  # too close to call exactly
            leaning[label] = 1.0 / (1.0 + math.exp(-score))
            if score > threshold:
                confident.add(label)
        return confident, leaning

    def weights(self, feat: str) -> dict[int, float]:
        """The weights of one feature (as `features` spells it): label index -> weight."""
        kind, _, rest = feat.partition(":")
        a, _, b = rest.partition("_")
        pair = (a.encode(), b.encode())
        if kind == "w":
            packed = self.words.get(rest.encode(), 0)
        elif kind == "b":
            packed = self.bigrams.get(pair, 0)
        elif kind == "first":
            packed = self.firsts.get(rest.encode(), 0)
        elif kind == "first2" and pair in self.firsts:
            packed = self.firsts[pair] - self.firsts.get(pair[0], 0)
        else:
            packed = 0
        half = 1 << (self.width - 1)
        packed += self.top  # every field + half: none is negative
        found: dict[int, float] = {}
        for i, (_, shift, *_) in zip(self.thresholds, self.fields, strict=True):
            k = ((packed >> shift) & self.mask) - half
            if k:
                found[i] = k / self.scale
        return found

    def _reference(self, sentence: str, strict: bool) -> tuple[set[str], dict[str, float]]:
        """The plain implementation (float weights added one by one): decides scores at a cut-off."""
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


def _ceil_scaled(a: float, b: float, scale: int) -> int:
    """ceil((a - b) * scale), exactly (without importing fractions at every start)."""
    (na, da), (nb, db) = a.as_integer_ratio(), b.as_integer_ratio()
    return -((-(na * db - nb * da) * scale) // (da * db))


def _scale(values: list[float]) -> int:
    """The smallest power of ten (else of two) that makes every value an integer."""
    for digits in range(10):
        scale: int = 10**digits
        if all(round(v * scale) / scale == v for v in values):
            return scale
    scale = max((v.as_integer_ratio()[1] for v in values), default=1)
    try:
        if all(round(v * scale) / scale == v for v in values):
            return scale
    except OverflowError:
        pass
    raise ValueError("ngram model: weights too small or too large to sum exactly")


def model_file() -> Path:
    """Where the shipped model lives (inside the package)."""
    return Path(__file__).parent / "data" / "ngram-model.json"


def load_builtin() -> NgramModel | None:
    """The shipped model, or None when the package has none (cached like the rules)."""
    from clearair.language import cache

    path = model_file()
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
