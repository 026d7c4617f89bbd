"""Talking to the API in tests: a client with a bearer token, and JSON posts."""

from __future__ import annotations

import json

from django.test import Client

from hall.core.services import api_token_create


def bearer(user) -> Client:
    _token, key = api_token_create(actor=None, user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def post(client: Client, path: str, body: dict | None = None):
    return client.post(path, json.dumps(body or {}), content_type="application/json")


def put(client: Client, path: str, body: dict):
    return client.put(path, json.dumps(body), content_type="application/json")
