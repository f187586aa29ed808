"""The /api/v1 assembly: each app contributes a router from its own api.py."""

from ninja import NinjaAPI

api = NinjaAPI(title="Mukti API", version="1", urls_namespace="api")
