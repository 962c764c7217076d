"""Content-Security-Policy without 'unsafe-inline', no inline script or style in any template,
and a CSRF token in every form that posts."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # utblick/
TEMPLATES = sorted(p for p in ROOT.glob("**/templates/**/*") if p.suffix in (".html", ".txt"))

INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.I | re.S)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)
HTMX_EVAL = re.compile(r"\shx-on[:-]|\shx-vars=|js:", re.I)


def test_the_csp_header_is_sent_and_allows_no_inline_code(client, db):
    response = client.get("/konto/logga-in/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


def test_signed_in_pages_send_the_policy_too(world, signed_in):
    response = signed_in(world.alice).get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_there_are_templates_to_scan():
    names = {p.name for p in TEMPLATES}
    assert {"base.html", "list.html", "detail.html", "login.html"} <= names


def test_no_template_has_inline_styles_scripts_or_event_handlers():
    offenders = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(ROOT))
        if INLINE_STYLE.search(text):
            offenders.append(f"{where}: inline style")
        if EVENT_HANDLER.search(text):
            offenders.append(f"{where}: on…= event handler")
        if JAVASCRIPT_URL.search(text):
            offenders.append(f"{where}: javascript: URL")
        if HTMX_EVAL.search(text):
            offenders.append(f"{where}: htmx attribute that evaluates code")
        for attributes, body in SCRIPT.findall(text):
            data_block = re.search(r'type\s*=\s*"application/(ld\+)?json"', attributes)
            if body.strip() and not data_block:
                offenders.append(f"{where}: <script> with a body")
            if body.strip() == "" and "src=" not in attributes:
                offenders.append(f"{where}: <script> without src")
    assert offenders == []


def test_every_form_that_posts_carries_a_csrf_token():
    offenders = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for form in re.findall(r"<form\b[^>]*>.*?</form>", text, re.I | re.S):
            if re.search(r'method\s*=\s*"post"', form, re.I) and "{% csrf_token %}" not in form:
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_htmx_is_served_from_this_site_and_told_not_to_inject_styles(world, signed_in):
    html = signed_in(world.alice).get("/").content.decode()
    assert '<script src="/static/utblick/vendor/htmx-2.0.11.min.js" defer></script>' in html
    assert '"includeIndicatorStyles": false' in html
    assert '<meta name="csrf-token" content="' in html
    script = (ROOT / "web/static/utblick/utblick.js").read_text(encoding="utf-8")
    assert "X-CSRFToken" in script


def test_a_form_without_its_csrf_token_is_refused_with_an_explanation(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice)
    response = client.post("/medlemskap/ny/", {"organisation": "X"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formuläret kunde inte skickas" in html and "Ingenting har sparats." in html
