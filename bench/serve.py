"""Throughput under gunicorn: each real app and its framework's hello-world, under `ab`.

For one (app, database), the orchestrator calls load_test(), which
1. starts the real app with gunicorn on a free port of 127.0.0.1, from the app's own WSGI
   module (as its container's start.sh does), waits for /healthz, checks each page once
   (bench/pages.py), then puts each under load with ApacheBench: the front page, a story
   with a typical thread and, in a full run, the 500-comment story;
2. reads the resident memory (RSS) of each gunicorn worker from /proc, after the load;
3. does the same for the framework's hello-world (bench/hello/), in the same run, so the
   app's throughput can be given as a share of its framework's own ceiling.

All four servers get IDENTICAL flags (GUNICORN_FLAGS): sync workers (the containers'
default class and count), one thread each, and no access log (gunicorn's default; the
containers write one to stdout, which would measure the terminal as much as the app).

ab runs with `-t SECONDS -n REQUESTS`, in that order: `-t` alone implies `-n 50000`, and
a `-n` given before `-t` is overwritten by it, so only this order bounds both the time and
the number of requests. `-l` accepts responses of varying length (a page says "3 minutes
ago", then "4 minutes ago"), which ab would otherwise count as failed; real failures
(connection errors, exceptions) and non-2xx answers must both be 0, or the run fails.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.apps import REPO_ROOT, App, environment
from bench.pages import HELLO, Page, loaded_pages

WORKERS = 2
GUNICORN_FLAGS = [
    f"--workers={WORKERS}",
    "--worker-class=sync",
    "--threads=1",
    "--timeout=120",
    "--log-level=warning",
    "--no-control-socket",  # gunicorn 27's control socket: nothing here uses it
]
READY_TIMEOUT = 60  # seconds for a server to answer its first request


class LoadError(RuntimeError):
    """A server did not start, or ab saw failures: the numbers would mean nothing."""


@dataclass(frozen=True)
class LoadSettings:
    concurrency: int  # ab -c
    seconds: int  # ab -t: the time bound per URL
    requests: int  # ab -n: the request bound per URL
    warmup: int  # unmeasured requests per URL first, so every worker has loaded everything
    big_story: bool  # put the big thread's page under load too

    def describe(self) -> dict:
        return {**asdict(self), "workers": WORKERS, "gunicorn": " ".join(GUNICORN_FLAGS)}


def ab_problem() -> str | None:
    """Why the load test cannot run, or None."""
    return None if shutil.which("ab") else "ApacheBench (ab, Debian's apache2-utils) is missing"


def load_test(
    app: App, database_url: str, facts: dict, settings: LoadSettings, logs: Path, redis_url=""
) -> dict:
    """The app's pages, then its framework's hello-world, each under load; RSS per worker.
    The app caches in each worker's memory, or in Redis at `redis_url`."""
    results: dict = {"pages": {}, "memory": {}}
    env = environment(database_url, redis_url)
    with Server(app.wsgi, app.directory, env, logs / f"{app.name}-gunicorn.log") as server:
        server.wait_until_ready("/healthz")
        for page in loaded_pages(facts, settings.big_story):
            results["pages"][page.name] = server.load(page, settings)
        results["memory"]["app"] = server.memory()
    with Server(app.hello, REPO_ROOT, environment(), logs / f"{app.name}-hello.log") as server:
        server.wait_until_ready("/")
        results["pages"]["hello"] = server.load(HELLO, settings)
        results["memory"]["hello"] = server.memory()
    return results


class Server:
    """gunicorn serving `target`, in a process group of its own (so stopping it stops its
    workers), on a free port of 127.0.0.1; stopped when the `with` block ends."""

    def __init__(self, target: str, directory: Path, env: dict, log: Path):
        self.port = free_port()
        self.log = log
        bind = f"--bind=127.0.0.1:{self.port}"
        self.command = [sys.executable, "-m", "gunicorn", *GUNICORN_FLAGS, bind, target]
        self.directory, self.env = directory, env
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=self.directory,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_until_ready(self, path: str) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while fetch(self.url(path))[0] != 200:
            if self.process.poll() is not None:
                raise LoadError(f"gunicorn exited ({self.process.returncode}):\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise LoadError(f"no answer from {self.url(path)}:\n{self.log_tail()}")
            time.sleep(0.2)  # waiting for a server to boot, not part of any measurement

    def load(self, page: Page, settings: LoadSettings) -> dict:
        """Check the page once, warm the workers up, then measure it under ab."""
        page.check(*fetch(self.url(page.path)))
        run_ab(self.url(page.path), settings.concurrency, seconds=60, requests=settings.warmup)
        url = self.url(page.path)
        return {
            "path": page.path,
            **run_ab(url, settings.concurrency, settings.seconds, settings.requests),
        }

    def memory(self) -> dict:
        """Resident memory of each worker (the master's children) and of the master, MiB."""
        workers = [resident_mib(pid) for pid in children(self.process.pid)]
        if len(workers) != WORKERS:
            raise LoadError(f"expected {WORKERS} gunicorn workers, found {len(workers)}")
        return {"workers_mib": sorted(workers), "master_mib": resident_mib(self.process.pid)}

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)  # our own group: gunicorn and its workers
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    """Status and body of a GET; (0, reason) when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except OSError as error:
        return 0, str(error)


def run_ab(url: str, concurrency: int, seconds: int, requests: int) -> dict:
    """ab against one URL, bounded by time and by requests; fails on any failed request."""
    command = ["ab", "-q", "-l", "-t", str(seconds), "-n", str(requests), "-c", str(concurrency)]
    finished = subprocess.run([*command, url], capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise LoadError(f"{' '.join(command)} {url}: {finished.stderr.strip()}")
    result = parse_ab(finished.stdout)
    if result["failed"] or result["non_2xx"] or not result["complete"]:
        raise LoadError(f"{url} under load: {result}\n{finished.stdout}")
    return result


AB_FIELDS = {
    "complete": r"Complete requests:\s+(\d+)",
    "failed": r"Failed requests:\s+(\d+)",
    "non_2xx": r"Non-2xx responses:\s+(\d+)",  # printed only when there are some
    "seconds": r"Time taken for tests:\s+([\d.]+)",
    "requests_per_s": r"Requests per second:\s+([\d.]+)",
    "mean_ms": r"Time per request:\s+([\d.]+) \[ms\] \(mean\)",  # as one client waits
    "median_ms": r"^\s+50%\s+(\d+)",
    "p95_ms": r"^\s+95%\s+(\d+)",
}


def parse_ab(output: str) -> dict:
    result = {}
    for name, pattern in AB_FIELDS.items():
        match = re.search(pattern, output, re.MULTILINE)
        result[name] = float(match[1]) if match else 0.0
    return result


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`, from /proc/<pid>/stat (no psutil)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()  # after "(command name)"
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == pid:  # the fields after the name: state, ppid, ...
            found.append(int(stat.parent.name))
    return found


def resident_mib(pid: int) -> float:
    """VmRSS of a process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)  # kB
    raise LoadError(f"no VmRSS for process {pid}")
