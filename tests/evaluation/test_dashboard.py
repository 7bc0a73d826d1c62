"""The admin dashboard: staff with the permission see it, others get 403; every
figure's records export as CSV, with personal data only for allowed roles."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

QUERY = {"date_from": "2026-01-01", "date_to": "2026-06-30", "province": "limburg"}


def _user(django_user_model, *perms, superuser=False):
    user = django_user_model.objects.create_user(
        f"u{django_user_model.objects.count()}", password="pw", is_superuser=superuser
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for perm in perms:
        user.user_permissions.add(Permission.objects.get(codename=perm))
    return user


@pytest.mark.django_db
def test_dashboard_for_staff_with_permission(client, django_user_model, ledger):
    client.force_login(_user(django_user_model, "view_dashboard"))
    response = client.get(reverse("doeners_evaluation:dashboard"), QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    assert "doeners-bars" in html and 'id="q4"' in html
    m = response.context["m"]
    assert f"<strong>{m['q1']['companies']}</strong>" in html
    assert "Jan Peeters" not in html and "Geheim NV" not in html
    # Default period when no dates are given.
    assert client.get(reverse("doeners_evaluation:dashboard")).status_code == 200
    # Bad input is a form error, not a 500.
    bad = client.get(reverse("doeners_evaluation:dashboard"), {**QUERY, "date_from": "2026-12-31"})
    assert bad.status_code == 200 and "must not be after" in bad.content.decode()


@pytest.mark.django_db
def test_dashboard_forbidden_without_permission(client, django_user_model):
    client.force_login(_user(django_user_model))
    assert client.get(reverse("doeners_evaluation:dashboard")).status_code == 403
    export = reverse("doeners_evaluation:export", args=["companies"])
    assert client.get(export, QUERY).status_code == 403
    client.logout()
    assert client.get(reverse("doeners_evaluation:dashboard")).status_code == 302


@pytest.mark.django_db
def test_exports_match_the_figures_and_guard_personal_data(client, django_user_model, ledger):
    staff = _user(django_user_model, "view_dashboard")
    client.force_login(staff)
    m = client.get(reverse("doeners_evaluation:dashboard"), QUERY).context["m"]

    def rows(figure):
        response = client.get(reverse("doeners_evaluation:export", args=[figure]), QUERY)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        return list(csv.DictReader(io.StringIO(response.content.decode())))

    companies = rows("companies")
    assert len(companies) == m["q1"]["companies"]
    assert "contact_email" not in companies[0]
    assert len(rows("collaborations")) == m["q2"]["collaborations"]
    assert len(rows("demands")) == m["q3"]["demands"]
    assert len(rows("contact_requests")) == m["q2"]["funnel"][2]["value"]
    assert len(rows("zero_result_searches")) == m["q3"]["unmet"]["zero_result_searches"]
    assert "Jan Peeters" not in str(rows("contact_requests"))

    privileged = Group.objects.create(name="Evaluation with personal data")
    privileged.permissions.add(Permission.objects.get(codename="view_personal_records"))
    staff.groups.add(privileged)
    client.force_login(django_user_model.objects.get(pk=staff.pk))
    assert "Jan Peeters" in str(rows("contact_requests"))
    assert all(r["contact_email"] for r in rows("companies"))

    assert client.get(reverse("doeners_evaluation:export", args=["nope"]), QUERY).status_code == 404
    bad = client.get(
        reverse("doeners_evaluation:export", args=["companies"]), {**QUERY, "province": "gent"}
    )
    assert bad.status_code == 400 and b"gent" in bad.content
