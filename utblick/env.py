"""Small typed helpers that read settings from the environment.

Every variable the application reads is documented where it is read, in settings.py.
A `NAME_FILE` variable, when set, is read instead of `NAME` (for secrets mounted as files).
"""

import os
from pathlib import Path


def env_str(name: str, default: str = "") -> str:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env_str(name, "")
    if value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env_str(name, "")
    return int(value) if value.strip() else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name, "")
    if not value.strip():
        return default
    return [item.strip() for item in value.split(",") if item.strip()]
