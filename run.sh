#!/usr/bin/env bash
# Set up and run the whole engine locally: installs what is missing (PostgreSQL server), builds, starts a private
# PostgreSQL under .data/, the API hosting a silo (one process), creates the development keys and prints the URL and keys.
#   ./run.sh            start in the foreground (Ctrl-C stops everything)
#   ./run.sh --detach   start and return once ready
#   ./run.sh --separate a silo and the API (an external Orleans client) as two processes; combines with --detach
#   ./run.sh stop       stop everything started by a previous ./run.sh
#   ./run.sh status     readiness of a running system
set -euo pipefail
cd "$(dirname "$0")"
source deploy/prerequisites.sh

launcher=deploy/local/bin/Release/net10.0/ActionLogement.Local.dll
case "${1:-start}" in
  stop|status)
    [ -f "$launcher" ] || dotnet build -c Release -v q deploy/local >/dev/null
    exec dotnet "$launcher" "$@" ;;
esac

ensure_prerequisites
echo "Building (Release) ..."
for project in deploy/local silo/Host client-api/Api client-api/Cli; do
  dotnet build -c Release -v q --nologo "$project" | grep -E "error|Warn|warn" || true
done
args=("$@"); [ "${1:-}" = "start" ] && args=("${@:2}")
exec dotnet "$launcher" start "${args[@]}"
