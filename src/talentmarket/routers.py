"""Every router the app mounts, in one list (the app imports only this)."""

from fastapi import APIRouter

from talentmarket.analytics.endpoints import router as analytics_router
from talentmarket.approvals.endpoints import router as approvals_router
from talentmarket.audit.endpoints import me_router as audit_me_router
from talentmarket.audit.endpoints import router as audit_router
from talentmarket.careers.endpoints import router as careers_router
from talentmarket.demographics.endpoints import router as demographics_router
from talentmarket.events.endpoints import router as events_router
from talentmarket.fairness.endpoints import router as fairness_router
from talentmarket.governance.endpoints import router as governance_router
from talentmarket.jobarch.endpoints import router as jobarch_router
from talentmarket.learning.endpoints import router as learning_router
from talentmarket.marketplace.endpoints import router as marketplace_router
from talentmarket.openings.endpoints import router as openings_router
from talentmarket.people.endpoints import exports_router
from talentmarket.people.endpoints import router as people_router
from talentmarket.privacy.endpoints import router as privacy_router
from talentmarket.rankers.endpoints import router as rankers_router
from talentmarket.skillintel.endpoints import router as skillintel_router
from talentmarket.staffing.endpoints import router as staffing_router
from talentmarket.taxonomy.endpoints import router as taxonomy_router
from talentmarket.taxonomy.graph.endpoints import router as graph_router
from talentmarket.webhooks.endpoints import router as webhooks_router
from talentmarket.workdesign.endpoints import router as workdesign_router

ROUTERS: list[APIRouter] = [
    skillintel_router,
    taxonomy_router,
    governance_router,
    graph_router,
    jobarch_router,
    people_router,
    exports_router,
    privacy_router,
    openings_router,
    marketplace_router,
    staffing_router,
    approvals_router,
    events_router,
    webhooks_router,
    demographics_router,
    fairness_router,
    rankers_router,
    analytics_router,
    careers_router,
    learning_router,
    workdesign_router,
    audit_router,
    audit_me_router,
]
