"""The running import's progress, in a small file beside the kept raw file.

The import holds the whole file in one transaction: another connection cannot read its
progress from the database until it commits. The worker writes here instead, and the
progress view reads it.
"""

import json
import os
from pathlib import Path

from django.conf import settings


def progress_path(flow) -> Path:
    return Path(settings.RELAIS_IMPORTS_DIR) / f"{flow.uuid}.progress"


def write_progress(flow, *, read: int, bytes_read: int, size: int) -> None:
    path = progress_path(flow)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".progress.tmp")
    temporary.write_text(json.dumps({"read": read, "bytes_read": bytes_read, "size": size}))
    os.replace(temporary, path)  # the reader never sees a half-written file


def read_progress(flow) -> dict:
    """{"read", "bytes_read", "size", "percent"}; zeros while nothing has been written."""
    try:
        values = json.loads(progress_path(flow).read_text())
        read, done, size = int(values["read"]), int(values["bytes_read"]), int(values["size"])
    except (OSError, ValueError, KeyError, TypeError):
        read, done, size = 0, 0, 0
    percent = min(99, done * 100 // size) if size else 0
    return {"read": read, "bytes_read": done, "size": size, "percent": percent}


def clear_progress(flow) -> None:
    progress_path(flow).unlink(missing_ok=True)
