"""The WSGI entry point: `gunicorn flask_app.wsgi:app` (Django: config/wsgi.py)."""

from flask_app import create_app

app = create_app()
