"""Import every mapped module so Base.metadata knows the whole schema (Alembic, tests)."""

from talentmarket.approvals import models as approvals_models
from talentmarket.audit import models as audit_models
from talentmarket.auth import models as auth_models
from talentmarket.db import versions as versions_models
from talentmarket.db.base import Base
from talentmarket.demographics import models as demographics_models
from talentmarket.events import models as events_models
from talentmarket.jobarch import models as jobarch_models
from talentmarket.learning import models as learning_models
from talentmarket.openings import market as market_models
from talentmarket.openings import models as openings_models
from talentmarket.people import models as people_models
from talentmarket.rankers import models as rankers_models
from talentmarket.skillintel import models as skillintel_models
from talentmarket.taxonomy import models as taxonomy_models
from talentmarket.vectorstore import models as embeddings_models
from talentmarket.webhooks import models as webhooks_models
from talentmarket.workdesign import models as workdesign_models

__all__ = [
    "Base",
    "approvals_models",
    "audit_models",
    "auth_models",
    "demographics_models",
    "embeddings_models",
    "events_models",
    "jobarch_models",
    "learning_models",
    "market_models",
    "openings_models",
    "people_models",
    "rankers_models",
    "skillintel_models",
    "taxonomy_models",
    "versions_models",
    "webhooks_models",
    "workdesign_models",
]
