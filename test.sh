#!/usr/bin/env bash
# Installs what the tests need and runs the whole NUnit suite.
#
# The tests start their own servers on loopback (PostgreSQL via initdb/pg_ctl, Dovecot and Postfix via
# scripts/mailstack.sh) from Debian's packages; headless Chromium (with the DejaVu fonts) renders the report. As root this script installs the packages that are missing;
# without root it names them and stops. SQL Server tests run only when MAILCOMPLAINTS_TEST_SQLSERVER holds a
# connection string; otherwise they are reported as skipped.
set -euo pipefail
cd "$(dirname "$0")"

packages=(dovecot-imapd dovecot-lmtpd postfix postgresql openssl python3 chromium fonts-dejavu-core)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: the tests need these Debian packages, which are missing: ${missing[*]}" >&2
    echo "test.sh: install them as root (apt-get install ${missing[*]}) or run ./test.sh as root." >&2
    exit 1
  fi
  echo "test.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK (dotnet) is not on PATH." >&2
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test MailComplaints.sln -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?

# One plain closing line for the whole suite, summed over the test assemblies, after the names of the tests that
# failed (their messages are above), so that the end of the output says what went wrong.
awk '/^ *Passed: +[0-9]+$/ { p += $2 } /^ *Failed: +[0-9]+$/ { f += $2 } /^ *Skipped: +[0-9]+$/ { s += $2 }
     /^  Failed [^ :]/ { names = names "failed: " substr($0, 10) "\n" }
     END { printf "%stests: %d passed, %d failed, %d skipped\n", names, p, f, s }' "$log"
exit "$status"
