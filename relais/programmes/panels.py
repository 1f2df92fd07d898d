"""The insertion offer's section of a person's page."""
