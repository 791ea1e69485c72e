# Sourced by run.sh and test.sh: installs what a fresh machine of this kind lacks.
ensure_prerequisites() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK (dotnet) is required and was not found on PATH." >&2
    exit 1
  fi
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "PostgreSQL server binaries are missing; install the 'postgresql' package (needs root)." >&2
      exit 1
    fi
    echo "Installing the PostgreSQL server (Debian package 'postgresql') ..."
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql
  fi
}
