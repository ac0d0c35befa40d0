"""Settings, read from the environment (prefix TALENTMARKET_) or a .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SQLITE = "sqlite:///var/talentmarket.db"


class Settings(BaseSettings):
    """Runtime configuration; every field can be set as TALENTMARKET_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="TALENTMARKET_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_SQLITE,
        description="SQLAlchemy URL: sqlite:///FILE or postgresql+psycopg://USER:PW@HOST/DB",
    )
    model: str = Field(
        default="all-MiniLM-L6-v2",
        description="sentence-transformers model: the bundled all-MiniLM-L6-v2 or a local folder",
    )
    torch_threads: int | None = Field(
        default=None, ge=1, description="CPU threads for the model (default: torch's choice)"
    )
    encoder: str = Field(
        default="sentence-transformers",
        description="'sentence-transformers' (real model) or 'hashing' (tests, no model)",
    )
    api_keys: dict[str, str] = Field(
        default_factory=dict,
        description="API key -> role (admin, recruiter, employee, integration); empty = open",
    )
    max_text_chars: int = Field(default=20_000, description="longest text accepted for extraction")
    extraction_one_pass: bool = Field(
        default=False,
        description="encode each text once and pool phrase vectors from its tokens: about 40% "
        "faster extraction for slightly lower accuracy (see docs/MEASUREMENTS.md)",
    )
    page_limit_default: int = 50
    page_limit_max: int = 500
    scoring: dict[str, float] = Field(
        default_factory=dict,
        description='overrides of the match scorer\'s weights, e.g. {"w_role": 0.4} '
        "(see talentmarket.matching.scoring.ScoringConfig)",
    )
    warmup: bool = Field(
        default=True,
        description="load the model, extractor and title normaliser in the background at start",
    )
    cache_dir: Path | None = Field(
        default=Path("~/.cache/talentmarket"),
        description="where fitted skill extractors are kept so a restart skips the fit; "
        "empty to keep nothing on disk",
    )
    log_level: str = "INFO"

    @field_validator("cache_dir", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        """TALENTMARKET_CACHE_DIR= (empty) keeps nothing on disk."""
        return None if isinstance(value, str) and not value.strip() else value

    starter_path: Path | None = Field(default=None, description="starter taxonomy folder")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
