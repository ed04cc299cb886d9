#!/usr/bin/env bash
# MIME parsing speed against Python's email package, in one run on one machine (docs/benchmarks.md).
# Work per message: parse, decode subject and sender, extract the text. Over the corpus and over startrek.eml.
# Usage: scripts/bench-mime.sh [BenchmarkDotNet job, default: short]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${MAILCOMPLAINTS_CORPUS:-$(cd .. && pwd)/shared/corpus}"
list="$(mktemp)"
trap 'rm -f "$list"' EXIT
# The messages of the corpus (the IMAP transcripts and oracle .json files are not mail).
{
  find "$corpus/mimekit/UnitTests/TestData/messages" "$corpus/mimekit/Benchmarks/TestData/messages" -type f
  find "$corpus/mailkit/UnitTests/Net/Imap/Resources/common" -type f -name 'message.*.msg'
  find "$corpus/stalwart-mail-parser/resources/eml" -type f -name '*.eml'
  find "$corpus/flanker/tests/fixtures/messages" -type f
  find "$corpus/sisimai-set-of-emails/maildir" -type f
} | sort > "$list"
export MIME_BENCH_FILES="$list"
export MIME_BENCH_STARTREK="$corpus/mimekit/Benchmarks/TestData/messages/startrek.eml"
echo "messages: $(wc -l < "$list"), $(cat "$list" | tr '\n' '\0' | xargs -0 cat | wc -c) bytes"

python_out="$(python3 benchmarks/python/mime_reference.py "$list" "$MIME_BENCH_STARTREK" 5)"
echo "$python_out"

dotnet run -c Release --project benchmarks/MailComplaints.Benchmarks -- \
  --filter '*MimeParsingBenchmarks*' --job "${1:-short}" --exporters csv > /tmp/bench-mime-dotnet.log
csv="BenchmarkDotNet.Artifacts/results/MailComplaints.Benchmarks.Mime.MimeParsingBenchmarks-report.csv"
grep -E "^\| *(Method|'?corpus|'?startrek)" /tmp/bench-mime-dotnet.log || tail -30 /tmp/bench-mime-dotnet.log

python3 - "$csv" "$python_out" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
ours = {row["Method"].strip("'"): float(row["MB/s"]) for row in rows}
mean = {row["Method"].strip("'"): row["Mean"] for row in rows}
python = {line.split()[1]: float(line.split()[2]) for line in sys.argv[2].splitlines()}
for name, key in (("corpus", "corpus"), ("startrek.eml", "startrek")):
    print(f"{name}: ours {ours[name]:.1f} MB/s (mean {mean[name]}), python email {python[key]:.1f} MB/s, ratio {ours[name] / python[key]:.1f}x")
PY
