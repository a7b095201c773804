# Services for the workbench tests, sourced by .ci/run (bash, set -euo pipefail, root, Debian).
#
# * headless Chromium + chromedriver (browser tests, marker "browser");
# * a private PostgreSQL 15 cluster on 127.0.0.1 (marker "postgres"): exports
#   INTERLANG_TEST_POSTGRES_URL when it is up.
#
# A failing step prints a WARNING and the run goes on: the tests that need the service then skip
# with a reason. Nothing here may abort the CI run.

_wb_warn() { echo "services.sh: WARNING: $*" >&2; }
_wb_note() { echo "services.sh: $*" >&2; }

_wb_apt() {
  # apt-get install only what is missing; apt-get update once.
  if [ -z "${_WB_APT_UPDATED:-}" ]; then
    apt-get update -qq >/dev/null 2>&1 || { _wb_warn "apt-get update failed"; return 1; }
    _WB_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1
}

_wb_chromium() {
  if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    _wb_note "chromium present: $(chromium --version 2>/dev/null || echo '?')"
    return 0
  fi
  _wb_note "installing chromium + chromium-driver"
  _wb_apt chromium chromium-driver || { _wb_warn "could not install chromium; browser tests will skip"; return 1; }
}

_wb_pg_bindir() {
  local dir
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

_wb_postgres() {
  local bindir port base data
  if ! bindir=$(_wb_pg_bindir); then
    _wb_note "installing postgresql"
    _wb_apt postgresql || { _wb_warn "could not install postgresql; postgres tests will skip"; return 1; }
    bindir=$(_wb_pg_bindir) || { _wb_warn "no initdb after installing postgresql"; return 1; }
  fi
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres \
    || { _wb_warn "no postgres user"; return 1; }
  # The first port from 55432 on where nothing listens (an earlier run's cluster may still be up).
  port=${INTERLANG_TEST_POSTGRES_PORT:-}
  if [ -z "$port" ]; then
    for candidate in $(seq 55432 55451); do
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
    done
  fi
  [ -n "$port" ] || { _wb_warn "no free port for PostgreSQL in 55432-55451"; return 1; }
  base=$(mktemp -d /tmp/interlang-pg.XXXXXX) || { _wb_warn "mktemp failed"; return 1; }
  data="$base/data"
  chown postgres "$base"
  # Trust on the private socket and loopback only: a throw-away cluster for the test run.
  su postgres -s /bin/sh -c "'$bindir/initdb' -D '$data' -U postgres -A trust -E UTF8 --locale=C.UTF-8" \
    >"$base/initdb.log" 2>&1 || { _wb_warn "initdb failed (see $base/initdb.log)"; return 1; }
  su postgres -s /bin/sh -c "'$bindir/pg_ctl' -D '$data' -l '$base/server.log' -w -t 60 \
    -o \"-p $port -k '$base' -c listen_addresses=127.0.0.1\" start" >/dev/null 2>&1 \
    || { _wb_warn "PostgreSQL did not start (see $base/server.log)"; return 1; }
  su postgres -s /bin/sh -c "psql -h '$base' -p $port -U postgres -v ON_ERROR_STOP=1 -q \
    -c \"CREATE ROLE interlang LOGIN PASSWORD 'interlang'\" -c 'CREATE DATABASE interlang_test OWNER interlang'" \
    >/dev/null 2>&1 || { _wb_warn "could not create the test role/database"; return 1; }
  export INTERLANG_TEST_POSTGRES_URL="postgresql://interlang:interlang@127.0.0.1:$port/interlang_test"
  _wb_note "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $data)"
}

_wb_chromium || true
_wb_postgres || true
if [ -z "${INTERLANG_TEST_POSTGRES_URL:-}" ]; then
  _wb_warn "INTERLANG_TEST_POSTGRES_URL is not set: the workbench PostgreSQL tests will be skipped"
fi
