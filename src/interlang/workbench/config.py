"""Workbench settings (database URL, limits); defaults need no configuration at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from interlang.settings import home_dir

#: Uploads larger than this are refused with 413 before they are parsed.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _models_dir() -> Path:
    return home_dir() / "workbench" / "models"


@dataclass
class WorkbenchSettings:
    """What :func:`interlang.workbench.app.create_app` needs; every field has a working default.

    ``db_url`` None means the SQLite file ``workbench.db`` in ``interlang.settings.home_dir()``.
    ``analyse`` computes the analyser's features on ingestion (off only to speed up tests that
    do not look at features). ``background_jobs`` runs training in a worker thread; tests may
    turn it off to run jobs inline.
    """

    db_url: str | None = None
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    session_hours: float = 12.0
    secure_cookies: bool = False
    analyse: bool = True
    background_jobs: bool = True
    models_dir: Path = field(default_factory=_models_dir)
    #: Minimum words before an approved text may be split into segments.
    min_segment_words: int = 20
    #: Imports with more good rows than this are stored at once and analysed in the background.
    inline_analysis_rows: int = 50
    #: Failed logins of one account name inside ``login_window_seconds`` before it is locked.
    login_max_failures: int = 5
    #: The same per client address: higher, since several people may share one (a NAT, a lab).
    login_max_failures_per_address: int = 20
    login_window_seconds: float = 15 * 60
    #: The first lock-out; each further one (no successful login between) doubles it, up to the max.
    login_lockout_seconds: float = 15 * 60
    login_lockout_max_seconds: float = 24 * 3600
