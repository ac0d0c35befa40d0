"""HTTP endpoints of the taxonomy feature."""

from fastapi import APIRouter

router = APIRouter()
