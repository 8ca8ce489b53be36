"""scripts/demo.sh points PUBLIC_BASE_URL at the server it starts: run on another ADDR, the
published pages' links, the ClaimReview url and the feeds went to :8000, where nothing answered."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.conftest import REPO

SCRIPT = (REPO / "scripts" / "demo.sh").read_text()


def _base_url(env: dict[str, str]) -> str:
    start = SCRIPT.index("ADDR=${ADDR:-")
    end = SCRIPT.index("# end of PUBLIC_BASE_URL")
    snippet = SCRIPT[start:end] + '\necho "$PUBLIC_BASE_URL"\n'
    out = subprocess.run(["bash", "-euo", "pipefail", "-c", snippet], env={"PATH": "/usr/bin:/bin", **env},
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


@pytest.mark.parametrize("env, expected", [
    ({}, "http://127.0.0.1:8000"),
    ({"ADDR": "127.0.0.1:8766"}, "http://127.0.0.1:8766"),
    ({"ADDR": "0.0.0.0:9000"}, "http://localhost:9000"),
    ({"ADDR": "8123"}, "http://127.0.0.1:8123"),
    ({"ADDR": "127.0.0.1:8766", "PUBLIC_BASE_URL": "https://checks.example.org"}, "https://checks.example.org"),
])
def test_demo_public_base_url_follows_addr(env, expected):
    assert _base_url(env) == expected


def test_it_is_set_before_the_server_starts():
    assert re.search(r"export PUBLIC_BASE_URL=.*\n(.*\n)*exec .*runserver", SCRIPT)
