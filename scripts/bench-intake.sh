#!/usr/bin/env bash
# The intake end to end (see docs/benchmarks.md, "Intake end to end"): starts a private mail stack and a private
# PostgreSQL, fills six Dovecot mailboxes with complaint-like messages, measures the bare fetch + parse rate of MailKit and MimeKit
# on the first, then polls of the whole intake (fetch, parse, classify, register, queue the acknowledgement,
# move) on SQLite and on PostgreSQL, and prints the ratios. As the fetch + parse figure is the best of three runs after
# a warm-up, each intake figure is the best of three polls, each of its own mailbox, in one process: that process first
# polls two warm-up mailboxes of other messages (a quarter as many each) into the same database, letting the compiler
# settle after each, then makes 80 small polls of 5 new messages each, as a running worker does all day: the worker is
# a long-running process, and its JIT needs that long to reach optimised code. All three polls are printed.
#   scripts/bench-intake.sh [MESSAGES=10000]
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-10000}
if [[ -d /dev/shm && -w /dev/shm ]]; then dir=$(mktemp -d /dev/shm/bench-intake-XXXXXX); else dir=$(mktemp -d /tmp/bench-intake-XXXXXX); fi
pg=$(mktemp -d /tmp/bench-intake-pg-XXXXXX)
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
runas=(); [[ $(id -u) -eq 0 ]] && { chown postgres "$pg"; runas=(runuser -u postgres --); }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
trap 'scripts/mailstack.sh stop "$dir" >/dev/null; "${runas[@]}" "$pgbin/pg_ctl" -D "$pg/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir" "$pg"' EXIT

scripts/mailstack.sh start "$dir" >/dev/null
"${runas[@]}" "$pgbin/initdb" -D "$pg/data" -U postgres -A trust --no-sync >/dev/null
"${runas[@]}" "$pgbin/pg_ctl" -D "$pg/data" -l "$pg/log" -w -o "-p $port -k $pg -c listen_addresses=127.0.0.1" start >/dev/null
dotnet build -c Release benchmarks/MailComplaints.Benchmarks -v q -nologo >/dev/null
bench() { dotnet benchmarks/MailComplaints.Benchmarks/bin/Release/net10.0/MailComplaints.Benchmarks.dll intake "$@"; }

echo "populating six mailboxes with $messages messages each, and four warm-up mailboxes..." >&2
# The second and third measured mailboxes of each database hold other messages (numbered from 4,000,000 and 5,000,000):
# copies of the first one's would be recognised as already processed.
for n in 1 2; do
  bench populate "$dir" intake${n}a@localhost "$messages"
  bench populate "$dir" intake${n}b@localhost "$messages" 4000000
  bench populate "$dir" intake${n}c@localhost "$messages" 5000000
done
for warmup in warmup1a warmup2a; do bench populate "$dir" $warmup@localhost $((messages / 4)) 1000000; done
for warmup in warmup1b warmup2b; do bench populate "$dir" $warmup@localhost $((messages / 4)) 2000000; done
results=$(mktemp)
{
  bench fetch "$dir" intake1a@localhost
  bench run "$dir" intake1a@localhost,intake1b@localhost,intake1c@localhost sqlite "$dir/complaints.db" warmup1a@localhost,warmup1b@localhost
  bench run "$dir" intake2a@localhost,intake2b@localhost,intake2c@localhost postgresql "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" warmup2a@localhost,warmup2b@localhost
} | tee "$results"
awk -F= '/_per_second=/ { rate[$1] = $2 }
  END {
    printf "\nintake on SQLite:     %d complaints/s = %.0f%% of fetch+parse (%d/s); target >= 2000/s and >= 15%%\n", rate["intake_sqlite_per_second"], 100 * rate["intake_sqlite_per_second"] / rate["intake_fetch_parse_per_second"], rate["intake_fetch_parse_per_second"]
    printf "intake on PostgreSQL: %d complaints/s = %.0f%% of fetch+parse\n", rate["intake_postgresql_per_second"], 100 * rate["intake_postgresql_per_second"] / rate["intake_fetch_parse_per_second"]
  }' "$results"
rm -f "$results"
