"""The n-gram model's fast inference gives exactly what the plain algorithm gives.

``NgramModel.evaluate`` sums packed integer weights and tokenizes with
``bytes.translate``; the reference here is the plain algorithm (the features
of ``ngram.features``, a dictionary look-up per feature, float sums, the
logistic), written from the model's JSON. Both must agree on the confident
labels and on the leaning labels (in order), with each p equal to 1e-9, on
every sentence of the development corpus, strict and not.
"""

from __future__ import annotations

import dataclasses
import json
import math
import pickle
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from clearair.language import ngram
from clearair.language.ngram import LEAN, STRICT, NgramModel, features, load_builtin
from clearair.language.segment import sentences

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"

Result = tuple[set[str], dict[str, float]]


class Reference:
    """The plain algorithm, straight from the JSON."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.labels: list[str] = data["labels"]
        self.bias = [float(b) for b in data["bias"]]
        self.thresholds = {self.labels.index(label): float(t) for label, t in data["thresholds"].items()}
        self.weights = {f: [(int(i), float(w)) for i, w in pairs] for f, pairs in data["weights"].items()}

    def evaluate(self, sentence: str, strict: bool) -> Result:
        feats = set(features(sentence))  # each feature once
        if not feats:
            return set(), {}
        scores = list(self.bias)
        for feat in feats:
            for i, w in self.weights.get(feat, ()):
                scores[i] += w
        confident: set[str] = set()
        leaning: dict[str, float] = {}
        for i, threshold in self.thresholds.items():
            if scores[i] < math.log(LEAN / (1.0 - LEAN)):
                continue
            leaning[self.labels[i]] = 1.0 / (1.0 + math.exp(-scores[i]))
            t = max(threshold, STRICT) if strict else threshold
            if scores[i] > math.log(t / (1.0 - t)):
                confident.add(self.labels[i])
        return confident, leaning


@cache
def builtin_data() -> dict[str, Any]:
    path = resources.files("clearair.language") / "data" / "ngram-model.json"
    data: dict[str, Any] = json.loads(path.read_bytes())
    return data


@cache
def corpus_sentences() -> tuple[str, ...]:
    """Every text of the development corpus and every sentence in it."""
    found: dict[str, None] = {}
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            found[text] = None
            found.update(dict.fromkeys(s.text for s in sentences(text)))
    return tuple(found)


# what the tokenizer has to get right: apostrophes, case, non-ASCII letters (some
# lower-case to ASCII), ? and !, digits, separators of every kind
AWKWARD = [
    "",
    "   ",
    "...",
    "?",
    "!!",
    "Why?!",
    "what??? really!?",
    "I'm sorry, I didn't mean it.",
    "I’m sorry you’re upset — it's on me.",
    "'''",
    "DON'T YOU DARE",
    "I\tam\nsorry\r\n\x0bnow\x0c",
    "snake_case and kebab-case and a.b,c;d:e",
    "Café, naïve, façade, Straße, ÉCOLE",
    "\u212a is a kelvin sign, \u0130stanbul has a dotted capital",
    "ＦＵＬＬＷＩＤＴＨ letters and\u00a0no-break\u2009spaces",
    "emoji 🙏 sorry 😔 again",
    "2nd time, 100% my fault, 24/7",
    "İ",
    "x\u0307y",
]


def assert_same(got: Result, want: Result, context: str) -> None:
    assert got[0] == want[0], context
    assert list(got[1]) == list(want[1]), context  # the same labels, in the same order
    for label, p in want[1].items():
        assert got[1][label] == pytest.approx(p, abs=1e-9, rel=0), (context, label)


@pytest.mark.parametrize("strict", [False, True])
def test_evaluate_matches_the_plain_algorithm_on_the_corpus(strict: bool) -> None:
    data = builtin_data()
    model, reference = NgramModel.from_dict(data), Reference(data)
    texts = corpus_sentences()
    assert len(texts) > 5000
    leaned = 0
    for text in (*texts, *AWKWARD):
        want = reference.evaluate(text, strict)
        assert_same(model.evaluate(text, strict=strict), want, text)
        leaned += bool(want[1])
    assert leaned > 1000  # the comparison covers the decoding, not only the shortcut


def test_the_float_path_is_the_plain_algorithm_exactly() -> None:
    """With a huge eps every leaning sentence is decided by `_reference`: bit for bit the plain one."""
    data = builtin_data()
    model = NgramModel.from_dict(data)
    forced = dataclasses.replace(model, eps=100.0, lean_above=-100.0)
    reference = Reference(data)
    for strict in (False, True):
        for text in corpus_sentences()[:3000]:
            assert forced.evaluate(text, strict=strict) == reference.evaluate(text, strict), text


def test_tokens_are_those_of_features() -> None:
    for text in (*AWKWARD, *corpus_sentences()[:2000]):
        words = [f[2:] for f in features(text) if f.startswith("w:")]
        assert ngram._tokens(text) == [w.encode() for w in words], text


def tiny(
    weights: dict[str, list[list[float]]], bias: list[float], thresholds: dict[str, float]
) -> dict[str, Any]:
    return {
        "schema": ngram.MODEL_SCHEMA,
        "labels": ["a", "b", "c"],
        "bias": bias,
        "thresholds": thresholds,
        "weights": weights,
    }


@pytest.mark.parametrize("strict", [False, True])
def test_scores_exactly_at_a_cut_off_are_decided_like_the_float_sum(strict: bool) -> None:
    # -0.3 + 0.1 + 0.2 is exactly 0 (LEAN, and the 0.5 threshold) but 2.8e-17 in floats
    # (where the order of the additions may matter); 1.0 + 1.1972 is just below logit(0.9)
    data = tiny(
        {
            "w:sorry": [[0, 0.1], [1, 0.1], [2, 1.0]],
            "w:really": [[0, 0.2], [1, 0.2], [2, 1.1972]],
            "b:so_sorry": [[1, -0.0001]],
            "first:im": [[2, 0.1]],
            "first2:im_so": [[2, -0.1]],
            "w:unused": [[0, 5.0]],
            "x:junk": [[0, 9.0]],
            "b:a_b_c": [[0, 9.0]],
        },
        bias=[-0.3, -0.3, 0.0],
        thresholds={"a": 0.5, "b": 0.5, "c": 0.9},
    )
    model, reference = NgramModel.from_dict(data), Reference(data)
    if not strict:  # the exact sum alone (no fallback to floats at a cut-off) would differ
        exact_only = dataclasses.replace(model, eps=-1.0, lean_above=-1.0)
        assert exact_only.evaluate("sorry really")[0] == set()
        assert reference.evaluate("sorry really", False)[0] == {"a", "b"}
    for text in [
        "sorry really",
        "really sorry",
        "really, really sorry sorry",
        "I'm so sorry, really",
        "so sorry really",
        "I'm really sorry",
        "nothing here",
        "",
    ]:
        assert model.evaluate(text, strict=strict) == reference.evaluate(text, strict), text


def test_a_label_without_threshold_is_never_reported() -> None:
    data = tiny(
        {"w:sorry": [[0, 9.0], [1, 9.0], [2, 9.0]]},
        bias=[0.0, 0.0, 0.0],
        thresholds={"a": 0.5, "c": 0.95},
    )
    model = NgramModel.from_dict(data)
    confident, leaning = model.evaluate("Sorry!")
    assert confident == {"a", "c"}
    assert list(leaning) == ["a", "c"]
    assert model.evaluate("Sorry!") == Reference(data).evaluate("Sorry!", False)


def test_from_dict_rejects_another_schema() -> None:
    with pytest.raises(ValueError, match="schema"):
        NgramModel.from_dict({**builtin_data(), "schema": "clearair.ngram-model/0"})


def test_a_pickled_model_evaluates_the_same() -> None:
    model = NgramModel.from_dict(builtin_data())
    again = pickle.loads(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
    for text in corpus_sentences()[:500]:
        assert again.evaluate(text, strict=True) == model.evaluate(text, strict=True)


def test_load_builtin_caches_a_model_that_evaluates_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLEARAIR_CACHE_DIR", str(tmp_path))
    built = load_builtin()  # from the JSON, then stored
    assert list(tmp_path.glob("model-*.pickle"))
    cached = load_builtin()  # from the cache
    assert built is not None
    assert cached is not None
    assert cached is not built
    fresh = NgramModel.from_dict(builtin_data())
    for text in corpus_sentences()[:500]:
        assert cached.evaluate(text) == built.evaluate(text) == fresh.evaluate(text)
