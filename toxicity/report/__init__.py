"""Outputs of an audit: CSV tables (and, later, the HTML report)."""
