#!/usr/bin/env bash
# Command 2 of the README: set up and run the whole test suite.
#   pass 1: SQLite, Celery eager (the embedded default): every test not tied to a service
#   pass 2: PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379: every test that touches the
#           database or a service, with real Celery worker processes and headless chromium (the tests
#           that touch neither ran in pass 1 and cannot differ; FC_DATABASE_TESTS_ONLY in tests/conftest.py)
# Under CI=true an unreachable PostgreSQL/Redis or a missing browser fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --dev || exit 1
# The lookup's sentence encoder (tests of the semantic lookup fail under CI=true without it).
bash scripts/build_embedding_model.sh || echo "!! could not build the embedding model; the lookup is lexical only"
if [ ! -x /usr/bin/chromium ]; then
  echo "==> installing Debian's chromium for the browser tests"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  ($SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null) \
    || echo "!! could not install chromium; browser tests will fail under CI=true"
fi
export PATH="$PWD/.venv/bin:$PATH" DJANGO_SETTINGS_MODULE=factcheck.settings
unset DATABASE_URL REDIS_URL CELERY_BROKER_URL
PG_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/factcheck}
export TEST_REDIS_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
mkdir -p test-artifacts && rm -f test-artifacts/pass*.xml
status=0

echo "==> ruff"
ruff check . || status=1

echo "==> lint-imports (the app layering in .importlinter)"
lint-imports || status=1

echo "==> pass 1: SQLite (embedded default)"
# Pass 1 touches no shared service, so its tests run in parallel, one pytest-xdist process per core
# (each with its own SQLite test database); FC_TEST_PROCS=0 runs them in one process.
procs=${FC_TEST_PROCS:-$(python -c "import os; print(min(len(os.sched_getaffinity(0)), 4))")}
xdist=(); [ "$procs" -gt 1 ] && xdist=(-n "$procs")
pytest -m "not postgres and not celery and not browser" -p no:cacheprovider "${xdist[@]}" \
  --junitxml=test-artifacts/pass1-sqlite.xml "$@"
rc=$?; [ $rc -eq 0 ] || status=1

pg_up=0
python - "$PG_URL" <<'PY' && pg_up=1
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL unreachable: {exc}"); sys.exit(1)
PY
if [ $pg_up = 1 ]; then
  echo "==> pass 2: PostgreSQL + Redis + Celery worker"
  DATABASE_URL=$PG_URL FC_DATABASE_TESTS_ONLY=1 pytest -p no:cacheprovider --junitxml=test-artifacts/pass2-postgres.xml "$@"
  rc=$?; [ $rc -eq 0 ] || status=1
elif [ "${CI:-}" = "true" ]; then
  echo "!! CI=true and PostgreSQL is unreachable: failing"; status=1
else
  echo "!! PostgreSQL unreachable: pass 2 not run (it is required under CI=true)"
fi
[ $status = 0 ] && echo "==> all test passes green" || echo "==> FAILED"
# One closing line over both passes, in the plain 'N passed, N failed' form.
python - <<'PY'
import glob, xml.etree.ElementTree as ET
t = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for path in glob.glob("test-artifacts/pass*.xml"):
    for suite in ET.parse(path).getroot().iter("testsuite"):
        for k in t:
            t[k] += int(suite.get(k, 0))
failed = t["failures"] + t["errors"]
print(f"total: {t['tests'] - failed - t['skipped']} passed, {failed} failed, {t['skipped']} skipped")
PY
exit $status
