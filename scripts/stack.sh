#!/usr/bin/env bash
# The production topology of deploy/ on loopback, for `make stack-test` and for trying it out.
#   scripts/stack.sh up               start everything, load the demo; prints where it answers
#   scripts/stack.sh down             stop what `up` started (by pid file) and remove its files
#   scripts/stack.sh stop|start SVC   one service, for the fault tests: postgres, redis, es1, es2,
#                                     gunicorn, worker, varnish, nginx, s3
#   scripts/stack.sh env              the stack's addresses as shell variables
#
# Every service listens on 127.0.0.1 on a port derived from STACK_PORT_BASE (default 18400):
#   +0 nginx HTTPS   +1 nginx HTTP   +2 Varnish   +3 Varnish admin   +4 gunicorn   +5 Redis
#   +6 PostgreSQL    +7/+8 Elasticsearch HTTP (node 1/2)   +9/+10 their transport   +11 S3 (moto)
# and keeps its files under /tmp/trm-stack-$STACK_PORT_BASE, so two stacks with different bases
# never touch each other. The configurations are deploy/'s, with ports and paths substituted.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

BASE="${STACK_PORT_BASE:-18400}"
ROOT="/tmp/trm-stack-$BASE"
PY="$REPO/.venv/bin/python"
HTTPS_PORT=$BASE HTTP_PORT=$((BASE + 1)) VARNISH_PORT=$((BASE + 2)) VARNISH_ADMIN_PORT=$((BASE + 3))
APP_PORT=$((BASE + 4)) REDIS_PORT=$((BASE + 5)) PG_PORT_STACK=$((BASE + 6))
ES1_PORT=$((BASE + 7)) ES2_PORT=$((BASE + 8)) ES1_TRANSPORT=$((BASE + 9)) ES2_TRANSPORT=$((BASE + 10))
S3_PORT=$((BASE + 11))
ES_HEAP="${ES_HEAP:-384m}"
GUNICORN_WORKERS="${GUNICORN_WORKERS:-3}"

log() { printf 'stack.sh: %s\n' "$*" >&2; }

# deploy/ template -> the stack's copy, placeholders (@@NAME@@) replaced by "NAME=value" arguments.
render() {
  local template=$1 target=$2
  shift 2
  "$PY" - "$template" "$target" "$@" <<'EOF'
import re, sys
template, target, *pairs = sys.argv[1:]
text = open(template).read()
for pair in pairs:
    name, value = pair.split("=", 1)
    text = text.replace(f"@@{name}@@", value)
body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
left = re.findall(r"@@[A-Z_]+@@", body)
if left:
    sys.exit(f"{template}: placeholders left unfilled: {' '.join(sorted(set(left)))}")
open(target, "w").write(text)
EOF
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Stop the process named by a pid file (TERM, then KILL after 20 s) and remove the file.
stop_pidfile() {
  local file=$1 name=$2 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    log "stopped $name ($pid)"
  fi
  rm -f "$file"
}

wait_for() {  # wait_for NAME SECONDS COMMAND...
  local name=$1 seconds=$2
  shift 2
  for _ in $(seq 1 $((seconds * 2))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  log "$name did not come up in ${seconds}s"
  return 1
}

app_env() {
  set -a
  # shellcheck disable=SC1091
  . "$ROOT/portal.env"
  set +a
}

manage() { (app_env && cd "$REPO" && "$PY" manage.py "$@"); }

es_node() {  # es_node start|stop N [--resume|--keep-data]
  local action=$1 n=$2 port transport
  if [ "$n" = 1 ]; then port=$ES1_PORT transport=$ES1_TRANSPORT; else port=$ES2_PORT transport=$ES2_TRANSPORT; fi
  ES_PORT=$port ES_RUN_DIR="$ROOT/es$n" ES_HEAP=$ES_HEAP ES_NODE_NAME="trm-$BASE-$n" ES_TRANSPORT_PORT=$transport \
    ES_CLUSTER_NAME="trm-stack-$BASE" ES_SEED_HOSTS="127.0.0.1:$ES1_TRANSPORT,127.0.0.1:$ES2_TRANSPORT" \
    ES_INITIAL_MASTER_NODES="trm-$BASE-1" scripts/elasticsearch.sh "$action" "${3:-}" >/dev/null
}

start_service() {
  case "$1" in
    postgres)
      if [ -f "$ROOT/pg.env" ]; then  # started before: the same cluster again, on its data (the restart fault)
        local bindir
        bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V -r | head -1)
        runuser -u postgres -- "$bindir/pg_ctl" -D "$ROOT/pg/data" -l "$ROOT/pg/server.log" -w -t 60 \
          -o "-c listen_addresses=127.0.0.1 -p $PG_PORT_STACK -k $ROOT/pg/socket" start >/dev/null
      else
        PG_PORT=$PG_PORT_STACK PG_DIR="$ROOT/pg" scripts/postgres.sh start >"$ROOT/pg.env"
      fi
      ;;
    redis)
      render deploy/redis/trm-portal.conf "$ROOT/redis/redis.conf" REDIS_PORT="$REDIS_PORT" REDIS_DIR="$ROOT/redis" \
        REDIS_DAEMONIZE=yes
      redis-server "$ROOT/redis/redis.conf"
      wait_for redis 10 redis-cli -p "$REDIS_PORT" ping
      ;;
    es1|es2)
      es_node start "${1#es}" --resume
      ;;
    s3)
      # exec: the pid recorded is the server's own, so `down` stops the server and nothing else.
      (cd "$ROOT/s3" && exec "$REPO/.venv/bin/moto_server" -H 127.0.0.1 -p "$S3_PORT" >"$ROOT/s3/moto.log" 2>&1) &
      echo $! >"$ROOT/s3/moto.pid"
      wait_for s3 30 curl -sf "http://127.0.0.1:$S3_PORT/"
      ;;
    gunicorn)
      (app_env && cd "$REPO" && GUNICORN_BIND="127.0.0.1:$APP_PORT" GUNICORN_WORKERS=$GUNICORN_WORKERS \
        GUNICORN_ERROR_LOG="$ROOT/logs/gunicorn.log" \
        .venv/bin/gunicorn -c deploy/gunicorn.conf.py --pid "$ROOT/gunicorn.pid" --daemon portal.wsgi:application)
      wait_for gunicorn 30 curl -sf -H "X-Forwarded-Proto: https" "http://127.0.0.1:$APP_PORT/healthz"
      ;;
    worker)
      (app_env && cd "$REPO" && exec "$PY" manage.py db_worker --interval 0.5 --no-startup-delay \
         >"$ROOT/logs/worker.log" 2>&1) &
      echo $! >"$ROOT/worker.pid"
      ;;
    varnish)
      render deploy/varnish/default.vcl "$ROOT/varnish/default.vcl" APP_HOST=127.0.0.1 APP_PORT="$APP_PORT" PURGE_ACL=
      [ -f "$ROOT/varnish/secret" ] || head -c 32 /dev/urandom | base64 >"$ROOT/varnish/secret"
      varnishd -a "127.0.0.1:$VARNISH_PORT" -T "127.0.0.1:$VARNISH_ADMIN_PORT" -S "$ROOT/varnish/secret" \
        -f "$ROOT/varnish/default.vcl" -n "$ROOT/varnish/work" -P "$ROOT/varnish/varnishd.pid" -s malloc,256m \
        -p default_grace=10 >"$ROOT/logs/varnish.log" 2>&1
      wait_for varnish 20 curl -s -o /dev/null "http://127.0.0.1:$VARNISH_PORT/healthz"
      ;;
    nginx)
      render deploy/nginx/trm-portal.conf "$ROOT/nginx/trm-portal.conf" CACHE_HOST=127.0.0.1 CACHE_PORT="$VARNISH_PORT" \
        HTTP_LISTEN="127.0.0.1:$HTTP_PORT" HTTPS_LISTEN="127.0.0.1:$HTTPS_PORT" HTTPS_PORT="$HTTPS_PORT" \
        SERVER_NAMES="bsr.localhost see.localhost tact.localhost localhost" TLS_CERT="$ROOT/tls/cert.pem" \
        TLS_KEY="$ROOT/tls/key.pem" STATIC_ROOT="$ROOT/static" MEDIA_ROOT="$ROOT/media" \
        NGINX_PROXY_PARAMS="$REPO/deploy/nginx/proxy-params.conf"
      # Debian's /etc/nginx/nginx.conf, reduced to what one site needs, with every path in $ROOT.
      cat >"$ROOT/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $ROOT/nginx/nginx.pid;
error_log $ROOT/logs/nginx-error.log;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    access_log off;
    client_body_temp_path $ROOT/nginx/body;
    proxy_temp_path $ROOT/nginx/proxy;
    fastcgi_temp_path $ROOT/nginx/fastcgi;
    uwsgi_temp_path $ROOT/nginx/uwsgi;
    scgi_temp_path $ROOT/nginx/scgi;
    include $ROOT/nginx/trm-portal.conf;
}
EOF
      nginx -e "$ROOT/logs/nginx-error.log" -c "$ROOT/nginx/nginx.conf"
      wait_for nginx 10 curl -sk -o /dev/null "https://127.0.0.1:$HTTPS_PORT/healthz"
      ;;
    *) log "unknown service $1"; return 2 ;;
  esac
}

stop_service() {
  case "$1" in
    postgres)
      local bindir
      bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V -r | head -1)
      [ -f "$ROOT/pg/data/postmaster.pid" ] && runuser -u postgres -- "$bindir/pg_ctl" -D "$ROOT/pg/data" -m fast -w stop >/dev/null
      ;;
    redis) stop_pidfile "$ROOT/redis/redis.pid" redis ;;
    es1|es2) es_node stop "${1#es}" --keep-data ;;
    s3) stop_pidfile "$ROOT/s3/moto.pid" s3 ;;
    gunicorn) stop_pidfile "$ROOT/gunicorn.pid" gunicorn ;;
    worker) stop_pidfile "$ROOT/worker.pid" worker ;;
    varnish) stop_pidfile "$ROOT/varnish/varnishd.pid" varnish ;;
    nginx) stop_pidfile "$ROOT/nginx/nginx.pid" nginx ;;
    *) log "unknown service $1"; return 2 ;;
  esac
}

write_env() {
  local database_url
  database_url=$(sed -n 's/^export DATABASE_URL=//p' "$ROOT/pg.env")
  cat >"$ROOT/portal.env" <<EOF
DJANGO_SETTINGS_MODULE=portal.settings.production
SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')stack-only-secret-key
ALLOWED_HOSTS=bsr.localhost,see.localhost,tact.localhost,localhost,127.0.0.1
WAGTAILADMIN_BASE_URL=https://bsr.localhost:$HTTPS_PORT
DATABASE_URL=$database_url
DATABASE_CONN_MAX_AGE=60
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
ELASTICSEARCH_URL=http://127.0.0.1:$ES1_PORT,http://127.0.0.1:$ES2_PORT
ELASTICSEARCH_REPLICAS=1
ELASTICSEARCH_BASIC_ANALYSIS=1
ELASTICSEARCH_INDEX_PREFIX=trm
# Index creation with a replica on a busy two-core machine can take longer than the default 5 s.
ELASTICSEARCH_TIMEOUT=30
FRONTEND_CACHE_URL=http://127.0.0.1:$VARNISH_PORT
S3_BUCKET=trm-portal-media
S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
S3_REGION=us-east-1
S3_ACCESS_KEY_ID=stack
S3_SECRET_ACCESS_KEY=stack
STATIC_ROOT=$ROOT/static
MEDIA_ROOT=$ROOT/media
SECURE_HSTS_SECONDS=0
LOG_LEVEL=WARNING
EOF
}

up() {
  trap 'log "up failed; the logs are in $ROOT/logs (scripts/stack.sh down cleans up)"' ERR
  if [ -f "$ROOT/up.done" ]; then log "a stack already runs on base $BASE ($ROOT); scripts/stack.sh down first"; exit 1; fi
  scripts/stack-deps.sh
  mkdir -p "$ROOT"/{redis,varnish,nginx,tls,static,media,s3,logs,backups}
  chmod 755 "$ROOT"
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=bsr.localhost" \
    -addext "subjectAltName=DNS:bsr.localhost,DNS:see.localhost,DNS:tact.localhost,DNS:localhost,IP:127.0.0.1" \
    -keyout "$ROOT/tls/key.pem" -out "$ROOT/tls/cert.pem" 2>/dev/null

  log "PostgreSQL, Redis, S3 and two Elasticsearch nodes"
  start_service postgres
  start_service redis
  start_service s3
  es_node start 1
  es_node start 2
  write_env
  (app_env && "$PY" - <<'EOF'
import os, boto3
boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], region_name=os.environ["S3_REGION"],
             aws_access_key_id="stack", aws_secret_access_key="stack").create_bucket(Bucket=os.environ["S3_BUCKET"])
EOF
  )

  log "migrate, static files, the demo, search indexes"
  (cd "$REPO" && "$PY" scripts/compile_messages.py >/dev/null)
  manage migrate --noinput >"$ROOT/logs/migrate.log"
  manage update_translation_fields >>"$ROOT/logs/migrate.log"
  manage collectstatic --noinput >"$ROOT/logs/collectstatic.log"
  manage load_demo >"$ROOT/logs/demo.log" 2>&1
  manage rebuild_search_index >"$ROOT/logs/search.log" 2>&1

  log "gunicorn, the task worker, Varnish, nginx"
  start_service gunicorn
  start_service worker
  start_service varnish
  start_service nginx
  touch "$ROOT/up.done"
  log "up: https://bsr.localhost:$HTTPS_PORT/ (resolve *.localhost to 127.0.0.1; the certificate is self-signed)"
  show_env
}

down() {
  for service in nginx varnish worker gunicorn s3 redis; do stop_service "$service" || true; done
  for n in 1 2; do es_node stop "$n" || true; done
  PG_PORT=$PG_PORT_STACK PG_DIR="$ROOT/pg" scripts/postgres.sh stop || true
  rm -rf "$ROOT"
  log "down: base $BASE"
}

show_env() {
  cat <<EOF
STACK_ROOT=$ROOT
STACK_URL=https://127.0.0.1:$HTTPS_PORT
STACK_STATIC_HTTP=https://127.0.0.1:$HTTPS_PORT
STACK_CACHE_URL=http://127.0.0.1:$VARNISH_PORT
STACK_APP_URL=http://127.0.0.1:$APP_PORT
STACK_REDIS_PORT=$REDIS_PORT
STACK_ES_URLS=http://127.0.0.1:$ES1_PORT,http://127.0.0.1:$ES2_PORT
EOF
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  start) start_service "${2:?service}" ;;
  stop) stop_service "${2:?service}" ;;
  env) show_env ;;
  *) echo "usage: $0 up|down|env|start SERVICE|stop SERVICE" >&2; exit 2 ;;
esac
