"""Rendering the answers as a printable HTML report, a CSV table or JSON. The
figures come from ``metrics.evaluation_metrics``, like the dashboard's."""

import csv
import io
import json

from django.template.loader import render_to_string

from .views.dashboard import flows

REPORT_TITLE = "Antwoord op de parlementaire vragen over doeners.be"


def render_json(metrics):
    return json.dumps(metrics, indent=2, ensure_ascii=False, default=str)


def _flatten(prefix, value, out):
    if isinstance(value, dict):
        if "key" in value and "value" in value:
            for field, item in value.items():
                if field not in ("key", "label"):
                    _flatten(f"{prefix}[{value['key']}].{field}", item, out)
            return
        for key, item in value.items():
            _flatten(f"{prefix}.{key}" if prefix else key, item, out)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            if isinstance(item, dict) and "key" in item:
                _flatten(prefix, item, out)
            elif isinstance(item, dict) and "province" in item:
                _flatten(
                    f"{prefix}[{item['province']}]",
                    {k: v for k, v in item.items() if k != "province"},
                    out,
                )
            elif isinstance(item, dict) and "buyer_province" in item:
                for cell in item.get("cells", []):
                    buyer = item["buyer_province"] or "unknown"
                    out.append((f"{prefix}[{buyer}→{cell['supplier_province']}]", cell["value"]))
            else:
                _flatten(f"{prefix}[{n}]", item, out)
    else:
        out.append((prefix, value))


def render_csv(metrics):
    """One row per figure: ``figure,value`` (e.g. ``q1.by_size_class[small].value,12``)."""
    rows = []
    _flatten("", metrics, rows)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["figure", "value"])
    for figure, value in rows:
        writer.writerow([figure, "" if value is None else value])
    return out.getvalue()


def render_html(metrics):
    return render_to_string(
        "wagtail_doeners/evaluation/report.html",
        {"m": metrics, "flows": flows(metrics), "title": REPORT_TITLE, "exports": {}},
    )


RENDERERS = {"html": render_html, "csv": render_csv, "json": render_json}
