import pytest


@pytest.fixture(autouse=True)
def _media_and_language(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    # Transactional tests flush the database and post_migrate re-creates the content
    # types with new ids; a cache left over from an earlier test would point at ids
    # that no longer exist.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield
