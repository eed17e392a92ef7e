from __future__ import annotations

from fastapi.testclient import TestClient

from api.main import create_app
from tests.conftest import make_settings


def test_health_reports_database_and_redis(tmp_path, redis_url):
    with TestClient(create_app(make_settings(tmp_path, redis_url=redis_url))) as client:
        response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_health_is_degraded_when_redis_is_down(tmp_path):
    settings = make_settings(tmp_path, redis_url="redis://127.0.0.1:1/0")
    with TestClient(create_app(settings)) as client:
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["redis"] == "unavailable"


def test_health_without_redis_configured(tmp_path):
    with TestClient(create_app(make_settings(tmp_path))) as client:
        body = client.get("/health").json()
    assert body == {"status": "ok", "database": "ok", "redis": "not configured"}
