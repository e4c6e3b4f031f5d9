#!/usr/bin/env bash
# Load on loopback: gunicorn with several workers, wrk at 50 and 200 connections for 60 s
# over a mix of public pages, then a burst of 500 suppliers submitting in the last minute.
# Prints throughput, p50/p95/p99, errors (must be 0) and the memory (RSS) of each worker.
#
#   bench/load.sh [DATABASE_URL]      (default: the SQLite file bench generate filled)
#
# Environment: WORKERS (4), DURATION (60s), PORT (18080), SUPPLIERS (500).
# Everything listens on 127.0.0.1 only and stops when the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."

DATABASE_URL=${1:-${DATABASE_URL:-sqlite:///$PWD/instance/bench.sqlite}}
WORKERS=${WORKERS:-4}
DURATION=${DURATION:-60s}
PORT=${PORT:-18080}
SUPPLIERS=${SUPPLIERS:-500}
BASE=http://127.0.0.1:$PORT
PY=.venv/bin/python
SCRATCH=$(mktemp -d /tmp/arena-load.XXXXXX)
GUNICORN_PID=""

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }

stop() {
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID"
    wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  rm -rf "$SCRATCH"
}
trap stop EXIT INT TERM

worker_rss() {  # "pid:MB pid:MB ..." for gunicorn's workers
  ps -o pid=,rss= --ppid "$GUNICORN_PID" | awk '{printf "%s:%.0fMB ", $1, $2/1024}'
}

echo "== $(date -u +%FT%TZ) load on $(nproc) cores, $WORKERS workers, $DATABASE_URL"
$PY bench/loadkit.py mix --database-url "$DATABASE_URL" --out "$SCRATCH/mix.lua"

# Rate limits stay on, but one loopback address stands for every user here.
env DATABASE_URL="$DATABASE_URL" ARENA_ENV=development SECRET_KEY=load-test-secret-key-0123456789abcdef \
    MAIL_TRANSPORT=file MAIL_FOLDER="$SCRATCH/mail" LOGIN_LIMIT_PER_ADDRESS="100000 per minute" \
    .venv/bin/gunicorn --workers "$WORKERS" --bind "127.0.0.1:$PORT" --backlog 2048 \
    --timeout 120 --access-logfile /dev/null --error-logfile "$SCRATCH/gunicorn.log" wsgi:app &
GUNICORN_PID=$!
for _ in $(seq 1 100); do
  curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
  sleep 0.3
done
curl -fsS "$BASE/healthz" >/dev/null || { cat "$SCRATCH/gunicorn.log"; exit 1; }
wrk -t2 -c20 -d5s --timeout 30s -s "$SCRATCH/mix.lua" "$BASE" >/dev/null  # warm the workers

for CONNECTIONS in 50 200; do
  echo "-- wrk: $CONNECTIONS connections for $DURATION over $(grep -o '"/' "$SCRATCH/mix.lua" | wc -l) paths"
  timeout 300 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 30s -s "$SCRATCH/mix.lua" "$BASE" \
    | tail -1
  echo "   worker RSS: $(worker_rss)"
done

echo "-- burst: $SUPPLIERS suppliers submitting in the last minute before a deadline"
timeout 900 $PY bench/loadkit.py burst --database-url "$DATABASE_URL" --base-url "$BASE" \
  --suppliers "$SUPPLIERS" --threads 50
echo "   worker RSS: $(worker_rss)"
if grep -q "Traceback\|\[ERROR\]" "$SCRATCH/gunicorn.log"; then
  echo "server errors logged:" && grep -A3 "Traceback\|\[ERROR\]" "$SCRATCH/gunicorn.log" | head -40
  exit 1
fi
