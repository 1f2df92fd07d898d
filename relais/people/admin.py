"""Persons are not managed in the admin: their files are read and changed only in the
audited pages. The admin keeps the reference lists that are not personal data."""
