# A throwaway PostgreSQL server for the PostgreSQL ledger tests. Sourced by .ci/run; also usable by hand:
#
#   source .ci/postgres.sh && postgres_start     # exports RECOUP_TEST_POSTGRESQL
#   dotnet test ... ; postgres_stop
#
# Installs Debian's postgresql package when no server binaries are found (apt-get), creates a cluster in a new temp
# folder (initdb runs as the postgres user: CI runs as root, and the server refuses to), starts it on 127.0.0.1 on a
# free port with a random superuser password, and exports the connection string in RECOUP_TEST_POSTGRESQL. The tests
# create a database of their own per fixture and drop it afterwards. postgres_stop stops the server and deletes the
# folder; .ci/run calls it from its EXIT trap, so a failed build or test run stops it too.
#
# fsync stays on (the kill tests check what survives a killed client, and a server that lies about durability would
# make them prove less). What the tuning changes is only what a throwaway needs: no replication (wal_level=minimal),
# fewer checkpoints (max_wal_size), a little more shared memory for the benchmark's 100,000-claim ledgers.

postgres_bin=""
postgres_dir=""

postgres_find_bin() {
  local candidate
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" && -x "$candidate/postgres" ]]; then
      postgres_bin="$candidate"
      return 0
    fi
  done
  return 1
}

postgres_install() {
  if postgres_find_bin; then return 0; fi
  echo "::: installing Debian's postgresql (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # The package's own cluster is not used: a policy-rc.d that denies service starts keeps it from being started.
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy" && added_policy=1
  fi
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null || { [[ $added_policy -eq 1 ]] && rm -f "$policy"; return 1; }
  [[ $added_policy -eq 1 ]] && rm -f "$policy"
  postgres_find_bin || { echo "postgresql installed, but no initdb under /usr/lib/postgresql/*/bin" >&2; return 1; }
}

# Prints a TCP port on 127.0.0.1 that nothing listens on (a start that still loses a race is retried by the caller).
postgres_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

postgres_start() {
  postgres_install
  postgres_dir="$(mktemp -d /tmp/recoup-postgres.XXXXXX)"
  chmod 755 "$postgres_dir"
  mkdir -p "$postgres_dir/data" "$postgres_dir/socket"
  local password
  password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  printf '%s\n' "$password" > "$postgres_dir/pwfile"
  chown -R postgres:postgres "$postgres_dir"
  chmod 600 "$postgres_dir/pwfile"

  # Local socket: trust (only for the script itself); TCP: SCRAM with the password, as a real server would ask.
  runuser -u postgres -- "$postgres_bin/initdb" -D "$postgres_dir/data" -U postgres --pwfile="$postgres_dir/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$postgres_dir/initdb.log" 2>&1 \
    || { cat "$postgres_dir/initdb.log" >&2; return 1; }
  rm -f "$postgres_dir/pwfile"

  local port started=0
  for _ in 1 2 3 4 5; do
    port="$(postgres_free_port)"
    if runuser -u postgres -- "$postgres_bin/pg_ctl" -D "$postgres_dir/data" -l "$postgres_dir/server.log" -w -t 60 start -o \
      "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$postgres_dir/socket -c max_connections=200 \
       -c shared_buffers=256MB -c wal_level=minimal -c max_wal_senders=0 -c max_wal_size=2GB -c fsync=on \
       -c log_min_messages=warning" >/dev/null; then
      started=1
      break
    fi
  done
  if [[ $started -ne 1 ]]; then
    echo "PostgreSQL did not start:" >&2
    cat "$postgres_dir/server.log" >&2 || true
    return 1
  fi
  export RECOUP_TEST_POSTGRESQL="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres"
  echo "::: PostgreSQL $("$postgres_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (cluster in $postgres_dir)"
}

postgres_stop() {
  if [[ -n "$postgres_dir" && -d "$postgres_dir/data" ]]; then
    runuser -u postgres -- "$postgres_bin/pg_ctl" -D "$postgres_dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    rm -rf "$postgres_dir"
  fi
  postgres_dir=""
}
