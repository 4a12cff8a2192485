"""Analyzer quality on a labelled corpus: per-label precision, recall, F1,
the macro-F1 over the 28 labels, how many neutral items stay silent, and how
often the better message of a pair scores higher.

    .venv/bin/python benchmarks/quality.py                 # the development corpus
    .venv/bin/python benchmarks/quality.py --set holdout   # the blind holdout set
    .venv/bin/python benchmarks/quality.py --set fresh     # session 4's fresh blind sets (measure only)
    .venv/bin/python benchmarks/quality.py --set fresh5    # session 5's (measure only)
    .venv/bin/python benchmarks/quality.py --errors LABEL  # show misses and false alarms

Corpus items are JSON lines with ``text`` and ``labels`` (the set of labels
the whole text should get); pairs are JSON lines with ``better`` and ``worse``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import ROOT, load_items, read_jsonl
from clearair.language.engine import Analyzer
from clearair.language.ngram import load_builtin
from clearair.language.ruleset import LABELS, load_rules

SETS = {
    "dev": (ROOT / "tests/data/corpus", ROOT / "tests/data/pairs.jsonl"),
    "holdout": (ROOT / "tests/data/holdout", ROOT / "tests/data/holdout/pairs.jsonl"),
    "fresh": (ROOT / "tests/data/fresh", ROOT / "tests/data/fresh/pairs.jsonl"),
    "fresh5": (ROOT / "tests/data/fresh5", ROOT / "tests/data/fresh5/pairs.jsonl"),
}


def evaluate(
    analyzer: Analyzer, items: list[dict[str, object]], labels: tuple[str, ...]
) -> dict[str, object]:
    tp = dict.fromkeys(labels, 0)
    fp = dict.fromkeys(labels, 0)
    fn = dict.fromkeys(labels, 0)
    neutral = silent = 0
    errors: dict[str, list[tuple[str, str]]] = {label: [] for label in labels}
    for item in items:
        gold = set(item["labels"])  # type: ignore[arg-type]
        got = analyzer.labels(str(item["text"]))
        if not gold:
            neutral += 1
            silent += not got
        for label in labels:
            if label in got and label in gold:
                tp[label] += 1
            elif label in got:
                fp[label] += 1
                errors[label].append(("false alarm", str(item["text"])))
            elif label in gold:
                fn[label] += 1
                errors[label].append(("missed", str(item["text"])))
    rows = {}
    for label in labels:
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        r = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        rows[label] = {"precision": p, "recall": r, "f1": f, "support": tp[label] + fn[label]}
    macro = sum(row["f1"] for row in rows.values()) / len(rows) if rows else 0.0
    return {
        "labels": rows,
        "macro_f1": macro,
        "neutral": neutral,
        "neutral_silent": silent / neutral if neutral else 1.0,
        "errors": errors,
    }


def pair_accuracy(analyzer: Analyzer, path: Path) -> tuple[float, int, list[dict[str, object]]]:
    if not path.exists():
        return 0.0, 0, []
    pairs = list(read_jsonl(path))
    wrong = []
    for pair in pairs:
        better = analyzer.check(str(pair["better"])).score
        worse = analyzer.check(str(pair["worse"])).score
        if not better > worse:
            wrong.append({**pair, "scores": [better, worse]})
    return (1 - len(wrong) / len(pairs)) if pairs else 0.0, len(pairs), wrong


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", choices=sorted(SETS), default="dev")
    parser.add_argument("--errors", metavar="LABEL", help="print the misses and false alarms of LABEL")
    parser.add_argument("--pairs", action="store_true", help="print the pairs ordered wrongly")
    parser.add_argument("--neutral", action="store_true", help="print neutral items that got a label")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--no-model", action="store_true", help="rules only, without the n-gram model")
    parser.add_argument("--markdown", action="store_true", help="print the per-label table as Markdown")
    args = parser.parse_args()

    rules = load_rules(require_all=False)
    analyzer = Analyzer(rules, None if args.no_model else load_builtin())
    labels = LABELS
    corpus_dir, pairs_path = SETS[args.set]
    items = load_items(corpus_dir)
    result = evaluate(analyzer, items, labels)
    accuracy, n_pairs, wrong_pairs = pair_accuracy(analyzer, pairs_path)

    if args.json:
        out = {k: v for k, v in result.items() if k != "errors"}
        out.update({"set": args.set, "items": len(items), "pairs": n_pairs, "pair_accuracy": accuracy})
        print(json.dumps(out, indent=2))
        return 0
    if args.markdown:
        print("| label | precision | recall | F1 | n |\n|---|---|---|---|---|")
        for label, row in result["labels"].items():  # type: ignore[attr-defined]
            cells = [f"{row[k]:.3f}" for k in ("precision", "recall", "f1")]
            print(f"| `{label}` | {' | '.join(cells)} | {row['support']} |")
        print(
            f"\nmacro-F1 {result['macro_f1']:.3f} · neutral silent {result['neutral_silent']:.3f} "
            f"(of {result['neutral']}) · pairs ordered {accuracy:.3f} (of {n_pairs}) · items {len(items)}"
        )
        return 0
    print(f"set: {args.set}  items: {len(items)}  rules loaded: {len(rules)}/28")
    print(f"{'label':22} {'prec':>6} {'rec':>6} {'F1':>6} {'n':>5}")
    for label, row in result["labels"].items():  # type: ignore[attr-defined]
        print(f"{label:22} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} {row['support']:5d}")
    print(f"macro-F1 over 28 labels: {result['macro_f1']:.3f}")
    print(f"neutral items silent:    {result['neutral_silent']:.3f} (of {result['neutral']})")
    print(f"pairs ordered correctly: {accuracy:.3f} (of {n_pairs})")
    if args.errors:
        for kind, text in result["errors"][args.errors]:  # type: ignore[index]
            print(f"  {kind:11} {text}")
    if args.neutral:
        for item in items:
            if not item["labels"]:
                got = analyzer.labels(str(item["text"]))
                if got:
                    print(f"  {sorted(got)}  {item['text']}")
    if args.pairs:
        for pair in wrong_pairs:
            print(f"  {pair['scores']}  better: {pair['better']}\n           worse:  {pair['worse']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
