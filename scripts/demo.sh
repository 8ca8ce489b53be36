#!/usr/bin/env bash
# Command 1 of the README: set everything up and serve the web UI.
# Embedded defaults (SQLite, eager Celery) unless DATABASE_URL / REDIS_URL are set.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
bash scripts/build_embedding_model.sh || echo "!! no embedding model: the lookup API is lexical only"
export DJANGO_SETTINGS_MODULE=factcheck.settings DEBUG=${DEBUG:-false}  # true shows Django's debug pages (URL list on 404)
PY=.venv/bin/python
echo "==> migrating the database"
$PY manage.py migrate --noinput
echo "==> loading seeds/ and extracting claims"
$PY manage.py load_seeds
$PY manage.py index_lookup
REVIEWER_PASSWORD=${DEMO_REVIEWER_PASSWORD:-review-demo-2026}
EDITOR_PASSWORD=${DEMO_EDITOR_PASSWORD:-edit-demo-2026}
$PY manage.py add_user reviewer --role reviewer --password "$REVIEWER_PASSWORD"
$PY manage.py add_user editor --role editor --password "$EDITOR_PASSWORD"
ADDR=${ADDR:-127.0.0.1:8000}
# Public verdict pages, ClaimReview "url" and the feeds link to PUBLIC_BASE_URL: point it at this
# server (on another ADDR they linked to :8000, where nothing answers).
case $ADDR in *:*) demo_host=${ADDR%:*} demo_port=${ADDR##*:} ;; *) demo_host=127.0.0.1 demo_port=$ADDR ;; esac
case $demo_host in 0.0.0.0|"") demo_host=localhost ;; esac
export PUBLIC_BASE_URL=${PUBLIC_BASE_URL:-http://$demo_host:$demo_port}  # end of PUBLIC_BASE_URL
cat <<MSG

  Factcheck workbench is starting on http://$ADDR/
    reviewer login: reviewer / $REVIEWER_PASSWORD
    editor login:   editor / $EDITOR_PASSWORD
  API docs: http://$ADDR/api/docs/   Health: http://$ADDR/health/
  (Demo passwords: set DEMO_REVIEWER_PASSWORD / DEMO_EDITOR_PASSWORD to choose others.)

MSG
exec $PY manage.py runserver "$ADDR"
