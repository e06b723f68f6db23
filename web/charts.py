"""Geometry for the server-drawn SVG pictures (no JavaScript): a bar chart of events per period
and a document's citation neighbourhood. Templates (``_charts.html``) turn these plain shapes
into SVG, so every label is escaped by Jinja like any other text, and each picture carries a
text alternative (its ``title`` and a table or list beside it).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

BAR_W, GAP, PLOT_H, LABEL_H = 28, 6, 120, 34


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    href: str
    x: int
    y: int
    height: int


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    baseline: int


def bar_chart(title: str, items: list[tuple[str, int, str]]) -> BarChart:
    """Bars for (label, count, link) items, heights scaled to the largest count.

    >>> c = bar_chart("Sự kiện theo năm", [("2015", 2, "/chronicle?year=2015"), ("2016", 4, "/chronicle?year=2016")])
    >>> [(b.label, b.height) for b in c.bars], c.width
    ([('2015', 60), ('2016', 120)], 120)
    """
    top = max((n for _, n, _ in items), default=0) or 1
    bars = []
    for i, (label, count, href) in enumerate(items):
        h = round(PLOT_H * count / top)
        bars.append(Bar(label, count, href, GAP + i * (BAR_W + GAP), 14 + PLOT_H - h, h))
    width = GAP + len(items) * (BAR_W + GAP)
    return BarChart(title, tuple(bars), max(width, 120), 14 + PLOT_H + LABEL_H, 14 + PLOT_H)


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    href: str | None
    x: int
    y: int
    role: str  # self, cites, cited_by


@dataclass(frozen=True)
class Graph:
    title: str
    center: Node
    nodes: tuple[Node, ...]
    width: int
    height: int


def neighbourhood(title: str, center: tuple[str, str], cites: list[tuple[str, str, str | None]],
                  cited_by: list[tuple[str, str, str | None]]) -> Graph:
    """The document in the middle, what it cites on the left, what cites it on the right.

    Each neighbour is (id, label, href); the same id on both sides is drawn twice, once per side,
    since the two relations are different facts.

    >>> g = neighbourhood("Quan hệ trích dẫn", ("nq-52", "52-NQ/TW"), [("a", "A", "/a")], [("b", "B", "/b"), ("c", "C", None)])
    >>> [(n.id, n.role) for n in g.nodes]
    [('a', 'cites'), ('b', 'cited_by'), ('c', 'cited_by')]
    """
    rows = max(len(cites), len(cited_by), 1)
    height = max(120, 40 * rows + 20)
    width = 720
    center_node = Node(center[0], center[1], None, width // 2, height // 2, "self")

    def column(items: list[tuple[str, str, str | None]], x: int, role: str) -> list[Node]:
        step = height / (len(items) + 1)
        return [Node(i, label, href, x, math.floor(step * (k + 1)), role) for k, (i, label, href) in enumerate(items)]

    nodes = column(cites, 120, "cites") + column(cited_by, width - 120, "cited_by")
    return Graph(title, center_node, tuple(nodes), width, height)
