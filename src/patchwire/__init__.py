"""Patchwire: one server for Segment's Public API and Config API over one store."""

__version__ = "0.1.0"
