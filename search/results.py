"""What a backend answers: hits (kind, id, score), the total, facet counts, a suggestion.

No highlights: the service marks the matching words in what a result shows, whichever the backend.
"""
from __future__ import annotations

from dataclasses import dataclass, field

FACETS = ("type", "country", "role", "sop", "language")


@dataclass
class Hit:
    kind: str
    object_id: int
    score: float


@dataclass
class RawResults:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str = ""
