"""Runtime settings: one object, built once by ``load_settings`` and passed down."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    """The embedded default: a SQLite file under ``$XDG_DATA_HOME/patchwire``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return f"sqlite+aiosqlite:///{Path(base) / 'patchwire' / 'patchwire.db'}"


class Settings(BaseSettings):
    """Everything the server needs to start; read from ``PATCHWIRE_*`` env vars or given."""

    model_config = SettingsConfigDict(env_prefix="PATCHWIRE_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    redis_url: str | None = None
    rate_limit_per_minute: int = Field(default=600, ge=0)
    config_api_rate_limit_per_minute: int = Field(default=200, ge=0)
    max_body_bytes: int = Field(default=25 * 1024 * 1024, gt=0)
    secret_key: str | None = None
    catalog_files: list[Path] = Field(default_factory=list)
    bootstrap_workspace: str | None = "my-workspace"
    db_pool_size: int = Field(default=10, ge=1)
    tracking_plan_max_rules: int = Field(default=200, ge=1)
    admin_user: str | None = None
    admin_password: str | None = None


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides (CLI flags) on top."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)  # type: ignore[arg-type]
