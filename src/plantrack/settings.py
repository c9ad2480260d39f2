"""One Settings object: environment variables PLANTRACK_*, overridden by CLI flags."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """PlanTrack's configuration.

    Read from the environment (``PLANTRACK_DATABASE_URL``, ``PLANTRACK_DATA_DIR``,
    ``PLANTRACK_MAX_FILE_MB``, ``PLANTRACK_LOG_LEVEL``, ``PLANTRACK_API_TOKEN``,
    ``PLANTRACK_MAX_UPLOAD_MB``, ``PLANTRACK_DOC_TIMEOUT_S``, ``PLANTRACK_DOC_MEMORY_MB``)
    when created; nothing is read at import time. CLI flags override these values.

    ``doc_timeout_s`` and ``doc_memory_mb`` are the budget of one document's analysis in
    a batch ingest (plantrack.batch.Budget): CPU seconds, and MB of memory on top of what
    the process holds already (Linux); a document that goes over fails with that reason
    and the batch goes on. 0 lifts a limit.
    """

    model_config = SettingsConfigDict(env_prefix="PLANTRACK_", extra="ignore")

    data_dir: Path = Field(
        default=Path("plantrack-data"),
        description="Folder for the SQLite database and other local state.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default: a SQLite file plantrack.db in data_dir.",
    )
    max_file_mb: float = Field(
        default=25.0,
        gt=0,
        description="Files larger than this are refused without being read.",
    )
    log_level: str = Field(default="WARNING", description="Python logging level name.")
    api_token: str | None = Field(
        default=None,
        description="Bearer token that the API's write endpoints require; unset: writes are off.",
    )
    max_upload_mb: float = Field(
        default=25.0,
        gt=0,
        description="Uploads to the API larger than this are refused (413).",
    )
    doc_timeout_s: float = Field(
        default=300.0,
        ge=0,
        description="CPU seconds one document's analysis may take in a batch ingest "
        "(0: no limit); a document that takes longer fails and the batch goes on.",
    )
    doc_memory_mb: float = Field(
        default=2048.0,
        ge=0,
        description="MB of memory one document's analysis may take in a batch ingest, on "
        "top of the process's own (0: no limit; Linux); a document that needs more fails.",
    )

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'plantrack.db').as_posix()}"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)
