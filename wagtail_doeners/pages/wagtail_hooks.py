"""Register the taxonomies as snippets and the province overview with modeladmin.

Registration only: views live in views.py and modeladmin.py.
"""

from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from .modeladmin import ProvinceOverviewAdmin
from .views import (
    CertificationViewSet,
    NaceCodeViewSet,
    OfferingCategoryViewSet,
)

# Provinces are listed (read-only, scoped per province) by modeladmin, not as a snippet.
modeladmin_register(ProvinceOverviewAdmin)
register_snippet(OfferingCategoryViewSet)
register_snippet(NaceCodeViewSet)
register_snippet(CertificationViewSet)
