"""What a backend answers: hits (kind, id, score, highlights), the total, facet counts, a suggestion."""
from __future__ import annotations

from dataclasses import dataclass, field

FACETS = ("type", "country", "role", "sop", "language")


@dataclass
class Hit:
    kind: str
    object_id: int
    score: float
    title_html: str = ""  # highlighted, HTML-escaped by the backend
    snippet_html: str = ""


@dataclass
class RawResults:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str = ""
