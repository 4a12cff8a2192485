"""Dev tool: check rule files' examples while writing them (works before all 28 exist).

usage: .venv/bin/python benchmarks/rule_examples.py LABEL [LABEL...]   (or "text:Some sentence")
"""

import sys

from clearair.language.engine import Analyzer
from clearair.language.ruleset import load_rules

analyzer = Analyzer(load_rules(require_all=False, cache=False))
for arg in sys.argv[1:]:
    if arg.startswith("text:"):
        print(sorted(analyzer.labels(arg[5:])))
        continue
    rule = analyzer.by_label[arg]
    print(f"== {arg}: {len(rule.flag_examples)} flag, {len(rule.pass_examples)} pass")
    for text in rule.flag_examples:
        if arg not in analyzer.labels(text):
            print("  MISSED:", text)
    for text in rule.pass_examples:
        if arg in analyzer.labels(text):
            print("  WRONG :", text)
