"""Compile a rule's expression into a program Python's ``re`` engine runs faster.

The engine searches each sentence with a few big expressions (alternations
of dozens of phrasings). Python's regular-expression engine tries such an
expression at every position of the text, and at every position it tries
each alternative in turn: the cost is positions x alternatives. It has two
shortcuts, both of which the rules' expressions mostly defeat: it skips the
positions whose character cannot start a match only when the expression
begins with a literal or a plain class, and it rejects an alternative
without entering it only when the alternative begins with a literal or a
class. Ours begin with ``\\b``, with a group, or with a nested alternation.

:func:`program` parses the expression with ``re``'s own parser, rewrites the
tree in three ways that never change what matches, where or in what order,
and compiles it with ``re``'s own compiler:

* ``\\b`` before a word character moves after the literal run it guards:
  ``\\bsorry`` becomes ``sorry(?<!\\wsorry)`` ("the character before the
  ``s`` is not a word character", which is what ``\\b`` means before a word
  character). The alternative now begins with a literal.
* Alternations are flattened (``(?:(?:a|b)|c)`` is ``(?:a|b|c)``) and
  alternatives that begin with the same literal character are grouped
  behind it, keeping their order: ``sorry|sorrow|apology`` becomes
  ``s(?:orry|orrow)|apology``. An alternative moves up past another only
  when the other cannot begin with that character, so at any position the
  alternatives that can match are still tried in their original order.
* The program's header gets the set of characters a match can begin with
  (worked out through groups, alternations, repeats and zero-width
  assertions), so the search skips every other position at C speed.

Anything the rewrite does not understand is left as it is; if anything at
all goes wrong, :func:`program` returns ``None`` and the caller compiles the
expression plainly. The result is an ordinary ``re.Pattern``. Tests compare
it with ``re.compile`` on random expressions and texts, and the engine with
the naive one on the corpus and the rules' examples.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from typing import Any

#: A compiled program: (source, code as bytes, flags, groups, group names).
Program = tuple[str, bytes, int, int, dict[str, int]]

#: The longest literal run a moved ``\\b`` is checked behind.
MAX_RUN = 16
#: At most this many first characters make the set worth checking.
SELECTIVE = 12


class _UnknownError(Exception):
    """The first character of a part cannot be worked out."""


def program(source: str) -> Program | None:
    """The tuned program of ``source`` (``None``: compile it plainly)."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(source, 0)
        if not parsed.state.flags & (sre.SRE_FLAG_IGNORECASE | sre.SRE_FLAG_LOCALE | sre.SRE_FLAG_ASCII):
            _Rewriter(parsed.state).rewrite(parsed)
        if not parsed.state.flags & sre.SRE_FLAG_MULTILINE and _anchored(parsed.data):
            parsed.data.insert(0, (sre.AT, sre.AT_BEGINNING))
        code = _compiler._code(parsed, 0)
        code = _with_first_characters(code, parsed)
        state = parsed.state
        data = array("I", code).tobytes()
        tuned: Program = (source, data, state.flags, state.groups, dict(state.groupdict))
        load(tuned)  # the engine validates the code here
        return tuned
    except Exception:
        return None


def load(tuned: Program) -> re.Pattern[str]:
    """The pattern object of a program (microseconds: nothing is parsed)."""
    import _sre  # type: ignore[import-not-found]

    source, data, flags, groups, groupindex = tuned
    code = array("I")
    code.frombytes(data)
    indexgroup: list[str | None] = [None] * groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return _sre.compile(  # type: ignore[no-any-return]
        source, flags, code.tolist(), groups - 1, groupindex, tuple(indexgroup)
    )


# ---------------------------------------------------------------- the rewrite


class _Rewriter:
    def __init__(self, state: Any) -> None:
        from re import _parser  # type: ignore[attr-defined]

        self.state = state
        self.SubPattern = _parser.SubPattern

    def sub(self, data: list[tuple[Any, Any]]) -> Any:
        return self.SubPattern(self.state, data)

    def rewrite(self, sub: Any) -> None:
        """Rewrite a sequence in place, its parts first."""
        for op, av in sub.data:
            if op is sre.SUBPATTERN:
                if not av[1] and not av[2]:  # (?i:...) and the like stay as they are
                    self.rewrite(av[3])
            elif op is sre.BRANCH:
                for alternative in av[1]:
                    self.rewrite(alternative)
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                self.rewrite(av[2])
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                self.rewrite(av[1])
            elif op is sre.ATOMIC_GROUP:
                self.rewrite(av)
        sub.data[:] = self._lift_boundaries(sub.data)
        self._group_branches(sub.data)

    def _group_branches(self, data: list[tuple[Any, Any]]) -> None:
        """Flatten and group each alternation of the sequence (in place)."""
        for i, (op, av) in enumerate(data):
            if op is sre.BRANCH:
                data[i] = (op, (av[0], self._grouped(self._flattened(av[1]))))

    # -- \b before a word character

    def _lift_boundaries(self, data: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
        out: list[tuple[Any, Any]] = []
        i = 0
        while i < len(data):
            op, av = data[i]
            if op is sre.AT and av is sre.AT_BOUNDARY and i + 1 < len(data):
                nop, nav = data[i + 1]
                if self._word_character(nop, nav):
                    j = i + 2
                    while j < len(data) and j - i <= MAX_RUN and self._one_character(*data[j]):
                        j += 1
                    run = data[i + 1 : j]
                    behind = self.sub([(sre.IN, [(sre.CATEGORY, sre.CATEGORY_WORD)]), *run])
                    out.extend(run)
                    out.append((sre.ASSERT_NOT, (-1, behind)))
                    i = j
                    continue
                if nop is sre.BRANCH:  # \b(?:a|b) is (?:\ba|\bb)
                    for alternative in nav[1]:
                        alternative.data[:] = self._lift_boundaries([(op, av), *alternative.data])
                    out.append((nop, nav))
                    i += 2
                    continue
                if nop is sre.SUBPATTERN and not nav[1] and not nav[2]:  # into the group
                    inner = nav[3]
                    inner.data[:] = self._lift_boundaries([(op, av), *inner.data])
                    self._group_branches(inner.data)
                    out.append((nop, nav))
                    i += 2
                    continue
            out.append((op, av))
            i += 1
        return out

    def _word_character(self, op: Any, av: Any) -> bool:
        """Whether the item reads one character that is always a word character."""
        if op is sre.LITERAL:
            return _is_word(av)
        if op is sre.IN and av:
            for item_op, item_av in av:
                if item_op is sre.LITERAL and _is_word(item_av):
                    continue
                if item_op is sre.RANGE and all(_is_word(c) for c in range(item_av[0], item_av[1] + 1)):
                    continue
                return False
            return True
        return False

    def _one_character(self, op: Any, av: Any) -> bool:
        return op is sre.LITERAL or (op is sre.IN and bool(av))

    # -- alternations

    def _flattened(self, alternatives: list[Any]) -> list[Any]:
        """``(?:(?:a|b)|c)`` -> ``a|b|c``: an alternative that is only a plain
        group around an alternation gives its alternatives."""
        out: list[Any] = []
        for alternative in alternatives:
            data = alternative.data
            if len(data) == 1 and data[0][0] is sre.SUBPATTERN:
                group, add, remove, inner = data[0][1]
                if group is None and not add and not remove:
                    data = inner.data
            if len(data) == 1 and data[0][0] is sre.BRANCH:
                out.extend(data[0][1][1])
            else:
                out.append(alternative)
        return out

    def _grouped(self, alternatives: list[Any]) -> list[Any]:
        """Alternatives beginning with the same literal, grouped behind it."""
        groups: list[tuple[int | None, list[Any]]] = []
        for alternative in alternatives:
            data = alternative.data
            head = data[0][1] if data and data[0][0] is sre.LITERAL else None
            if head is not None:
                for g in range(len(groups) - 1, -1, -1):
                    key, members = groups[g]
                    if key == head:
                        members.append(alternative)
                        break
                    if key is None and any(self._may_begin_with(m, head) for m in members):
                        groups.append((head, [alternative]))
                        break
                else:
                    groups.append((head, [alternative]))
            else:
                groups.append((None, [alternative]))
        out: list[Any] = []
        for key, members in groups:
            if key is None or len(members) == 1:
                out.extend(members)
                continue
            rests = self._grouped([self.sub(m.data[1:]) for m in members])
            branch = self.sub([(sre.BRANCH, (None, rests))])
            out.append(self.sub([(sre.LITERAL, key), (sre.SUBPATTERN, (None, 0, 0, branch))]))
        return out

    def _may_begin_with(self, alternative: Any, char: int) -> bool:
        try:
            items, empty = _first(alternative.data)
        except _UnknownError:
            return True
        return empty or _in_set(items, char)


def _anchored(data: list[tuple[Any, Any]]) -> bool:
    """Whether every match of the sequence starts at the beginning (``^``)."""
    for op, av in data:
        if op is sre.AT and av in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
            return True
        if op is sre.SUBPATTERN:
            return not av[1] and not av[2] and _anchored(av[3].data)
        if op is sre.BRANCH:
            return all(_anchored(alternative.data) for alternative in av[1])
        if op not in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # reads a character first
            return False
    return False


def _is_word(code: int) -> bool:
    ch = chr(code)
    return ch.isalnum() or ch == "_"


# ---------------------------------------------------------------- first characters


def _first(data: list[tuple[Any, Any]]) -> tuple[list[tuple[Any, Any]], bool]:
    """The class items a match of the sequence can begin with, and whether it can be empty."""
    items: list[tuple[Any, Any]] = []
    for op, av in data:
        found, empty = _first_of(op, av)
        items.extend(found)
        if not empty:
            return items, False
    return items, True


def _first_of(op: Any, av: Any) -> tuple[list[tuple[Any, Any]], bool]:
    if op is sre.LITERAL:
        return [(sre.LITERAL, av)], False
    if op is sre.IN:
        if any(item_op is sre.NEGATE for item_op, _ in av):
            raise _UnknownError
        return list(av), False
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return [], True
    if op is sre.SUBPATTERN:
        if av[1] or av[2]:  # flags change inside: not worth following
            raise _UnknownError
        return _first(av[3].data)
    if op is sre.ATOMIC_GROUP:
        return _first(av.data)
    if op is sre.BRANCH:
        items: list[tuple[Any, Any]] = []
        empty = False
        for alternative in av[1]:
            found, can_be_empty = _first(alternative.data)
            items.extend(found)
            empty = empty or can_be_empty
        return items, empty
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, item = av
        found, empty = _first(item.data)
        return found, empty or low == 0
    raise _UnknownError


_CATEGORIES: dict[str, Callable[[str], bool]] = {
    "CATEGORY_DIGIT": str.isdecimal,
    "CATEGORY_NOT_DIGIT": lambda ch: not ch.isdecimal(),
    "CATEGORY_SPACE": str.isspace,
    "CATEGORY_NOT_SPACE": lambda ch: not ch.isspace(),
    "CATEGORY_WORD": lambda ch: ch.isalnum() or ch == "_",
    "CATEGORY_NOT_WORD": lambda ch: not (ch.isalnum() or ch == "_"),
}


def _in_set(items: list[tuple[Any, Any]], char: int) -> bool:
    """Whether ``char`` may be in the class items (``True`` when unsure)."""
    for op, av in items:
        if op is sre.LITERAL:
            if av == char:
                return True
        elif op is sre.RANGE:
            if av[0] <= char <= av[1]:
                return True
        elif op is sre.CATEGORY:
            test = _CATEGORIES.get(getattr(av, "name", ""))
            if test is None or test(chr(char)):
                return True
        else:
            return True
    return False


def _with_first_characters(code: list[int], parsed: Any) -> list[int]:
    """The code with a header naming the characters a match can begin with,
    when ``re``'s compiler found neither a literal prefix nor such a set."""
    from re import _compiler  # type: ignore[attr-defined]

    flags = parsed.state.flags
    if code[0] != sre.INFO or code[2] & (sre.SRE_INFO_PREFIX | sre.SRE_INFO_CHARSET):
        return code
    if parsed.data and parsed.data[0] == (sre.AT, sre.AT_BEGINNING):
        return code  # tried at the start only
    if flags & (sre.SRE_FLAG_IGNORECASE | sre.SRE_FLAG_LOCALE):
        return code
    low, high = parsed.getwidth()
    if low == 0:
        return code
    try:
        items, empty = _first(parsed.data)
    except _UnknownError:
        return code
    if empty or not items or not _selective(items):
        return code
    charset, _ = _compiler._optimize_charset(items)
    header = [sre.INFO, 0, sre.SRE_INFO_CHARSET, min(low, _compiler.MAXCODE), min(high, _compiler.MAXCODE)]
    _compiler._compile_charset(charset, flags, header)
    header[1] = len(header) - 1
    return header + code[code[1] + 1 :]


def _selective(items: list[tuple[Any, Any]]) -> bool:
    """Whether a set of first characters is worth checking at every position:
    a class like ``\\W`` or ``\\s`` lets most positions through and costs a
    look-up per character."""
    if any(op is not sre.LITERAL and op is not sre.RANGE for op, _ in items):
        return False
    chars: set[int] = set()
    for op, av in items:
        chars.update(range(av[0], av[1] + 1) if op is sre.RANGE else (av,))
    return len(chars) <= SELECTIVE


# ---------------------------------------------------------------- alternatives


def alternatives(source: str) -> list[str]:
    """The top-level alternatives of an expression, groups around the whole
    unwrapped: ``(?:a|(?:b|c))`` gives ``a``, ``b``, ``c``.

    Only for expressions asked *whether* they match somewhere (the rules'
    ``unless`` vetoes): one of the parts matches exactly when the whole
    does, and each part can be gated on its own words. An expression with
    global flags, back-references or conditions on groups is one part
    (each part is a valid expression on its own).
    """
    if re.match(r"\(\?[aiLmsux]+\)", source) or re.search(r"\\\d|\(\?P=|\(\?\(", source):
        return [source]
    parts: list[str] = []
    for part in _split(_unwrapped(source)):
        inner = _unwrapped(part)
        parts.extend(alternatives(inner) if inner != part else [part])
    return parts


def _unwrapped(source: str) -> str:
    """``source`` without a plain group spanning all of it."""
    for opening in ("(?:", "(?P<", "("):
        if source.startswith(opening) and source.endswith(")") and _closing(source, 0) == len(source) - 1:
            if opening == "(?P<":
                return source[source.index(">") + 1 : -1]
            if opening == "(" and source.startswith("(?"):
                return source  # a lookaround or flags: not a plain group
            return source[len(opening) : -1]
    return source


def _split(source: str) -> list[str]:
    """``source`` cut at its top-level ``|``."""
    parts: list[str] = []
    start = 0
    for i, ch, depth in _structure(source):
        if ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
    parts.append(source[start:])
    return parts


def _closing(source: str, opening: int) -> int:
    """The index of the parenthesis closing the one at ``opening``."""
    for i, ch, depth in _structure(source, opening):
        if ch == ")" and depth == 0:
            return i
    return -1


def _structure(source: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """Each parenthesis and ``|`` outside escapes and classes, with the
    nesting depth after it (relative to ``start``)."""
    depth = 0
    i = start
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(source, i) + 1
            continue
        if ch in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[ch]
            yield i, ch, depth
        i += 1


def _class_end(source: str, start: int) -> int:
    """The index of the ``]`` closing the class opened at ``start``."""
    i = start + 1
    if i < len(source) and source[i] == "^":
        i += 1
    if i < len(source) and source[i] == "]":
        i += 1
    while i < len(source):
        if source[i] == "\\":
            i += 2
            continue
        if source[i] == "]":
            return i
        i += 1
    return len(source)
