"""Rules as data: load, validate and compile the rule files.

Each label is one YAML file under ``language/rules/`` (see docs/rules.md).
Files named ``_lexicon*.yaml`` hold named regular-expression fragments
("macros") that patterns use as ``{NAME}``. Loading validates every file and raises
:class:`RuleError` naming the file and the field at fault.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from clearair.language import fastre
from clearair.language.fastre import Program
from clearair.language.gates import Gate, gates_for
from clearair.language.model import Kind

#: The 28 label ids of the public contract (../shared/spec/language-labels.md).
PROBLEMS: tuple[str, ...] = (
    "conditional-apology",
    "apology-for-feelings",
    "excuse",
    "blame-shift",
    "minimizing",
    "feeling-policing",
    "forgiveness-pressure",
    "evasive-passive",
    "vague-apology",
    "intent-defense",
    "self-flagellation",
    "why-question",
    "absolute-language",
    "character-judgment",
    "dismissive",
)
STRENGTHS: tuple[str, ...] = (
    "regret",
    "responsibility",
    "specific-act",
    "impact",
    "repair",
    "commitment",
    "forgiveness-request",
    "space-giving",
    "explanation-offer",
    "open-question",
    "contrasting",
    "mutual-purpose",
    "summary",
)
LABELS: tuple[str, ...] = PROBLEMS + STRENGTHS

#: The fewest must-flag and must-pass examples a rule file may carry.
MIN_EXAMPLES = 15

_MACRO_REF = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


class RuleError(ValueError):
    """A rule file is invalid; the message names the file and the field."""


@functools.lru_cache(maxsize=4096)
def _program(source: str) -> Program | None:
    """The tuned program of an expression's folded form (one per distinct
    expression: a macro's vetoes recur in many rules)."""
    return fastre.program(fold_source(source))


@functools.lru_cache(maxsize=4096)
def _case_insensitive(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


def fold_source(source: str) -> str:
    """The expression with its literal letters lower-cased, for lower-cased text.

    Escapes (``\\S``, ``\\B``...) and group names keep their case. Searching
    lower-cased text without ``re.IGNORECASE`` is more than twice as fast and
    finds the same matches at the same offsets (tested on the whole corpus).
    """
    out: list[str] = []
    i = 0
    while i < len(source):
        if source[i] == "\\":
            out.append(source[i : i + 2])
            i += 2
        elif source.startswith(("(?P<", "(?P="), i):
            j = source.find(">" if source[i + 3] == "<" else ")", i)
            j = len(source) - 1 if j == -1 else j
            out.append(source[i : j + 1])
            i = j + 1
        else:
            out.append(source[i].lower())
            i += 1
    return "".join(out)


class Regex:
    """A regular expression of the rules, compiled on first use.

    It has two forms: the *folded* one (literals lower-cased, no
    ``re.IGNORECASE``), searched in lower-cased text, which is the fast path;
    and the case-insensitive original, for the rare text whose lower-casing
    is not one character for one.

    The folded form is compiled by :mod:`clearair.language.fastre` into a
    program ``re`` runs faster (same matches). Parsing and compiling a big
    expression is pure Python and slow; a cold ``clearair check`` must not
    pay it for hundreds of patterns. So a Regex carries that program
    (``prepare()``, done once when a rule set is cached) and rebuilds the
    pattern object from it in microseconds. The program belongs to one
    Python version: the rule cache is keyed by it, and any failure falls
    back to ``re.compile``.
    """

    __slots__ = ("_compiled", "_compiled_ci", "_program", "source")

    def __init__(self, source: str, compiled_ci: re.Pattern[str] | None = None) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None
        self._compiled_ci = compiled_ci
        self._program: Program | None = None

    def prepare(self) -> None:
        """Keep the compiled program so a pickled copy loads without compiling."""
        if self._program is None:
            self._program = _program(self.source)

    @property
    def compiled(self) -> re.Pattern[str]:
        """The folded form: search it in lower-cased text."""
        if self._compiled is None:
            self.prepare()
            if self._program is not None:
                try:
                    self._compiled = fastre.load(self._program)
                except Exception:  # a program from another Python: compile again
                    self._program = None
            if self._compiled is None:
                self._compiled = re.compile(fold_source(self.source))
        return self._compiled

    def search(self, lowered: str) -> re.Match[str] | None:
        """Search lower-cased text (the fast path)."""
        return self.compiled.search(lowered)

    def search_ci(self, text: str) -> re.Match[str] | None:
        """Search text of any case with the case-insensitive original."""
        if self._compiled_ci is None:
            self._compiled_ci = re.compile(self.source, re.IGNORECASE)
        return self._compiled_ci.search(text)

    def __getstate__(self) -> tuple[str, Program | None]:
        return self.source, self._program

    def __setstate__(self, state: tuple[str, Program | None]) -> None:
        self.source, self._program = state
        self._compiled = None
        self._compiled_ci = None

    def __repr__(self) -> str:
        return f"Regex({self.source[:40]!r}...)"


@dataclass(frozen=True, slots=True)
class Pattern:
    name: str
    regex: Regex
    unless: tuple[Regex, ...]
    question: bool | None
    gate: Gate = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """A compiled rule: what the engine runs."""

    label: str
    kind: Kind
    title: str
    message: str
    suggestion: str
    weight: float
    suppresses: frozenset[str]
    unless: tuple[Regex, ...]
    patterns: tuple[Pattern, ...]
    flag_examples: tuple[str, ...]
    pass_examples: tuple[str, ...]
    source: str


def expand_macros(pattern: str, macros: Mapping[str, str], where: str) -> str:
    """Replace ``{NAME}`` with ``(?:macro)``, recursively."""

    def sub(m: re.Match[str], depth: int = 0) -> str:
        name = m.group(1)
        if name not in macros:
            raise RuleError(f"{where}: unknown macro {{{name}}}")
        if depth > 10:
            raise RuleError(f"{where}: macro {{{name}}} refers to itself")
        return "(?:" + _MACRO_REF.sub(lambda n: sub(n, depth + 1), macros[name]) + ")"

    return _MACRO_REF.sub(sub, pattern)


def _compile(pattern: str, macros: Mapping[str, str], where: str) -> Regex:
    source = expand_macros(pattern, macros, where)
    try:
        return Regex(source, _case_insensitive(source))
    except re.error as exc:
        raise RuleError(f"{where}: invalid regular expression: {exc}") from exc


def _vetoes(sources: Iterable[str], macros: Mapping[str, str], where: str) -> tuple[Regex, ...]:
    """The ``unless`` expressions, each cut into its top-level alternatives.

    A veto is only asked whether it matches, so its alternatives can be
    searched one by one: the engine gates each on its own words and skips
    those that cannot match (a macro like NARRATED has a dozen unrelated
    alternatives, one of which needs no word at all).
    """
    vetoes: list[Regex] = []
    for j, source in enumerate(sources):
        whole = _compile(source, macros, f"{where}.{j}'")
        parts = fastre.alternatives(whole.source)
        vetoes.extend([whole] if len(parts) == 1 else [Regex(part) for part in parts])
    return tuple(vetoes)


def _read_yaml(path: Path | Any) -> Any:
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise RuleError(f"{path.name}: not valid YAML: {exc}") from exc


def _field_path(loc: Iterable[Any]) -> str:
    return ".".join(str(part) for part in loc)


def load_macros(path: Path | Any) -> dict[str, str]:
    data = _read_yaml(path)
    macros = data.get("macros") if isinstance(data, dict) else None
    if not isinstance(macros, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in macros.items()
    ):
        raise RuleError(f"{path.name}: field 'macros' must map NAME to a regex string")
    return macros


def compile_rule(data: Any, macros: Mapping[str, str], source: str) -> Rule:
    """Validate one rule file's data and compile it, without its patterns'
    gates (:func:`_with_gates` derives those for all rules at once, faster)."""
    from pydantic import ValidationError

    from clearair.language.schema import RuleSpec

    try:
        spec = RuleSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise RuleError(f"{source}: field '{_field_path(first['loc'])}': {first['msg']}") from exc
    patterns = []
    for i, p in enumerate(spec.patterns):
        regex = _compile(p.match, macros, f"{source}: field 'patterns.{i}.match'")
        patterns.append(
            Pattern(
                name=p.name,
                regex=regex,
                unless=_vetoes(p.unless, macros, f"{source}: field 'patterns.{i}.unless"),
                question=p.question,
            )
        )
    return Rule(
        label=spec.label,
        kind=spec.kind,
        title=spec.title,
        message=" ".join(spec.message.split()),
        suggestion=" ".join(spec.suggestion.split()),
        weight=spec.weight,
        suppresses=frozenset(spec.suppresses),
        unless=_vetoes(spec.unless, macros, f"{source}: field 'unless"),
        patterns=tuple(patterns),
        flag_examples=spec.examples.flag,
        pass_examples=spec.examples.pass_,
        source=source,
    )


def load_rules(
    directory: Path | None = None, *, require_all: bool = True, cache: bool = True
) -> tuple[Rule, ...]:
    """Load every rule file (default: the package's built-in rules).

    Raises :class:`RuleError` if a file is invalid, a label is defined twice,
    or (with ``require_all``) one of the 28 labels has no rule file.

    Validated rules are cached (see :mod:`clearair.language.cache`) under a
    key made of the files' bytes, so the next process skips parsing and
    validating; any edit to a rule file changes the key.
    """
    from clearair.language import cache as rule_cache

    files = _rule_paths(directory)
    contents = [(path.name, path.read_bytes()) for path in files]
    key = rule_cache.key_for(contents, f"rules-{int(require_all)}")
    if cache:
        cached = rule_cache.load(key)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
    rules = _load_files(files, require_all)
    if cache:
        for rule in rules:
            for regex in (*rule.unless, *(r for p in rule.patterns for r in (p.regex, *p.unless))):
                regex.prepare()
        rule_cache.store(key, rules)
    return rules


def _rule_paths(directory: Path | None) -> list[Path]:
    root = directory if directory is not None else Path(__file__).parent / "rules"
    return sorted((p for p in root.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)


def rule_files() -> list[tuple[str, bytes]]:
    """Every built-in rule file's name and bytes (what caches of compiled rules are keyed by)."""
    return [(path.name, path.read_bytes()) for path in _rule_paths(None)]


def _load_files(files: list[Path], require_all: bool) -> tuple[Rule, ...]:
    macros: dict[str, str] = {}
    for path in files:
        if path.name.startswith("_lexicon"):
            for name, value in load_macros(path).items():
                if name in macros:
                    raise RuleError(f"{path.name}: field 'macros.{name}': defined twice")
                macros[name] = value
    rules: dict[str, Rule] = {}
    for path in files:
        if path.name.startswith("_"):
            continue
        rule = compile_rule(_read_yaml(path), macros, path.name)
        if rule.label in rules:
            raise RuleError(
                f"{path.name}: field 'label': {rule.label!r} is already defined in {rules[rule.label].source}"
            )
        rules[rule.label] = rule
    missing = [label for label in LABELS if label not in rules]
    if missing and require_all:
        raise RuleError(f"rules: no rule file for label(s): {', '.join(missing)}")
    return _with_gates(tuple(rules[label] for label in LABELS if label in rules))


def _with_gates(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """The rules with every pattern's gate, derived in one go (the macros the
    patterns share are worked out once)."""
    found = iter(gates_for(p.regex.source for rule in rules for p in rule.patterns))
    return tuple(
        replace(rule, patterns=tuple(replace(p, gate=next(found)) for p in rule.patterns)) for rule in rules
    )
