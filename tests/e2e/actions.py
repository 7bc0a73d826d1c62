"""Actions run INSIDE one province's process (its settings, its database).

    python -m tests.e2e.actions setup <port> <n_offerings>
    python -m tests.e2e.actions publish <title>
    python -m tests.e2e.actions unpublish <page id>
    python -m tests.e2e.actions series <n>     # publish n offerings, one per stdin line

Each prints JSON lines; ``t`` is time.time() just before the publish started.
"""

import json
import sys
import time

import django


def _enterprise():
    from wagtail_doeners.pages.models import EnterprisePage

    return EnterprisePage.objects.live().first()


def _publish_offering(title):
    from tests.factories import make_offering

    page = make_offering(_enterprise(), title=title, live=False)
    started = time.time()
    page.save_revision().publish()
    return {"id": page.pk, "t": started, "done": time.time()}


def main(argv):
    django.setup()
    from wagtail.models import Page, Site

    from tests.factories import make_enterprise, make_province_site
    from wagtail_doeners.conf import doeners_settings

    action = argv[0]
    if action == "setup":
        port, count = int(argv[1]), int(argv[2])
        province = doeners_settings.PROVINCE
        Site.objects.all().delete()
        _site, directory, _demands = make_province_site(province, hostname="127.0.0.1", port=port)
        Site.objects.update(is_default_site=True)
        enterprise = make_enterprise(directory, title=f"Werkplaats {province}", live=False)
        enterprise.save_revision().publish()
        ids = [_publish_offering(f"{province} aanbod {i}")["id"] for i in range(count)]
        print(json.dumps({"enterprise": enterprise.pk, "offerings": ids}), flush=True)
    elif action == "publish":
        print(json.dumps(_publish_offering(argv[1])), flush=True)
    elif action == "unpublish":
        started = time.time()
        Page.objects.get(pk=int(argv[1])).specific.unpublish()
        print(json.dumps({"t": started}), flush=True)
    elif action == "series":
        for i in range(int(argv[1])):
            print(json.dumps(_publish_offering(f"reeks {i}")), flush=True)
            if not sys.stdin.readline():  # the driver went away
                break
    else:
        raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    main(sys.argv[1:])
