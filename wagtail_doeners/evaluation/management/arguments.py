"""Argument parsing shared by the evaluation management commands."""

from datetime import date

from django.core.management.base import CommandError


def parse_date(value):
    """A ``YYYY-MM-DD`` argument as a date, or a CommandError saying what is expected."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date; use YYYY-MM-DD.") from None
