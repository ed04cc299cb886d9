#!/usr/bin/env bash
# Complaint-to-acknowledgement latency with the worker running as a service (docs/benchmarks.md): starts a private mail
# stack (Dovecot with its default settings, Postfix), runs the worker against it over IMAP and SMTP, sends COUNT
# complaints one at a time through Postfix and prints p50, p95 and max seconds until each acknowledgement is delivered.
#   scripts/bench-latency.sh [COUNT=100]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d /tmp/bench-latency-XXXXXX)
trap 'scripts/mailstack.sh stop "$dir" >/dev/null; rm -rf "$dir"' EXIT
scripts/mailstack.sh start "$dir" >/dev/null
dotnet build -c Release src/MailComplaints.Worker -v q -nologo >/dev/null
dotnet build -c Release benchmarks/MailComplaints.Benchmarks -v q -nologo >/dev/null
dotnet benchmarks/MailComplaints.Benchmarks/bin/Release/net10.0/MailComplaints.Benchmarks.dll latency "$dir" \
  "$PWD/src/MailComplaints.Worker/bin/Release/net10.0/mailcomplaints.dll" "${1:-100}"
