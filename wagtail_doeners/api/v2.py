"""Wagtail API v2 endpoints for the page types, with explicit ``api_fields``.

Mount in the host site::

    from wagtail_doeners.api.v2 import api_router
    path("api/v2/", api_router.urls),
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
