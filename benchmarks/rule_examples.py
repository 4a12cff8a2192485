"""Dev tool: check rule files' examples without needing all 28 rule files.
usage: .venv/bin/python benchmarks/rule_examples.py LABEL [LABEL...]   (or "text:Some sentence")"""

import sys
from importlib import resources

from clearair.language import ruleset
from clearair.language.engine import Analyzer

root = resources.files("clearair.language") / "rules"
macros = {}
for p in sorted(root.iterdir(), key=lambda p: p.name):
    if p.name.startswith("_lexicon"):
        macros.update(ruleset.load_macros(p))
rules = []
for p in sorted(root.iterdir(), key=lambda p: p.name):
    if p.name.endswith(".yaml") and not p.name.startswith("_"):
        rules.append(ruleset.compile_rule(ruleset._read_yaml(p), macros, p.name))
an = Analyzer(rules)
for arg in sys.argv[1:]:
    if arg.startswith("text:"):
        print(sorted(an.labels(arg[5:])))
        continue
    r = an.by_label[arg]
    print(f"== {arg}: {len(r.flag_examples)} flag, {len(r.pass_examples)} pass")
    for t in r.flag_examples:
        if arg not in an.labels(t):
            print("  MISSED:", t)
    for t in r.pass_examples:
        if arg in an.labels(t):
            print("  WRONG :", t)
