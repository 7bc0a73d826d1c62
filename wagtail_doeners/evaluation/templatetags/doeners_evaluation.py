"""Server-rendered charts for the dashboard and the printed report (no JavaScript,
no CDN): horizontal bars and a shaded flow matrix."""

from django import template

register = template.Library()


@register.inclusion_tag("wagtail_doeners/evaluation/_bars.html")
def bar_chart(rows, value_key="value", export_url="", caption=""):
    """``rows``: dicts with ``label`` and ``value_key``; optional ``conversion``."""
    rows = list(rows or [])
    top = max([r.get(value_key) or 0 for r in rows] + [0])
    bars = [
        {
            **r,
            "shown": r.get(value_key) or 0,
            "pct": round(100 * (r.get(value_key) or 0) / top, 1) if top else 0,
        }
        for r in rows
    ]
    return {"bars": bars, "export_url": export_url, "caption": caption}


@register.simple_tag
def shade(value, rows):
    """Background opacity (0.05-1) of a flow-matrix cell relative to the largest cell."""
    top = max([c["value"] for r in rows for c in r["cells"]] + [0])
    if not top or not value:
        return "0"
    return f"{0.1 + 0.9 * value / top:.2f}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def figure(value):
    """``–`` for figures that cannot be computed (no denominator)."""
    return "–" if value is None or value == "" else value
