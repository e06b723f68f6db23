"""Who cites whom in the corpus: every record's text checked once, links kept both ways."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kb.citations.check import CheckedCitation, check_text
from kb.citations.resolve import RecordIndex
from kb.models import Corpus


@dataclass(frozen=True)
class CitationGraph:
    """``cites[id]``: the checked citations in record ``id``'s text; ``cited_by[id]``: who cites it."""

    cites: dict[str, list[CheckedCitation]]
    cited_by: dict[str, list[tuple[str, CheckedCitation]]]


def citation_graph(corpus: Corpus, index: RecordIndex | None = None) -> CitationGraph:
    """Check the text of every document, event and person once and link resolved citations."""
    idx = index or RecordIndex(corpus.documents)
    cites: dict[str, list[CheckedCitation]] = {}
    cited_by: dict[str, list[tuple[str, CheckedCitation]]] = defaultdict(list)
    for rec in corpus.records():
        found = check_text(rec.text, idx) if rec.text else []
        cites[rec.id] = found
        seen: set[str] = set()
        for c in found:
            target = c.resolution.record
            if target is not None and target.id != rec.id and target.id not in seen:
                seen.add(target.id)
                cited_by[target.id].append((rec.id, c))
    return CitationGraph(cites, dict(cited_by))
