"""`make backup` then `make restore` on docker-compose.yml's running stack: every row of
both apps' databases comes back as it was, what was written after the backup is gone, and
the apps work on the restored data (logins, new rows: the sequences came back too).
"""

from __future__ import annotations

import shlex
import subprocess

from checks import PASSWORD, post_story
from stacks import REPO_ROOT, Stack, sign_up

DATABASES = {"django": "news_django", "flask": "news_flask"}
APPS = ("django", "flask")


def digest(stack: Stack, database: str) -> dict[str, str]:
    """Each table's row count and a hash of all its rows, in one order."""
    container = stack.container("db")

    def psql(sql: str) -> str:
        result = subprocess.run(
            ["docker", "exec", container, "psql", "-U", "news", "-d", database, "-Atc", sql],
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    tables = psql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    ).split()
    assert tables, f"{database} has no tables"
    query = " UNION ALL ".join(
        f"SELECT '{table}', count(*) || ' ' || md5(coalesce("
        f"string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"{table}\" t"
        for table in tables
    )
    rows = (line.split("|") for line in psql(query).splitlines())
    return {table: value for table, value in rows}


def make(stack: Stack, target: str, backup: str) -> str:
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            target,
            f"BACKUP={backup}",
            f"COMPOSE={shlex.join(stack.compose)}",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"make {target} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_a_backup_restored_loses_nothing(stack, tmp_path, figures):
    # Something of each kind of row the apps write, on top of what the live suite left.
    members = {}
    for app in APPS:
        browser = stack.browser(app)
        members[app] = sign_up(browser, "kept")
        post_story(browser, "Before the backup", text="It comes back.")
    before = {app: digest(stack, DATABASES[app]) for app in APPS}

    backup = tmp_path / "backup"
    make(stack, "backup", str(backup))
    sizes = {path.name: path.stat().st_size for path in sorted(backup.iterdir())}
    assert set(sizes) == {f"{name}.dump" for name in DATABASES.values()}

    # Written after the backup: the restore must take it away again.
    late = {}
    for app in APPS:
        browser = stack.browser(app)
        late[app] = sign_up(browser, "late")
        post_story(browser, "After the backup", text="Gone after the restore.")
        assert digest(stack, DATABASES[app]) != before[app]

    make(stack, "restore", str(backup))
    healthy_after = stack.wait_healthy("django", "flask")
    for app in APPS:
        assert digest(stack, DATABASES[app]) == before[app], f"{app}'s data differ"
        assert stack.browser(app).login(late[app], PASSWORD).location != "/"
        browser = stack.browser(app)
        assert browser.login(members[app], PASSWORD).location == "/"
        # New rows after the restore: the id sequences are where they were, no clash.
        post_story(browser, "After the restore", text="New ids.")
        sign_up(stack.browser(app), "after")

    figures(
        "backup round trip",
        {
            "tables": {app: len(before[app]) for app in APPS},
            "rows": {
                app: sum(int(value.split()[0]) for value in before[app].values()) for app in APPS
            },
            "dump bytes": sizes,
            "apps healthy after the restore, seconds": round(healthy_after, 1),
        },
    )
