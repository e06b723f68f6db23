"""The user's query syntax, parsed into a small tree before any search engine sees it.

Plain words (all must match), "quoted phrases", ``OR``, ``AND``, ``NOT`` or a leading ``-``, and
parentheses. Anything else is text: a ``?``, ``*`` or ``:`` in a question is never syntax, and an
unbalanced quote or parenthesis is forgiven, never an error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kb.errors import QueryError

MAX_QUERY_CHARS = 1000


@dataclass(frozen=True)
class Words:
    """A run of plain words, analysed together (so compounds and 'NQ 52' are seen whole)."""

    text: str


@dataclass(frozen=True)
class Phrase:
    """Words that must appear in this order."""

    text: str


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]


Node = Words | Phrase | Not | And | Or

# A quoted phrase (straight or curly quotes), a parenthesis, or a run of non-space characters.
_TOKEN_RE = re.compile(r'"[^"]*"?|“[^”]*”?|[()]|[^\s()"“”]+')


def _lex(text: str) -> list[str]:
    return _TOKEN_RE.findall(text)


def parse_query(text: str, max_chars: int = MAX_QUERY_CHARS) -> Node | None:
    """Parse ``text``; None when it holds nothing searchable; QueryError when it is too long.

    >>> parse_query('nghị quyết "cách mạng công nghiệp" -điện OR năng lượng')
    Or(nodes=(And(nodes=(Words(text='nghị quyết'), Phrase(text='cách mạng công nghiệp'), Not(node=Words(text='điện')))), Words(text='năng lượng')))
    >>> parse_query("đại hội ) nghị quyết")  # a stray ")" is ignored, never the end of the query
    Words(text='đại hội nghị quyết')
    >>> parse_query("là gì?")
    Words(text='là gì?')
    >>> parse_query("   ") is None
    True
    """
    if len(text) > max_chars:
        raise QueryError("q", f"truy vấn dài {len(text)} ký tự; tối đa {max_chars} ký tự")
    node, _ = _parse_or(_balanced(_lex(text)), 0)
    return node


def _balanced(tokens: list[str]) -> list[str]:
    """The tokens without a ``)`` that closes nothing: a stray one is ignored, so it can never end
    the query early and drop the words after it (an unclosed ``(`` closes at the end).

    >>> _balanced(["a", ")", "b", "(", "c", ")", ")"])
    ['a', 'b', '(', 'c', ')']
    """
    out, depth = [], 0
    for tok in tokens:
        if tok == ")":
            if not depth:
                continue
            depth -= 1
        elif tok == "(":
            depth += 1
        out.append(tok)
    return out


def _parse_or(tokens: list[str], i: int) -> tuple[Node | None, int]:
    branches: list[Node] = []
    while i < len(tokens):
        node, i = _parse_and(tokens, i)
        if node is not None:
            branches.append(node)
        if i < len(tokens) and tokens[i] == "OR":
            i += 1
            continue
        if i < len(tokens) and tokens[i] == ")":
            break
    if not branches:
        return None, i
    return (branches[0] if len(branches) == 1 else Or(tuple(branches))), i


def _parse_and(tokens: list[str], i: int) -> tuple[Node | None, int]:
    nodes: list[Node] = []
    words: list[str] = []

    def flush() -> None:
        if words:
            nodes.append(Words(" ".join(words)))
            words.clear()

    while i < len(tokens) and tokens[i] not in ("OR", ")"):
        tok = tokens[i]
        if tok == "AND":
            flush()
            i += 1
            continue
        negate = False
        if tok == "NOT" or (tok.startswith("-") and len(tok) > 1 and not tok[1].isdigit()):
            negate = True
            if tok == "NOT":
                i += 1
                if i >= len(tokens):
                    break
                tok = tokens[i]
            else:
                tok = tok[1:]
        node: Node | None
        if tok == "(":
            flush()
            node, i = _parse_or(tokens, i + 1)
            if i < len(tokens) and tokens[i] == ")":
                i += 1
        elif tok[0] in '"“':
            flush()
            inner = tok.strip('"“”').strip()
            node = Phrase(inner) if inner else None
            i += 1
        elif negate:
            flush()
            node = Words(tok)
            i += 1
        else:
            words.append(tok)
            i += 1
            continue
        if node is not None:
            nodes.append(Not(node) if negate else node)
    flush()
    if not nodes:
        return None, i
    return (nodes[0] if len(nodes) == 1 else And(tuple(nodes))), i


def positive_text(node: Node | None) -> list[str]:
    """The texts a result should show highlighted: every Words and Phrase not under a Not.

    >>> positive_text(parse_query('a "b c" -d'))
    ['a', 'b c']
    """
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, (Words, Phrase)):
        return [node.text]
    return [t for child in node.nodes for t in positive_text(child)]
