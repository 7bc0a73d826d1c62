"""Matchmaking between regular companies and the social economy, for Wagtail."""

__version__ = "0.1.0"
