#!/usr/bin/env bash
# Long mutation-fuzz run of the MIME parser over the shared corpus (the suite runs a bounded 400 iterations).
# Usage: scripts/fuzz-mime.sh [iterations] [seed]    e.g. scripts/fuzz-mime.sh 50000 $RANDOM
# A failing input is saved to $TMPDIR/mime-fuzz-<seed>-<iteration>.eml and named in the test output.
set -euo pipefail
cd "$(dirname "$0")/.."
export MIME_FUZZ_ITERATIONS="${1:-20000}"
export MIME_FUZZ_SEED="${2:-$RANDOM}"
echo "fuzzing ${MIME_FUZZ_ITERATIONS} mutated messages with seed ${MIME_FUZZ_SEED}"
dotnet test tests/MailComplaints.Mail.Tests -c Release \
  --filter "FullyQualifiedName~FuzzTests.Mutated_corpus_messages_always_parse_in_linear_time" \
  --logger "console;verbosity=detailed" | grep -E "fuzz:|Passed|Failed|threw|took|Error" || true
