"""HTTP export of the taxonomy graph for pictures: JSON nodes and edges, or GraphML."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from talentmarket.api.deps import PrincipalDep, RuntimeDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.taxonomy.graph import service as graph_service
from talentmarket.taxonomy.graph.views import to_graphml

router = APIRouter(prefix="/v1/taxonomy", tags=["taxonomy"])
GRAPHML = "application/graphml+xml"


class GraphNode(BaseModel):
    """A node: id like 'skill:12', type, label, URI, hops from the root."""

    id: str
    type: Literal["skill", "group", "role", "role_group", "task"]
    label: str
    uri: str
    depth: int


class GraphEdge(BaseModel):
    """A typed, weighted edge from source to target."""

    source: str
    target: str
    relation: str
    weight: float


class GraphExport(BaseModel):
    """A bounded piece of the taxonomy graph."""

    root: str | None = Field(description="the root node; null for the hierarchy tops")
    version: str = Field(description="taxonomy graph version it was cut from")
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = Field(description="true when `limit` (or the edge cap) cut the view")


@router.get(
    "/graph",
    response_model=GraphExport,
    responses={
        **problem_responses(404, 422),
        200: {"content": {GRAPHML: {}}, "description": "JSON, or GraphML"},
    },
)
def export_graph(
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    root: Annotated[
        str | None,
        Query(
            max_length=255,
            description="node id (skill:12, group:3, role:7, task:9), URI, role code, or a "
            "bare skill id; none: the tops of the skill-group and role-group hierarchies",
        ),
    ] = None,
    depth: Annotated[int, Query(ge=1, le=3, description="hops from the root")] = 1,
    kinds: Annotated[
        str | None,
        Query(
            max_length=100,
            description="node types to keep, comma-separated: skill, group, role, role_group, task",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="most nodes returned")] = 500,
    format: Annotated[Literal["json", "graphml"] | None, Query()] = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Any:
    """The taxonomy graph around a node (or its top levels), as JSON or GraphML."""
    wanted = [k.strip() for k in kinds.split(",") if k.strip()] if kinds else None
    view, version = graph_service.graph_view(runtime, session, root, depth, wanted, limit)
    as_graphml = format == "graphml" or (format is None and GRAPHML in (accept or ""))
    if as_graphml:
        return Response(
            to_graphml(view),
            media_type=GRAPHML,
            headers={"Content-Disposition": 'attachment; filename="taxonomy-graph.graphml"'},
        )
    return GraphExport(
        root=view.root,
        version=version,
        nodes=[GraphNode(**n) for n in view.nodes],
        edges=[GraphEdge(**e) for e in view.edges],
        truncated=view.truncated,
    )
