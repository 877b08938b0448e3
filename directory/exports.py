"""Exports of the directory (placeholder replaced by the exports module)."""
FORMATS = {}
