"""Regressions for what the schemathesis run found, checked in-process (no live site)."""

import pytest

API = "/api/doeners/v1"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, field",
    [("q=a%00b", "q"), ("category=%00", "category"), ("near=35%0100", "near")],
)
def test_control_characters_in_search_parameters_are_a_400(client, query, field):
    # NUL used to reach the search event log and fail in PostgreSQL with a 500.
    response = client.get(f"{API}/search/?{query}")
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.django_db
def test_whitespace_in_the_query_is_still_accepted(client):
    assert client.get(f"{API}/search/?q=kantoor%09schoonmaak%0A").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, path, kwargs, field",
    [
        ("get", "/autocomplete/?q=poets&limit=null", {}, "limit"),
        ("get", "/search/?radius_km=null&near=3500", {}, "radius_km"),
        ("post", "/contact-requests/", {"data": "", "content_type": "application/json"}, "body"),
        (
            "post",
            "/demands/",
            {"data": '{"deadline": "soon"}', "content_type": "application/json"},
            "deadline",
        ),
        (
            "post",
            "/contact-requests/",
            {"data": '{"page_id": "x"}', "content_type": "application/json"},
            "page_id",
        ),
    ],
)
def test_parameter_type_errors_use_the_documented_error_shape(client, method, path, kwargs, field):
    # pydantic's errors used to come back as a list, the schema documents {field: [reasons]}.
    response = getattr(client, method)(f"{API}{path}", **kwargs)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert isinstance(errors, dict)
    assert field in errors
    assert all(isinstance(m, str) for m in errors[field])


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/contact-requests/", "/demands/"])
def test_oversized_bodies_are_a_documented_413(client, settings, path):
    # api/v1.py answers RequestDataTooBig with a 413; the routes must declare it.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"message": "%s"}' % ("x" * 2000)
    response = client.post(f"{API}{path}", data=body, content_type="application/json")
    assert response.status_code == 413
    assert "detail" in response.json()
    schema = client.get(f"{API}/openapi.json").json()
    assert "413" in schema["paths"][f"{API}{path}"]["post"]["responses"]
