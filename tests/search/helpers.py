from wagtail_doeners.search import sync
from wagtail_doeners.search.backends import get_search_backend
from wagtail_doeners.search.params import SearchParams


def publish(page):
    """Publish through a revision, as the admin does (fires page_published)."""
    page.save_revision().publish()
    return page


def drain_and_refresh():
    count = sync.drain()
    get_search_backend().refresh()
    return count


def search(**kwargs):
    return get_search_backend().search(SearchParams(**kwargs).clean())
