#!/usr/bin/env bash
# A national organisation's register (see docs/benchmarks.md, "The register at scale"): fills a SQLite database and a
# private PostgreSQL with open cases (received in the last thirteen weeks, with their deadlines) and closed cases over
# three years, then, in a fresh process for each, times the daily deadline sweep, the annual report and the retention
# purge and prints that process's peak memory after each.
#   scripts/bench-register.sh [OPEN_CASES=100000] [CLOSED_CASES=100000]
set -euo pipefail
cd "$(dirname "$0")/.."
open=${1:-100000}
closed=${2:-100000}
if [[ -d /dev/shm && -w /dev/shm ]]; then dir=$(mktemp -d /dev/shm/bench-register-XXXXXX); else dir=$(mktemp -d /tmp/bench-register-XXXXXX); fi
pg=$(mktemp -d /tmp/bench-register-pg-XXXXXX)
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
runas=(); [[ $(id -u) -eq 0 ]] && { chown postgres "$pg"; runas=(runuser -u postgres --); }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
trap '"${runas[@]}" "$pgbin/pg_ctl" -D "$pg/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir" "$pg"' EXIT

"${runas[@]}" "$pgbin/initdb" -D "$pg/data" -U postgres -A trust --no-sync >/dev/null
"${runas[@]}" "$pgbin/pg_ctl" -D "$pg/data" -l "$pg/log" -w -o "-p $port -k $pg -c listen_addresses=127.0.0.1" start >/dev/null
dotnet build -c Release benchmarks/MailComplaints.Benchmarks -v q -nologo >/dev/null
bench() { dotnet benchmarks/MailComplaints.Benchmarks/bin/Release/net10.0/MailComplaints.Benchmarks.dll register "$@"; }

postgresql="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"

bench fill sqlite "$dir/register.db" "$open" "$closed"
bench run sqlite "$dir/register.db"
bench fill postgresql "$postgresql" "$open" "$closed"
bench run postgresql "$postgresql"
