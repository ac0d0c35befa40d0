"""HTTP endpoints of the openings feature."""

from fastapi import APIRouter

router = APIRouter()
