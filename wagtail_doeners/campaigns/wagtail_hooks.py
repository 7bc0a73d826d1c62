"""Registration only: admin viewsets and the extra admin URLs of the campaigns app."""

from django.urls import include, path
from wagtail import hooks

from . import admin_urls
from .viewsets import CampaignsGroup


@hooks.register("register_admin_viewset")
def register_campaign_viewsets():
    return CampaignsGroup()


@hooks.register("register_admin_urls")
def register_campaign_admin_urls():
    return [path("doeners-campaigns/", include(admin_urls, namespace="doeners_campaigns_admin"))]
