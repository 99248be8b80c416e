#!/usr/bin/env bash
# Installs the Debian packages Basalt needs to build and test. Idempotent: runs
# `apt-get update` and `apt-get install` only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git python3
  librocksdb-dev libroaring-dev libsimdjson-dev libboost-dev libboost-system-dev
  libfmt-dev libspdlog-dev libcli11-dev libre2-dev libssl-dev zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev libedit-dev libicu-dev
  curl tzdata
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

# Node.js and npm run the official-client tests; the machine may already ship them
# outside of dpkg, so only ask Debian for them when the commands are absent.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
