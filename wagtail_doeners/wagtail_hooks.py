"""Admin registrations of the core app. Sub-apps have their own wagtail_hooks.py."""
