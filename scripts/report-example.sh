#!/usr/bin/env bash
# Regenerates docs/report-example.png: the report of 2026 of the tests' fixed register (ReportDataSet), as headless
# Chromium shows it at 1200 x 1800 pixels. Needs Debian's chromium (./test.sh installs it as root).
set -euo pipefail
cd "$(dirname "$0")/.."
MAILCOMPLAINTS_REPORT_EXAMPLE="$PWD/docs/report-example.png" \
  dotnet test tests/MailComplaints.Tests -c Release --filter "FullyQualifiedName~ReportInChromiumTests.On_screen" --logger "console;verbosity=minimal"
echo "report-example.sh: wrote docs/report-example.png"
