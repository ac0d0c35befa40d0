"""Import every mapped module so Base.metadata knows the whole schema (Alembic, tests)."""

from talentmarket.auth import models as auth_models
from talentmarket.db.base import Base
from talentmarket.embeddings import models as embeddings_models
from talentmarket.openings import models as openings_models
from talentmarket.people import models as people_models
from talentmarket.taxonomy import models as taxonomy_models

__all__ = [
    "Base",
    "auth_models",
    "embeddings_models",
    "openings_models",
    "people_models",
    "taxonomy_models",
]
