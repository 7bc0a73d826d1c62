from django.urls import path

from .v1 import build_api

api = build_api()

urlpatterns = [path("", api.urls)]
