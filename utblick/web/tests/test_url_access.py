"""Every URL has an access rule, and nothing but public pages answers an anonymous visitor."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from utblick.registry import REGISTERS

# Views of Django's own that carry their own rules (none: the web wraps them with `public`).
DJANGO_AUTH_VIEWS: set[str] = set()
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
    """Tenant scoping has one place (core.access); views, endpoints and the web's forms and
    selectors go through it."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    paths = [*root.glob("*/views*.py"), *root.glob("*/views/*.py"), *root.glob("api/*.py")]
    for path in {*paths, *root.glob("web/*.py"), *root.glob("web/**/*.py")}:
        if "tests" in path.parts:
            continue
        if path.name in ("tokens.py", "auth.py", "schemas.py"):
            continue  # token lookup is the authentication itself
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\b[A-Z]\w+\.objects\b", line) and "# unscoped:" not in line:
                offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []


def _routes_with_rule(rule: str):
    return [
        (route, pattern)
        for route, pattern in _web_patterns()
        if getattr(pattern.callback, "access_rule", None) == rule
    ]


def test_every_register_has_its_pages_and_each_write_is_a_writer_url():
    names = {pattern.name for _route, pattern in _web_patterns()}
    for register in REGISTERS:
        for action in ("list", "export", "detail", "create", "edit", "archive", "restore"):
            assert f"{register.key}_{action}" in names
    writer_names = {pattern.name for _route, pattern in _routes_with_rule("writer")}
    assert {n for n in names if n.endswith(("_create", "_edit", "_archive", "_restore"))} <= (
        writer_names
    )
    assert "applications_transition" in writer_names


@pytest.mark.django_db
def test_readers_get_403_from_every_writer_url(world, signed_in):
    carol = signed_in(world.carol)
    for route, _pattern in _routes_with_rule("writer"):
        url = _concrete(route)
        for method in ("get", "post"):
            response = getattr(carol, method)(url)
            assert response.status_code == 403, (method, url, response.status_code)
