"""A translator's round trip: what is missing or stale in a language, out as XLIFF 2.0 or PO, and back in."""
