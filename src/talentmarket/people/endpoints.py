"""HTTP endpoints of the people feature."""

from fastapi import APIRouter

router = APIRouter()
