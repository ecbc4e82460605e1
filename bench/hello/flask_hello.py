"""Flask's hello-world: a one-route app, served by gunicorn exactly as the real app is.

    gunicorn bench.hello.flask_hello:app   (from the repository root)

No extensions, no database, no templates; one URL answering a short text/plain body. What
it costs to serve this is the framework's own floor, so the real app's throughput is
reported as a share of it. DEBUG is off, as Flask's default is.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, world!\n", {"Content-Type": "text/plain; charset=utf-8"}
