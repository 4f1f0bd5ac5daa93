#!/usr/bin/env bash
# postgres.sh starts a throwaway PostgreSQL cluster for kin's store tests.
#
#   eval "$(bash .ci/postgres.sh start)"   # prints export KIN_POSTGRES_DSN=… and KIN_POSTGRES_DIR=…
#   go test ./postgres/...
#   bash .ci/postgres.sh stop "$KIN_POSTGRES_DIR"
#
# Run with no argument (or "run CMD…") it starts the cluster, runs CMD (by
# default the postgres and cmd/kin tests) with KIN_POSTGRES_DSN set, and
# stops the cluster at exit whatever happens.
#
# It installs Debian's postgresql package when initdb is missing, runs the
# server as the unprivileged "postgres" user when started as root (initdb
# refuses root), in a temporary directory, on a free port, listening only on
# a Unix socket in that directory and on 127.0.0.1.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

find_bin() {
	local name=$1 p
	if p=$(command -v "$name" 2>/dev/null); then echo "$p"; return; fi
	for p in /usr/lib/postgresql/*/bin/"$name"; do
		[ -x "$p" ] && { echo "$p"; return; }
	done
	return 1
}

install() {
	if find_bin initdb >/dev/null; then return; fi
	log "installing postgresql"
	if ! apt-get install -y postgresql >&2; then
		apt-get update >&2
		apt-get install -y postgresql >&2
	fi
}

free_port() {
	local port
	for port in $(seq 54320 54420); do
		if ! (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "$port"; return; fi
	done
	log "no free port"; return 1
}

as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

start() {
	install
	local initdb pg_ctl dir port
	initdb=$(find_bin initdb)
	pg_ctl=$(find_bin pg_ctl)
	dir=$(mktemp -d /tmp/kin-postgres.XXXXXX)
	chmod 755 "$dir"
	if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
	port=$(free_port)
	as_owner "$initdb" -D "$dir/data" -U kin --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; return 1; }
	as_owner "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
		-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >&2 ||
		{ cat "$dir/server.log" >&2; return 1; }
	as_owner "$(find_bin createdb)" -h "$dir" -p "$port" -U kin kin >&2
	echo "export KIN_POSTGRES_DSN='postgres://kin@127.0.0.1:$port/kin?sslmode=disable'"
	echo "export KIN_POSTGRES_DIR='$dir'"
}

stop() {
	local dir=${1:-${KIN_POSTGRES_DIR:-}}
	[ -n "$dir" ] && [ -d "$dir/data" ] || { log "no cluster to stop"; return 0; }
	as_owner "$(find_bin pg_ctl)" -D "$dir/data" -m immediate -w stop >&2 || true
	rm -rf "$dir"
}

case "${1:-run}" in
start) start ;;
stop) stop "${2:-}" ;;
run)
	shift || true
	env=$(start)
	eval "$env"
	trap 'stop "$KIN_POSTGRES_DIR"' EXIT
	if [ $# -eq 0 ]; then
		set -- go test ./postgres/... ./cmd/kin/...
	fi
	"$@"
	;;
*) log "usage: postgres.sh [start | stop DIR | run [CMD…]]"; exit 2 ;;
esac
