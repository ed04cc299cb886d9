#!/usr/bin/env bash
# The reading path against bare MimeKit in one run (docs/benchmarks.md), then the memory of one 50 MB complaint.
# Usage: scripts/bench-reading.sh [BenchmarkDotNet job, default: short]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project benchmarks/MailComplaints.Benchmarks -- \
  --filter '*ReadingBenchmarks*' --job "${1:-short}" > /tmp/bench-reading.log
grep -E "^\| *(Method|'?MimeKit|'?ours)" /tmp/bench-reading.log || tail -30 /tmp/bench-reading.log
dotnet run -c Release --project benchmarks/MailComplaints.Benchmarks -- large-message 50
