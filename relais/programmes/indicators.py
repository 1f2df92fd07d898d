"""The insertion offer's indicators (filled in by the indicators work)."""
