"""The /api/v1 assembly: its OpenAPI document and docs."""

from __future__ import annotations

from django.test import Client


def test_openapi_document_lists_the_case_and_people_endpoints(db):
    document = Client().get("/api/v1/openapi.json").json()

    assert "/api/v1/cases/" in document["paths"]
    assert "/api/v1/cases/{number}/events" in document["paths"]
    assert "/api/v1/people/{person_id}" in document["paths"]
    assert {"get", "post"} <= set(document["paths"]["/api/v1/cases/"])
    assert "ApiTokenAuth" in document["components"]["securitySchemes"]


def test_docs_page_shows_the_api_title(db):
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200
    assert "Mukti API" in response.content.decode()
