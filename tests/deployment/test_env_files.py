"""deploy/env/<province>.env really configure five separate installs through
example_site.settings.production (no services needed: settings are only loaded)."""

import os
from pathlib import Path

from tests.support.settings_probe import settings_in_subprocess
from wagtail_doeners.conf import FLEMISH_PROVINCES

ROOT = Path(__file__).resolve().parents[2]
ENV_DIR = ROOT / "deploy" / "env"

PRINT_SETTINGS = """
import json
from django.conf import settings
from wagtail_doeners.conf import doeners_settings
search = doeners_settings.SEARCH
print(json.dumps({
    "province": doeners_settings.PROVINCE,
    "backend": search["BACKEND"],
    "options": search["OPTIONS"],
    "database": settings.DATABASES["default"]["NAME"],
    "broker": settings.CELERY_BROKER_URL,
    "media": str(settings.MEDIA_ROOT),
    "debug": settings.DEBUG,
}))
"""


def _read_env(path):
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def _settings_of(path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DOENERS_"))}
    env.update(_read_env(path), PYTHONPATH=str(ROOT))
    return settings_in_subprocess(env, PRINT_SETTINGS)


def test_one_env_file_per_flemish_province_each_a_separate_install():
    files = sorted(ENV_DIR.glob("*.env"))
    assert sorted(f.stem for f in files) == sorted(FLEMISH_PROVINCES)
    installs = {f.stem: _settings_of(f) for f in files}
    for slug, conf in installs.items():
        assert conf["province"] == slug
        assert conf["debug"] is False
        assert conf["backend"].endswith("OpenSearchBackend")
        # Every node of the cluster, one shared prefix, a replica per index.
        assert len(conf["options"]["HOSTS"]) == 3
        assert conf["options"]["INDEX_PREFIX"] == "doeners"
        assert conf["options"]["REPLICAS"] == 1
    # Nothing but the search cluster is shared.
    for key in ("database", "broker", "media"):
        values = [conf[key] for conf in installs.values()]
        assert len(set(values)) == len(values), (key, values)
    ports = [_read_env(f)["DOENERS_PORT"] for f in files]
    assert len(set(ports)) == len(ports)
