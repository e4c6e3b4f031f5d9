"""Shared foundations used by every domain area."""
