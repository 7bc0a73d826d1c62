"""The content model. Split by concern; imported here for Django's app registry."""

from .demand import DemandPage
from .enterprise import EnterprisePage
from .listing import DemandIndexPage, DirectoryPage
from .offering import OfferingImage, OfferingPage, OfferingTag
from .site_settings import DoenersSiteSettings
from .taxonomies import Certification, NaceCode, OfferingCategory, Province

__all__ = [
    "Certification",
    "DemandIndexPage",
    "DemandPage",
    "DirectoryPage",
    "DoenersSiteSettings",
    "EnterprisePage",
    "NaceCode",
    "OfferingCategory",
    "OfferingImage",
    "OfferingPage",
    "OfferingTag",
    "Province",
]
