from django.urls import path

from . import views

urlpatterns = [path("zoeken/", views.search_page, name="doeners_search")]
