"""Settings come from the environment; production passes Django's deployment checks and a
first run makes its own secrets in var/ (never in the repository)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path


def run_mukti(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Nothing of the test run's own environment (the browser test allows async-unsafe calls).
    leaked = ("MUKTI_", "DATABASE", "DJANGO_")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(leaked)}
    return subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "mukti", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks(tmp_path: Path) -> None:
    result = run_mukti(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "MUKTI_ENV": "production",
            "MUKTI_VAR_DIR": str(tmp_path),
            "ALLOWED_HOSTS": "mukti.example.org",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_first_run_generates_its_secret_and_keys_into_var_readable_only_by_us(
    tmp_path: Path,
) -> None:
    result = run_mukti(
        "shell",
        "-c",
        "from mukti.core.crypto import encrypt; encrypt('x', context='t')",
        env={"MUKTI_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    for name in ("secret_key", "keys.json"):
        mode = stat.S_IMODE((tmp_path / name).stat().st_mode)
        assert mode == 0o600, (name, oct(mode))
    assert len((tmp_path / "secret_key").read_text()) >= 50
