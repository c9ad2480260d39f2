"""PlanTrack's HTTP API (FastAPI); `plantrack serve` runs it with uvicorn."""

from plantrack.api.app import create_app

__all__ = ["create_app"]
