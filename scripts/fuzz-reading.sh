#!/usr/bin/env bash
# Mutation fuzzing of the reading path (MimeKit's parser and our text, attachment and machine-mail rules) over the
# shared corpus; see docs/fuzzing.md. Failing inputs are written to $TMPDIR/reading-fuzz-<seed>-<number>.eml.
#   scripts/fuzz-reading.sh [ITERATIONS=1000000] [SEED=1]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release benchmarks/MailComplaints.Benchmarks -v q -nologo >/dev/null
dotnet benchmarks/MailComplaints.Benchmarks/bin/Release/net10.0/MailComplaints.Benchmarks.dll fuzz "${1:-1000000}" "${2:-1}"
