"""Turn a text and its found spans (citations, people, dates, query words) into safe HTML.

Everything outside the tags we add is escaped, so a document containing ``<script>`` shows it as
text. Spans that overlap a span of higher priority are dropped, never nested, with one exception:
a ``mark`` (a query highlight) lying wholly inside a chosen link is nested in it, so a searched
name is both highlighted and linked.
"""
from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A span of the original text and the tag to wrap it in (attributes already escaped)."""

    start: int
    end: int
    tag: str  # 'a', 'mark', 'time', 'span'
    attrs: str = ""
    priority: int = 0


def link(start: int, end: int, href: str, cls: str, title: str = "", priority: int = 3) -> Span:
    """An <a> span; ``href`` and ``title`` are escaped here."""
    attrs = f'href="{html.escape(href)}" class="{cls}"'
    if title:
        attrs += f' title="{html.escape(title)}"'
    return Span(start, end, "a", attrs, priority)


def _choose(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for s in sorted(spans, key=lambda s: (-s.priority, s.start)):
        if s.end <= s.start:
            continue
        if all(s.end <= k.start or s.start >= k.end for k in kept):
            kept.append(s)
    return sorted(kept, key=lambda s: s.start)


def annotate(text: str, spans: list[Span]) -> str:
    """Escaped ``text`` with each chosen span wrapped in its tag.

    >>> annotate("Nghị quyết 52-NQ/TW <b>", [link(11, 19, "/documents/nq-52", "cite")])
    'Nghị quyết <a href="/documents/nq-52" class="cite">52-NQ/TW</a> &lt;b&gt;'
    >>> annotate("ông Nguyễn Hữu Tiến", [link(4, 19, "/people/x", "person"), Span(15, 19, "mark")])
    'ông <a href="/people/x" class="person">Nguyễn Hữu <mark>Tiến</mark></a>'
    """
    out, cursor = [], 0
    for s in _choose(spans):
        out.append(html.escape(text[cursor:s.start], quote=False))
        opening = f"<{s.tag} {s.attrs}>" if s.attrs else f"<{s.tag}>"
        inner = [Span(m.start - s.start, m.end - s.start, m.tag, m.attrs, m.priority) for m in spans
                 if s.tag == "a" and m.tag == "mark" and s.start <= m.start and m.end <= s.end]
        out.append(f"{opening}{annotate(text[s.start:s.end], inner)}</{s.tag}>")
        cursor = s.end
    out.append(html.escape(text[cursor:], quote=False))
    return "".join(out)


def paragraphs(text: str, spans: list[Span]) -> list[dict]:
    """Split at line breaks into paragraphs ``{"n", "html"}``, each with its own spans.

    >>> paragraphs("Một\\n\\nHai <i>", [Span(5, 8, "mark")])
    [{'n': 1, 'html': 'Một'}, {'n': 2, 'html': '<mark>Hai</mark> &lt;i&gt;'}]
    """
    out, start, n = [], 0, 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            n += 1
            inner = [Span(max(s.start, start) - start, min(s.end, end) - start, s.tag, s.attrs, s.priority)
                     for s in spans if s.start >= start and s.end <= end]
            out.append({"n": n, "html": annotate(line, inner)})
        start = end + 1
    return out
