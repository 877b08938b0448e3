"""Guidelines models, re-exported by name."""
from .notes import NationalNote
from .pages import GuidelinesIndexPage, MeasurePage, MeasureStep, SOPPage

__all__ = ["GuidelinesIndexPage", "MeasurePage", "MeasureStep", "NationalNote", "SOPPage"]
