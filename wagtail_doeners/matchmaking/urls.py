"""Public URLs of the matchmaking app (mounted at the site root)."""

from django.urls import path

from .views import public

app_name = "matchmaking"

urlpatterns = [
    path("contact/<int:page_id>/", public.contact_request, name="contact"),
    path("contact/<int:page_id>/bedankt/", public.contact_thanks, name="contact_thanks"),
    path("stel-je-vraag/", public.post_demand, name="post_demand"),
    path("stel-je-vraag/bedankt/", public.post_demand_thanks, name="post_demand_thanks"),
    path("antwoord/<str:token>/", public.respond, name="respond"),
    path("opvolging/<str:token>/", public.followup_answer, name="followup"),
    path("goede-praktijken/", public.good_practice_list, name="good_practices"),
    path("goede-praktijken/<slug:slug>/", public.good_practice_detail, name="good_practice"),
]
