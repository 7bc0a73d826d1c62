"""Public URLs (included at the site root by wagtail_doeners.urls)."""

from django.urls import path

from . import views

app_name = "doeners_campaigns"

urlpatterns = [
    path("news/subscribe/", views.subscribe, name="subscribe"),
    path("news/confirm/<str:token>/", views.confirm, name="confirm"),
    path("news/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("news/c/<str:token>/", views.click, name="click"),
]
