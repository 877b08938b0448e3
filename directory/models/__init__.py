"""Directory models, re-exported by name."""
from .reference import Country, Language

__all__ = ["Country", "Language"]
