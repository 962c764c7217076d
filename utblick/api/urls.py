"""The JSON API, version 1: every register, the policy profile and the reference data.

django-ninja rather than DRF: each endpoint's input and output is an explicit pydantic
schema, the OpenAPI document is generated from those same schemas, and endpoints call the
same services as the web interface with no serializer layer in between.
"""

from ninja import NinjaAPI

from utblick.api.auth import TokenAuth
from utblick.api.errors import register_handlers
from utblick.api.reference import router as reference_router
from utblick.api.registers import register_router
from utblick.registry import REGISTERS

__all__ = ["REGISTERS", "api"]

api = NinjaAPI(
    title="Utblick API",
    version="1",
    description=(
        "The registers of a municipality's international and EU work. Authenticate with "
        "`Authorization: Bearer <token>` (create one with `utblick token create --user NAME`). "
        "A token acts for one user in one municipality and sees only that municipality. "
        "Changes name the `version` they are based on; a stale version gets 409 and nothing "
        'is written. Errors are JSON: `{"detail": [{"loc", "msg", "type"}]}`.'
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs_url="/docs",
)
register_handlers(api)
api.add_router("/", reference_router)
for register in REGISTERS:
    api.add_router(f"/{register.path}/", register_router(register))
