#!/usr/bin/env bash
# Set up and run the whole engine locally: installs what is missing (PostgreSQL server), builds, starts a private
# PostgreSQL under .data/, the API hosting a silo (one process), creates the development keys and prints the URL and keys.
#   ./run.sh            start in the foreground (Ctrl-C stops everything)
#   ./run.sh --detach   start and return once ready
#   ./run.sh --separate a silo and the API (an external Orleans client) as two processes; combines with --detach
#   ./run.sh stop       stop everything started by a previous ./run.sh
#   ./run.sh status     readiness of this checkout's engine (started by ./run.sh here), else "not running"
set -euo pipefail
cd "$(dirname "$0")"
source deploy/prerequisites.sh

launcher=deploy/local/bin/Release/net10.0/ActionLogement.Local.dll

# The API URL of the engine this checkout started (the processes its pid file names, still running from this checkout),
# or nothing. Whatever answers on the default port may be another checkout's engine.
own_engine_url() {
  local pids=.data/run.pids here pid cwd urls url=""
  here=$(pwd -P)
  [ -f "$pids" ] || return 0
  while read -r pid; do
    [ -n "$pid" ] || continue
    cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || return 0
    [[ "$cwd" == "$here"/* ]] || return 0
    # The pid file lists the silo (when apart) and the API, which was started with --urls.
    urls=$(tr '\0' '\n' <"/proc/$pid/cmdline" | grep -A1 -x -e --urls | tail -n 1) || true
    [ -z "$urls" ] || url=$urls
  done <"$pids"
  echo "$url"
}

case "${1:-start}" in
  stop)
    [ -f "$launcher" ] || dotnet build -c Release -v q deploy/local >/dev/null
    exec dotnet "$launcher" "$@" ;;
  status)
    url=$(own_engine_url)
    if [ -z "$url" ]; then
      echo "not running"
      exit 1
    fi
    [ -f "$launcher" ] || dotnet build -c Release -v q deploy/local >/dev/null
    if ready=$(AL_API_PORT="${url##*:}" dotnet "$launcher" status 2>/dev/null); then
      echo "$ready"
      exit 0
    fi
    echo "started (pid $(paste -sd ' ' .data/run.pids)) but not ready at $url/health/ready: starting, or see .data/logs"
    exit 1 ;;
esac

ensure_prerequisites
echo "Building (Release) ..."
for project in deploy/local silo/Host client-api/Api client-api/Cli; do
  dotnet build -c Release -v q --nologo "$project" | grep -E "error|Warn|warn" || true
done
args=("$@"); [ "${1:-}" = "start" ] && args=("${@:2}")
exec dotnet "$launcher" start "${args[@]}"
