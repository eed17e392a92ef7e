"""Liveness and readiness. Public by design: load balancers call it without a token,
and it reveals only whether each dependency answers."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health(request: Request) -> JSONResponse:
    state = request.app.state
    database = "ok"
    try:
        with state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any failure means the same here: not ready
        database = "unavailable"
    redis_status = "not configured"
    if state.settings.redis_url:
        import redis

        try:
            redis.Redis.from_url(state.settings.redis_url, socket_timeout=2).ping()
            redis_status = "ok"
        except redis.RedisError:
            redis_status = "unavailable"
    ok = database == "ok" and redis_status != "unavailable"
    body = Health(status="ok" if ok else "degraded", database=database, redis=redis_status)
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)
