#!/usr/bin/env bash
# The IMAP and SMTP client benchmarks in one run (see docs/benchmarks.md, "IMAP and SMTP clients"):
# starts a private mail stack, fills a mailbox with complaint-like messages, measures our client, Python's
# imaplib + email and the raw socket rate for fetching, then our client and smtplib for sending, and prints ratios.
#   scripts/bench-net.sh [MESSAGES=10000] [ACKS=2000]
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-10000}
acks=${2:-2000}
# On tmpfs when there is one: the servers' fsync per message would otherwise be what is measured, not the clients.
if [[ -d /dev/shm && -w /dev/shm ]]; then dir=$(mktemp -d /dev/shm/bench-net-XXXXXX); else dir=$(mktemp -d /tmp/bench-net-XXXXXX); fi
sink_pid=
trap 'scripts/mailstack.sh stop "$dir" >/dev/null; [[ -z $sink_pid ]] || kill "$sink_pid"; rm -rf "$dir"' EXIT

scripts/mailstack.sh start "$dir" >/dev/null
build_log=$(mktemp)
dotnet build -c Release benchmarks/MailComplaints.Benchmarks -v q -nologo >"$build_log" 2>&1 || { cat "$build_log" >&2; exit 1; }
rm -f "$build_log"
bench() { dotnet benchmarks/MailComplaints.Benchmarks/bin/Release/net10.0/MailComplaints.Benchmarks.dll net "$@"; }

echo "populating bench@localhost with $messages messages..." >&2
bench populate "$dir" "$messages"
results=$(mktemp)
{
  bench imap "$dir"
  bench raw "$dir" "$messages"
  python3 benchmarks/python/imap_reference.py "$dir"
  bench smtp "$dir" "$acks"
  python3 benchmarks/python/smtp_reference.py "$dir" "$acks"
  # The same sends against a sink that answers at once: what each client itself costs, without Postfix's work.
  python3 benchmarks/python/smtp_sink.py "$dir/sink.port" & sink_pid=$!
  for _ in $(seq 50); do [[ -s $dir/sink.port ]] && break; sleep 0.1; done
  bench smtp-sink "$(cat "$dir/sink.port")" "$acks"
  python3 benchmarks/python/smtp_reference.py --port "$(cat "$dir/sink.port")" "$acks"
  kill "$sink_pid"; sink_pid=
} | tee "$results"

python3 - "$results" <<'PY'
import sys
values = dict(line.strip().split("=", 1) for line in open(sys.argv[1]) if "=" in line)
get = lambda key: float(values[key])
print()
print("| measurement | messages/s | ratio | target |")
print("|---|---:|---:|---|")
print(f"| IMAP fetch + read, our client | {get('imap_ours_per_second'):.0f} | | |")
print(f"| IMAP fetch + parse, Python imaplib + email | {get('imap_python_per_second'):.0f} | ours / Python = {get('imap_ours_per_second') / get('imap_python_per_second'):.1f}x | >= 8x |")
print(f"| IMAP raw socket, bytes discarded | {get('imap_raw_per_second'):.0f} | ours / raw = {100 * get('imap_ours_per_second') / get('imap_raw_per_second'):.0f}% | >= 25% |")
print(f"| SMTP send, our client | {get('smtp_ours_per_second'):.0f} | | |")
print(f"| SMTP send, Python smtplib | {get('smtp_python_per_second'):.0f} | ours / Python = {get('smtp_ours_per_second') / get('smtp_python_per_second'):.1f}x | >= 2x |")
print(f"| SMTP send to an instant sink, our client | {get('sink_ours_per_second'):.0f} | | |")
print(f"| SMTP send to an instant sink, Python smtplib | {get('sink_python_per_second'):.0f} | ours / Python = {get('sink_ours_per_second') / get('sink_python_per_second'):.1f}x | (client cost only) |")
PY
rm -f "$results"
