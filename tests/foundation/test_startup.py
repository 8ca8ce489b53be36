"""Process start-up: what a web process or a management command pays before its first request or document.

The URLconf imports every view; scipy and scikit-learn (about a second together) are imported only where they
compute (a MinHash signature, a kappa), not by loading the URLs. ``manage.py extract`` skips the system checks
(they import the URLconf): a corpus scored one process per document paid them for every document.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_loading_the_urlconf_imports_neither_scikit_learn_nor_datasketch():
    r = _run("import sys, django; django.setup(); import factcheck.urls; "
             "print(sorted(m for m in ('sklearn', 'datasketch', 'scipy.stats') if m in sys.modules))")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_extract_command_runs_without_importing_the_urlconf(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("The council cut the budget by 4% on Monday, the mayor said.\n", encoding="utf-8")
    r = _run("import sys, django; django.setup(); from django.core.management import call_command; "
             f"call_command('extract', {str(doc)!r}, '--published', '2024-05-14', '--format', 'json'); "
             "print('URLS', 'factcheck.urls' in sys.modules, file=sys.stderr)")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)[0]["attributed"] is True
    assert "URLS False" in r.stderr
