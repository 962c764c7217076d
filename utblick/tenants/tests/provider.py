"""The test OpenID provider (oidc_provider/) started in its own process on loopback, and a
user agent that signs in at it the way a browser does."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin

import requests

SETTINGS = "utblick.tenants.tests.oidc_provider.settings"
ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Provider:
    def __init__(self, directory: Path, host: str = "127.0.0.1"):
        directory.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "PROVIDER_DB": str(directory / "provider.sqlite3"),
            "PYTHONPATH": str(ROOT),
        }
        self.port = _free_port()
        self.host = host
        self.process: subprocess.Popen | None = None

    def url(self, host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}"

    def issuer(self, host: str | None = None) -> str:
        return f"{self.url(host)}/openid"

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "django", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode:
            raise RuntimeError(f"provider {args[0]} failed: {done.stderr[-2000:]}")
        return done.stdout

    def start(self) -> Provider:
        self.manage("migrate", "--noinput", "-v0")
        self.manage("creatersakey")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.issuer()}/.well-known/openid-configuration", timeout=2).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the test OpenID provider did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def _shell(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def add_client(self, client_id: str, secret: str, redirect_uris: list[str]) -> None:
        self._shell(
            "from oidc_provider.models import Client, ResponseType\n"
            f"c, _ = Client.objects.get_or_create(client_id={client_id!r}, defaults=dict("
            f"name={client_id!r}, client_type='confidential', client_secret={secret!r}, "
            "require_consent=False, jwt_alg='RS256'))\n"
            f"c.redirect_uris = {redirect_uris!r}\n"
            "c.save()\n"
            "c.response_types.set([ResponseType.objects.get(value='code')])\n"
        )

    def set_user(self, username: str, email: str, groups: list[str]) -> None:
        """The user (password "secret") in exactly these groups."""
        self._shell(
            "from django.contrib.auth.models import Group, User\n"
            f"u, _ = User.objects.get_or_create(username={username!r})\n"
            f"u.email = {email!r}\n"
            "u.set_password('secret')\n"
            "u.save()\n"
            f"u.groups.set([Group.objects.get_or_create(name=g)[0] for g in {json.dumps(groups)}])\n"
        )

    def authorize(self, authorization_url: str, username: str) -> str:
        """Sign in at the provider as `username` and return where it sends the browser back
        (the client's redirect URI with the code and state)."""
        agent = requests.Session()
        response = agent.get(authorization_url, allow_redirects=False, timeout=10)
        login = urljoin(authorization_url, response.headers["Location"])
        page = agent.get(login, timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        next_url = re.search(r'name="next" value="([^"]*)"', page.text).group(1)
        response = agent.post(
            login,
            data={
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": "secret",
                "next": next_url.replace("&amp;", "&"),
            },
            allow_redirects=False,
            timeout=10,
        )
        authorize = urljoin(login, response.headers["Location"])
        response = agent.get(authorize, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]
