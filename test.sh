#!/usr/bin/env bash
# The whole test suite: pure rule tests, then grain and API tests against a real PostgreSQL (started by the tests'
# own fixture under .data/test/) and a real Orleans cluster. Installs the PostgreSQL server when it is missing.
set -euo pipefail
cd "$(dirname "$0")"
source deploy/prerequisites.sh
ensure_prerequisites

results=$(mktemp -d)
status=0
dotnet test ActionLogement.Orleans.sln -c Release --nologo \
  --logger "trx" --results-directory "$results" --logger "console;verbosity=minimal" || status=$?

# One plain closing line over every test project, read from the TRX files.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
rm -rf "$results"

# The tests' private PostgreSQL (started by their fixture) is not left running behind the suite.
if [ -f .data/test/pg/postmaster.pid ]; then
  pg_ctl=$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -1)
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$pg_ctl" -D .data/test/pg -m fast -w stop >/dev/null 2>&1 || true
  else "$pg_ctl" -D .data/test/pg -m fast -w stop >/dev/null 2>&1 || true; fi
fi

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit $status
