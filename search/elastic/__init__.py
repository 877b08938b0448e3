"""The Elasticsearch engine: index names and mappings (index), and queries (backend)."""
