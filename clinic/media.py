"""Photos kept on this machine (the phone simulator's and the demo's), private to the service."""

import os
from pathlib import Path
from urllib.parse import urlsplit

MEDIA_PATH = "/phone/media/"


def media_dir(instance_path: str) -> Path:
    """Return the media folder, created readable by the service's user only."""
    path = Path(instance_path) / "media"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def save_private(path: Path, data: bytes) -> None:
    """Write a file readable by the service's user only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def delete_local_photos(instance_path: str, urls: list[str]) -> int:
    """Delete the files behind local photo URLs; return how many were removed."""
    folder = media_dir(instance_path)
    removed = 0
    for url in urls:
        path = urlsplit(url).path
        if not path.startswith(MEDIA_PATH):
            continue  # a Twilio URL: the photo lives at Twilio
        name = path.removeprefix(MEDIA_PATH)
        target = folder / name
        if "/" in name or not target.is_file():
            continue
        target.unlink()
        removed += 1
    return removed
