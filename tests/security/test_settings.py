"""Production settings: DEBUG off whatever the environment says, secrets only from
the environment (tests/test_deploy.py covers ``check --deploy`` and the missing
secret)."""

import ast
import os
from pathlib import Path

from tests.support.settings_probe import settings_in_subprocess

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = ROOT / "example_site" / "settings" / "production.py"

_PRINT = """
import json
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": settings.SESSION_COOKIE_HTTPONLY,
    "X_FRAME_OPTIONS": settings.X_FRAME_OPTIONS,
    "TRUSTED_PROXIES": settings.WAGTAIL_DOENERS.get("SECURITY", {}).get("TRUSTED_PROXIES", 0),
    "MIDDLEWARE": settings.MIDDLEWARE,
}))
"""


def _production(extra_env):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "example_site.settings.production",
        "DJANGO_ALLOWED_HOSTS": "doeners.example",
        **extra_env,
    }
    return settings_in_subprocess(env, _PRINT)


def test_debug_is_off_and_the_secret_comes_from_the_environment():
    secret = "s3cr3t-from-the-environment-" + "x" * 40
    values = _production({"DJANGO_SECRET_KEY": secret, "DJANGO_DEBUG": "1", "DEBUG": "true"})
    assert values["DEBUG"] is False
    assert values["SECRET_KEY"] == secret
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"]
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert "django.middleware.csrf.CsrfViewMiddleware" in values["MIDDLEWARE"]
    assert "django.middleware.clickjacking.XFrameOptionsMiddleware" in values["MIDDLEWARE"]
    # X-Forwarded-For is not trusted unless an operator says how many proxies there are.
    assert values["TRUSTED_PROXIES"] == 0


def test_no_secret_is_written_in_the_production_settings():
    tree = ast.parse(PRODUCTION.read_text(encoding="utf-8"))
    suspicious = ("SECRET", "PASSWORD", "TOKEN", "API_KEY")
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            if any(word in name for name in names for word in suspicious):
                assert not isinstance(node.value, ast.Constant), ast.unparse(node)
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    if any(word in key.value.upper() for word in suspicious):
                        assert not isinstance(value, ast.Constant), ast.unparse(node)
