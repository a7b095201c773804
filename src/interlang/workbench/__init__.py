"""The CEFR workbench: a multi-user annotation service (FastAPI + SQLAlchemy) and its web UI.

Importing this package loads nothing heavy; :func:`interlang.workbench.app.create_app` builds
the application and needs the ``[web]`` extra.
"""

from __future__ import annotations

__all__: list[str] = []
