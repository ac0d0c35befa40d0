"""Settings, read from the environment (prefix TALENTMARKET_) or a .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

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
    model_backend: Literal["torch", "onnx", "onnx-int8"] = Field(
        default="torch",
        description="what runs the model: 'torch', 'onnx' (ONNX Runtime, the same vectors) "
        "or 'onnx-int8' (int8 weights: about three times as fast as torch, slightly "
        "different vectors, stored under their own model id); see docs/MEASUREMENTS.md",
    )
    reader_backend: Literal["model", "onnx-int8"] = Field(
        default="onnx-int8",
        description="what encodes the text read at request time (skill extraction, search "
        "texts, job titles): 'model' (the model as `model_backend` runs it) or 'onnx-int8' "
        "(the same model with int8 weights, about twice as fast, vectors within 0.99 "
        "cosine; compared with the model's stored label vectors, RP@5 unchanged on the "
        "validation sets); stored vectors always come from the model; see "
        "docs/MEASUREMENTS.md",
    )
    encoder: str = Field(
        default="sentence-transformers",
        description="'sentence-transformers' (real model) or 'hashing' (tests, no model)",
    )
    # -- identity (talentmarket.auth; see its modules for the formats) --
    api_keys: dict[str, str | dict[str, str]] = Field(
        default_factory=dict,
        description='API keys for integrations: {"NAME": {"role": ROLE, "hash": "sha256:HEX"}} '
        '(`talentmarket auth apikey create --settings` prints one); the earlier {"KEY": ROLE} '
        "is still read and hashed at start",
    )
    auth_key_file: Path | None = Field(
        default=None,
        description="local signing key (JWKS, private; made by `talentmarket auth keygen`); "
        "default: auth/signing-key.json beside the SQLite file, else var/auth/",
    )
    auth_jwks_file: Path | None = Field(
        default=None, description="public keys (JWKS file) of the identity provider"
    )
    auth_jwks: str | None = Field(
        default=None, description="public keys of the identity provider as inline JWKS JSON"
    )
    auth_issuer: str = Field(default="talentmarket", description="required `iss` of tokens")
    auth_audience: str = Field(default="talentmarket", description="required `aud` of tokens")
    auth_leeway: int = Field(default=30, ge=0, le=600, description="clock skew allowed, seconds")
    auth_role_claim: str = Field(
        default="role",
        description="claim (or dotted path) holding the role; a `roles` list is also read",
    )
    auth_token_ttl: int = Field(
        default=3600, ge=60, description="lifetime of tokens from `talentmarket auth token`"
    )
    bind_host: str = Field(
        default="127.0.0.1",
        description="address the server listens on (`serve --host` sets it); the service may "
        "run without authentication only on loopback",
    )
    company_name: str = Field(
        default="Our company",
        description="the hiring organisation named in exports (schema.org JobPosting)",
    )
    max_text_chars: int = Field(default=20_000, description="longest text accepted for extraction")
    extraction_one_pass: bool = Field(
        default=False,
        description="encode each text once and pool phrase vectors from its tokens: about 40% "
        "faster extraction for slightly lower accuracy (see docs/MEASUREMENTS.md)",
    )
    exact_vector_search_up_to: int = Field(
        default=150_000,
        ge=0,
        description="pools of at most this many people are searched exactly in memory "
        "(one matrix product over the vectors the pool holds anyway: 7.4 ms at 100,000 "
        "on two cores); larger ones through pgvector's HNSW index on PostgreSQL",
    )
    extraction_memory: int = Field(
        default=20_000,
        ge=0,
        description="segments and phrases whose vectors extraction keeps in memory (about "
        "1.5 kB each), so repeated lines skip the model; 0 turns it off",
    )
    page_limit_default: int = 50
    page_limit_max: int = 500
    scoring: dict[str, float] = Field(
        default_factory=dict,
        description='overrides of the match scorer\'s weights, e.g. {"w_role": 0.4} '
        "(see talentmarket.matching.scoring.ScoringConfig)",
    )
    candidate_order: Literal["score", "neutral"] = Field(
        default="score",
        description="human oversight: `neutral` shows recruiters the people "
        "who pass the filters in a fixed shuffle per opening instead of best first",
    )
    hide_scores: bool = Field(
        default=False,
        description="human oversight: candidate lists for recruiters leave "
        "out scores and the explanation's numbers (the skills met and missing stay)",
    )
    mask_names: bool = Field(
        default=False,
        description="human oversight: candidate lists for recruiters call "
        "people 'Candidate <id>' until they are shortlisted for the opening",
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
    max_body_bytes: int = Field(
        default=1_048_576,
        ge=0,
        description="largest request body in bytes (refused with 413 before it is read); "
        "routes that take texts allow what max_text_chars needs when that is more",
    )
    rate_limits: dict[str, str] = Field(
        default_factory=dict,
        description='per-caller limits by class, e.g. {"extraction": "10/minute;100/hour"}, '
        "merged over the defaults (ranking, search, extraction, titles, export); "
        '"" turns a class off',
    )
    rate_limit_storage: str = Field(
        default="memory://",
        description="where rate-limit counters live: memory:// (per process) or a shared "
        "store the `limits` library knows, e.g. redis://HOST:6379 (needs the redis package)",
    )
    model_concurrency: int = Field(
        default=1, ge=1, description="extraction requests that run on the model at once"
    )
    model_queue: int = Field(
        default=3, ge=0, description="extraction requests that may wait for the model; more: 503"
    )
    model_queue_wait_seconds: float = Field(
        default=15.0, gt=0, description="longest wait for the model before a 503"
    )
    cors_origins: list[str] = Field(
        default_factory=list,
        description='browser origins allowed to call the API, e.g. ["https://hr.example.com"]; '
        "empty = no cross-origin access",
    )

    @field_validator("cache_dir", "auth_key_file", "auth_jwks_file", "auth_jwks", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        """TALENTMARKET_CACHE_DIR= (empty) keeps nothing on disk; empty auth paths are unset."""
        return None if isinstance(value, str) and not value.strip() else value

    starter_path: Path | None = Field(default=None, description="starter taxonomy folder")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
