"""Register the taxonomies as snippets. Registration only: views live in views.py."""

from wagtail.snippets.models import register_snippet

from .views import (
    CertificationViewSet,
    NaceCodeViewSet,
    OfferingCategoryViewSet,
    ProvinceViewSet,
)

register_snippet(ProvinceViewSet)
register_snippet(OfferingCategoryViewSet)
register_snippet(NaceCodeViewSet)
register_snippet(CertificationViewSet)
