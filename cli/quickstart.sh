#!/usr/bin/env bash
# The README's two commands, on a fresh Debian machine:
#   bash cli/quickstart.sh demo   installs what is missing, then runs the demo (npm start)
#   bash cli/quickstart.sh test   installs what is missing, then runs every check (npm run check)
# Browsers come from Debian's packages: test tools may not download their own.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-}"
case "$mode" in demo | test) ;; *) echo "usage: bash cli/quickstart.sh demo|test" >&2; exit 2 ;; esac

packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
if [ "$mode" = test ]; then command -v firefox-esr >/dev/null 2>&1 || packages+=(firefox-esr); fi
if [ ${#packages[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${packages[*]} from Debian…"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# Install exactly the locked versions when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

if [ "$mode" = demo ]; then exec npm start; else exec npm run check; fi
