#!/usr/bin/env bash
# Prepares a fresh Debian machine (Node >= 20.19 and npm only) to run Onflex.
#   bash scripts/bootstrap.sh [--browser] [--postgres]
# Idempotent: every step checks first and does nothing when it is already done, so
# `npm run demo` and `npm test` can call it on every run. Quiet on success; on failure
# it prints what it tried and the tail of that command's output.
set -euo pipefail

PNPM_VERSION="10.34.9"
want_browser=0
want_postgres=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --postgres) want_postgres=1 ;;
    -h | --help)
      echo "usage: bash scripts/bootstrap.sh [--browser] [--postgres]"
      exit 0
      ;;
    *)
      echo "bootstrap: unknown option '$arg' (expected --browser or --postgres)" >&2
      exit 2
      ;;
  esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
log_dir=".onflex/logs"
mkdir -p "$log_dir"

fail() {
  echo "bootstrap: $1" >&2
  if [[ -n "${2:-}" && -f "$2" ]]; then
    echo "---- last lines of $2 ----" >&2
    tail -n 40 "$2" >&2
  fi
  exit 1
}

# Runs a command with its output kept in a log file, shown only when it fails.
quietly() {
  local name="$1"
  shift
  local log="$log_dir/bootstrap-$name.log"
  if ! "$@" >"$log" 2>&1; then
    fail "'$*' failed" "$log"
  fi
}

node_major_minor() { node -p 'process.versions.node.split(".").slice(0, 2).join(".")'; }
command -v node >/dev/null 2>&1 || fail "Node.js is not installed; Onflex needs Node >= 20.19."
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  fail "Node $(node_major_minor) is too old; Onflex needs Node >= 20.19."
fi

# Root needs no sudo (CI runs as root); anyone else needs sudo for apt and global npm.
as_root() {
  if [[ "$(id -u)" == "0" ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    fail "'$*' needs root and sudo is not available; run it as root once."
  fi
}

apt_updated=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || fail "apt-get not found: install $* by hand (this script targets Debian)."
  if [[ "$apt_updated" == "0" ]]; then
    quietly apt-update as_root env DEBIAN_FRONTEND=noninteractive apt-get update
    apt_updated=1
  fi
  quietly "apt-$1" as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

# pnpm: exactly the version package.json pins. Corepack is not usable offline here, so npm.
if ! command -v pnpm >/dev/null 2>&1 || [[ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]]; then
  if [[ -w "$(npm prefix -g)/lib" || "$(id -u)" == "0" ]]; then
    quietly pnpm npm install -g "pnpm@$PNPM_VERSION"
  else
    quietly pnpm as_root npm install -g "pnpm@$PNPM_VERSION"
  fi
  hash -r
  [[ "$(pnpm --version 2>/dev/null)" == "$PNPM_VERSION" ]] || fail "pnpm $PNPM_VERSION is not on PATH after installing it (npm prefix: $(npm prefix -g))."
fi

# Dependencies exactly as locked. flock serialises installs when several run on one machine.
install_cmd=(pnpm install --frozen-lockfile --prefer-offline --reporter=silent)
if command -v flock >/dev/null 2>&1; then
  quietly install flock /tmp/onflex-pnpm.lock "${install_cmd[@]}"
else
  quietly install "${install_cmd[@]}"
fi

if [[ "$want_browser" == "1" && ! -x /usr/bin/chromium ]]; then
  # Playwright's own browser download cannot work offline; Debian's Chromium can.
  apt_install chromium
  [[ -x /usr/bin/chromium ]] || fail "chromium was installed but /usr/bin/chromium is missing."
fi

find_initdb() {
  if command -v initdb >/dev/null 2>&1; then
    command -v initdb
    return 0
  fi
  local candidate
  for candidate in /usr/lib/postgresql/*/bin/initdb; do
    [[ -x "$candidate" ]] && { echo "$candidate"; return 0; }
  done
  return 1
}

if [[ "$want_postgres" == "1" ]] && ! find_initdb >/dev/null; then
  apt_install postgresql
  find_initdb >/dev/null || fail "postgresql was installed but no initdb was found."
fi

exit 0
