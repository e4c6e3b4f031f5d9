"""Schemathesis generates requests from the API's own OpenAPI document and checks every
response against it: no server error, documented status codes, content types, headers
and bodies that match their schemas exactly (test_api.py checks that the document
served at /api/v1/openapi.json is this one)."""

from __future__ import annotations

import pytest
import schemathesis
from flask.ctx import _cv_app
from hypothesis import HealthCheck, settings

from app.api.openapi import document
from tests.opendata_world import build_world

MAX_EXAMPLES = 12

schema = schemathesis.openapi.from_dict(document())


@pytest.fixture
def world(app):
    previous = app.config["API_RATE_LIMIT"]
    app.config["API_RATE_LIMIT"] = "100000 per minute"  # schemathesis is a busy client
    yield build_world()
    app.config["API_RATE_LIMIT"] = previous


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_to_its_openapi_description(case, app, world):
    token = _cv_app.set(None)  # each request in its own app context, as in production
    try:
        response = case.call_and_validate(app=app)  # raises on any mismatch with the document
        assert response.status_code < 500, case.as_curl_command()
    finally:
        _cv_app.reset(token)
