"""Train the n-gram model that works beside the rules (clearair.language.ngram).

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python scripts/train_model.py            # writes src/clearair/language/data/ngram-model.json

Reproducible: the same corpus gives the same file (fixed folds and solver).
Data: the single-sentence items of the development corpus (tests/data/corpus/),
whose labels are exactly that sentence's labels, and for each label its rule
file's examples (``flag`` as positives, ``pass`` as negatives: the traps). Per label, a logistic
regression over word uni- and bigrams; the probability threshold is the
lowest one at which the model ALONE reaches the target precision in 5-fold
cross-validation (so model-only findings are rarely wrong); a label whose
model cannot reach it is left to the rules. The blind holdout set is never
read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from clearair.language.ngram import MODEL_SCHEMA, features  # noqa: E402
from clearair.language.ruleset import LABELS, load_rules  # noqa: E402
from clearair.language.segment import sentences  # noqa: E402

OUT = ROOT / "src/clearair/language/data/ngram-model.json"


def load() -> tuple[list[str], list[set[str]]]:
    texts, golds = [], []
    for path in sorted((ROOT / "tests/data/corpus").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if len(sentences(item["text"])) == 1:
                texts.append(item["text"])
                golds.append(set(item["labels"]))
    return texts, golds


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--precision", type=float, default=0.95, help="target CV precision of the model alone"
    )
    parser.add_argument("--c", type=float, default=2.0, help="inverse regularization strength")
    parser.add_argument("--min-count", type=int, default=2, help="drop features seen fewer times")
    args = parser.parse_args()

    texts, golds = load()
    rules = {rule.label: rule for rule in load_rules(cache=False)}
    # rule examples: known for their own label only (None elsewhere)
    extra: list[tuple[str, str, int]] = [
        (text, rule.label, value)
        for rule in rules.values()
        for value, examples in ((1, rule.flag_examples), (0, rule.pass_examples))
        for text in examples
    ]
    n_corpus = len(texts)
    texts = texts + [text for text, _, _ in extra]
    feats = [dict.fromkeys(features(t), 1) for t in texts]
    counts: dict[str, int] = {}
    for f in feats:
        for key in f:
            counts[key] = counts.get(key, 0) + 1
    feats = [{k: v for k, v in f.items() if counts[k] >= args.min_count} for f in feats]
    vectorizer = DictVectorizer(sparse=True)
    x = vectorizer.fit_transform(feats).tocsr()
    x.indices = x.indices.astype(np.int32)
    x.indptr = x.indptr.astype(np.int32)
    names = vectorizer.get_feature_names_out()
    print(
        f"{n_corpus} single-sentence items, {len(extra)} rule examples, {x.shape[1]} features",
        file=sys.stderr,
    )

    bias: list[float] = []
    thresholds: dict[str, float] = {}
    weights: dict[str, list[list[float]]] = {}
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=13)
    for index, label in enumerate(LABELS):
        rows = list(range(n_corpus)) + [n_corpus + i for i, (_, lab, _) in enumerate(extra) if lab == label]
        y = np.array([label in g for g in golds] + [v for _, lab, v in extra if lab == label], dtype=int)
        xl = x[rows]
        probs = np.zeros(len(y))
        for train, test in folds.split(xl, y):
            model = LogisticRegression(C=args.c, max_iter=2000, solver="liblinear")
            model.fit(xl[train], y[train])
            probs[test] = model.predict_proba(xl[test])[:, 1]
        chosen = None
        for t in np.arange(0.5, 0.96, 0.05):
            fired = probs >= t
            if fired.sum() < 3:
                continue
            precision = (fired & (y == 1)).sum() / fired.sum()
            if precision >= args.precision:
                chosen = round(float(t), 2)
                break
        model = LogisticRegression(C=args.c, max_iter=2000, solver="liblinear")
        model.fit(xl, y)
        bias.append(round(float(model.intercept_[0]), 4))
        if chosen is not None:
            thresholds[label] = chosen
            recall = ((probs >= chosen) & (y == 1)).sum() / max(1, y.sum())
            print(
                f"{label:22} threshold {chosen:.2f}  CV recall of the model alone {recall:.2f}",
                file=sys.stderr,
            )
            for name, w in zip(names, model.coef_[0], strict=True):
                if abs(w) >= 0.02:
                    weights.setdefault(str(name), []).append([index, round(float(w), 4)])
        else:
            print(f"{label:22} left to the rules", file=sys.stderr)
    data = {
        "schema": MODEL_SCHEMA,
        "trained_on": "tests/data/corpus/*.jsonl (single-sentence items)",
        "labels": list(LABELS),
        "bias": bias,
        "thresholds": thresholds,
        "weights": dict(sorted(weights.items())),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, separators=(",", ":"), sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size:,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
