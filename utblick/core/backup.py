"""A consistent backup of an instance, and its restore: the database and the generated files.

    backup   the database, copied while the site runs: SQLite through its online backup API
             (a consistent snapshot, writers are not stopped), PostgreSQL with pg_dump (one
             snapshot transaction); plus the generated files (reports, uploads waiting for
             confirmation, media) and a manifest with each table's row count and each
             member's SHA-256, all in one .tar.gz.
    restore  checks the archive against its manifest, puts the database back (SQLite: the file
             is replaced in one rename, its old WAL removed; PostgreSQL: pg_restore --clean),
             then the files, and compares every table's row count with the manifest. The
             full-text index is a table of the database and comes back with it.

Stop the web and the worker before a restore; a backup needs no stop. The instance's secret key
(var/secret-key) is not in the archive: keep it apart, like any secret. Without it, signed-in
sessions and password-reset links of the old key stop working, nothing else.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

FORMAT = 1


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why, in English."""


def file_dirs() -> dict[str, Path]:
    """The generated files, by their name in the archive."""
    return {
        "reports": Path(getattr(settings, "REPORT_DIR", settings.VAR_DIR / "reports")),
        "imports": Path(settings.IMPORT_UPLOAD_DIR),
        "media": Path(settings.MEDIA_ROOT),
    }


def table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in tables and not model._meta.proxy and table not in counts:
            counts[table] = model._default_manager.using(connection.alias).count()
    return dict(sorted(counts.items()))


def backup(output: Path) -> dict:
    """Write the instance to `output` (.tar.gz); returns the manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent) as work:
        work = Path(work)
        database, counts = _dump_database(work)
        manifest = {
            "format": FORMAT,
            "made_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "members": {},
        }
        members = [(database, database.name)]
        for name, directory in file_dirs().items():
            if directory.is_dir():
                for path in sorted(p for p in directory.rglob("*") if p.is_file()):
                    members.append((path, f"files/{name}/{path.relative_to(directory)}"))
        manifest["tables"] = counts
        partial = output.with_name(f".{output.name}.part")
        with tarfile.open(partial, "w:gz") as archive:
            for path, arcname in members:
                manifest["members"][arcname] = _sha256(path)
                archive.add(path, arcname=arcname)
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        os.replace(partial, output)
    return manifest


def restore(archive_path: Path) -> dict:
    """Put the archive's database and files back; returns its manifest."""
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive_path, "r:gz") as archive:
        work = Path(work)
        archive.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        if manifest["database"] != connection.vendor:
            raise BackupError(
                f"the backup is of a {manifest['database']} database; this instance uses "
                f"{connection.vendor}"
            )
        for arcname, digest in manifest["members"].items():
            if _sha256(work / arcname) != digest:
                raise BackupError(f"{arcname} does not match the manifest: the archive is damaged")
        _restore_database(work)
        for name, directory in file_dirs().items():
            _replace_dir(work / "files" / name, directory)
    counts = table_counts()
    different = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if different:
        raise BackupError(f"row counts differ after the restore: {different}")
    return manifest


# --- the database ------------------------------------------------------------------------------


def _sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def _dump_database(work: Path) -> tuple[Path, dict[str, int]]:
    """The database copy, and each table's row count in exactly that copy."""
    if connection.vendor == "sqlite":
        target = work / "database.sqlite3"
        source = sqlite3.connect(_sqlite_path())
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # the online backup API: a consistent snapshot
            counts = {
                table: copy.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
                for table in table_counts()
            }
        finally:
            copy.close()
            source.close()
        return target, counts
    if connection.vendor == "postgresql":
        target = work / "database.pgdump"
        with transaction.atomic(), connection.cursor() as cursor:
            # Count in the very snapshot pg_dump copies: the site may go on writing meanwhile.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts()
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    _pg_url(),
                ]
            )
        return target, counts
    raise BackupError(f"no backup for {connection.vendor}")


def _restore_database(work: Path) -> None:
    connection.close()
    if connection.vendor == "sqlite":
        target = _sqlite_path()
        staged = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(work / "database.sqlite3", staged)
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(staged, target)
        return
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={_pg_url()}",
            str(work / "database.pgdump"),
        ]
    )


def _pg_url() -> str:
    url = getattr(settings, "DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise BackupError("DATABASE_URL does not name a PostgreSQL database")
    return url.replace("postgres://", "postgresql://", 1)


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} is not installed (apt-get install postgresql-client)"
        ) from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{command[0]} failed: {exc.stderr.strip()[:500]}") from exc


# --- the files ---------------------------------------------------------------------------------


def _replace_dir(source: Path, target: Path) -> None:
    """The target directory becomes the archive's copy (empty if the archive had none)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.restoring")
    shutil.rmtree(staged, ignore_errors=True)
    if source.is_dir():
        shutil.copytree(source, staged)
    else:
        staged.mkdir()
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(staged, target)
    shutil.rmtree(old, ignore_errors=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
