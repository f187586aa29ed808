"""How long `mukti demo --cases N` takes into a fresh database (target: 100,000 cases in under
three minutes on two cores).

SQLite (default): a new temporary MUKTI_VAR_DIR, so var/ is never touched.
PostgreSQL: with DATABASE_URL=postgres://user@host:port/any, the database `mukti_bench_demo` on
that server is dropped, created, migrated and filled.

    .venv/bin/python benchmarks/demo_generation.py [--cases 100000] [--var-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "mukti_bench_demo"


def fresh_postgres(url: str) -> str:
    """Drop and create the benchmark database; returns its URL."""
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    return urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))


def mukti(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    return subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, text=True)  # noqa: S603


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--var-dir", help="SQLite: keep the database here (for benchmarks/case_pages.py)"
    )
    options = parser.parse_args()

    env = dict(os.environ)
    temporary = None
    if env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = fresh_postgres(env["DATABASE_URL"])
        where = f"PostgreSQL database {BENCH_DATABASE}"
        env.setdefault("MUKTI_VAR_DIR", tempfile.mkdtemp(prefix="mukti-bench-"))
    else:
        env.pop("DATABASE_URL", None)
        if options.var_dir:
            shutil.rmtree(options.var_dir, ignore_errors=True)
            env["MUKTI_VAR_DIR"] = options.var_dir
        else:
            temporary = env["MUKTI_VAR_DIR"] = tempfile.mkdtemp(prefix="mukti-bench-")
        where = f"SQLite in {env['MUKTI_VAR_DIR']}"
    print(f"demo --cases {options.cases} into a fresh {where}")
    print(f"CPUs: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.1f}")

    mukti("migrate", "--noinput", env=env)
    started, cpu_started = time.monotonic(), os.times()
    result = mukti(
        "demo",
        f"--cases={options.cases}",
        f"--seed={options.seed}",
        "--password=bench-password-1",
        env=env,
    )
    elapsed, cpu = time.monotonic() - started, os.times()
    cpu_seconds = (cpu.children_user - cpu_started.children_user) + (
        cpu.children_system - cpu_started.children_system
    )
    counts = [
        line
        for line in result.stdout.splitlines()
        if line.startswith("  ") and "@" not in line and "email" not in line
    ]
    print("\n".join(counts))
    print(f"elapsed: {elapsed:.1f} s wall, {cpu_seconds:.1f} s CPU (all processes)")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print(f"target: under 180 s -> {'met' if elapsed < 180 else 'MISSED'}")
    if temporary:
        shutil.rmtree(temporary, ignore_errors=True)


if __name__ == "__main__":
    main()
