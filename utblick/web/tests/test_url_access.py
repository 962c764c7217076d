"""Every URL has an access rule, and nothing but public pages answers an anonymous visitor."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Views of Django's own that carry their own rules.
DJANGO_AUTH_VIEWS = {"login", "logout"}
PUBLIC_API_PATHS = {"/api/v1/openapi.json", "/api/v1/docs"}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern) in ("admin/", "api/v1/"):
                continue  # the admin has its own staff rule; the API is checked below
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def _web_patterns():
    return list(_walk(get_resolver().url_patterns))


def test_every_web_url_carries_an_access_rule():
    missing = [
        route
        for route, pattern in _web_patterns()
        if pattern.name not in DJANGO_AUTH_VIEWS
        and getattr(pattern.callback, "access_rule", None) is None
    ]
    assert missing == []


def _concrete(route: str) -> str:
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<(str:)?\w+>", "x", route)
    return "/" + route.lstrip("^").rstrip("$")


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_from_every_non_public_url(client):
    for route, pattern in _web_patterns():
        if pattern.name in DJANGO_AUTH_VIEWS or pattern.callback.access_rule == "public":
            continue
        url = _concrete(route)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (302, 405), (method, url, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith("/konto/logga-in/"), url


@pytest.mark.django_db
def test_every_api_operation_requires_a_token(client):
    spec = client.get("/api/v1/openapi.json").json()
    open_operations = [
        f"{method.upper()} {path}"
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if not operation.get("security")
    ]
    assert open_operations == []


def test_views_and_endpoints_never_query_models_directly():
    """Tenant scoping has one place (core.access); views and endpoints go through it."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in [*root.glob("*/views*.py"), *root.glob("*/views/*.py"), *root.glob("api/*.py")]:
        if path.name in ("tokens.py", "auth.py", "schemas.py"):
            continue  # token lookup is the authentication itself
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\b[A-Z]\w+\.objects\b", line) and "# unscoped:" not in line:
                offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []
