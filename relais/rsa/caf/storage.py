"""The kept raw files: written under a random name while hashed, purged after retention."""

import datetime as dt
import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from relais.rsa.caf.records import FlowRefused

CHUNK = 1 << 20


def imports_dir() -> Path:
    root = Path(settings.RELAIS_IMPORTS_DIR)
    root.mkdir(parents=True, exist_ok=True)
    return root


def stored_path(storage_name: str) -> Path:
    return imports_dir() / storage_name


def store_chunks(chunks) -> tuple[str, str, int]:
    """Copy the chunks to a new random name; (storage name, sha256, size).

    The file is refused, and nothing kept, past RELAIS_IMPORT_MAX_MB.
    """
    limit = settings.RELAIS_IMPORT_MAX_MB * 1024 * 1024
    storage_name = secrets.token_hex(32)
    path = stored_path(storage_name)
    digest, size = hashlib.sha256(), 0
    try:
        with open(path, "xb") as handle:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise FlowRefused(
                        f"Le fichier dépasse {settings.RELAIS_IMPORT_MAX_MB} Mo : déposez-le "
                        "compressé (gzip), ou demandez à l'exploitant de relever la limite."
                    )
                digest.update(chunk)
                handle.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return storage_name, digest.hexdigest(), size


def file_chunks(path: Path):
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def keep_until() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=settings.RELAIS_IMPORT_RETENTION_DAYS)


def discard(storage_name: str) -> None:
    if storage_name:
        stored_path(storage_name).unlink(missing_ok=True)
