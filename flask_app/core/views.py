"""The health check load balancers and compose poll (SPEC SEC-6)."""

from flask import Blueprint, current_app
from sqlalchemy.exc import SQLAlchemyError

from flask_app.extensions import db

bp = Blueprint("core", __name__)

# A probe wants the current state, never a cached one (Django: @never_cache).
HEADERS = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.get("/healthz")
def healthz():
    """200 "ok" when the database answers a query, 503 otherwise."""
    try:
        db.session.execute(db.select(1))
    except SQLAlchemyError:
        # Log the cause for operators; the caller only learns that it failed.
        current_app.logger.exception("health check: the database did not answer")
        return "unavailable", 503, HEADERS
    return "ok", 200, HEADERS
