#!/usr/bin/env bash
# Installs the Debian packages that building, running and testing salesctl need, and only those that are missing.
# Runs `apt-get update` at most once per call. Safe to run again and again.
set -euo pipefail

packages=(
  build-essential pkg-config
  libmicrohttpd-dev libjansson-dev libpq-dev libssl-dev uuid-dev
  check libsubunit-dev libcurl4-openssl-dev libargon2-dev zlib1g-dev curl iproute2
  postgresql-15 postgresql-client-15
  chromium
)
command -v npx >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "deps: missing packages: ${missing[*]}; run as root (or install them) and try again" >&2
  exit 1
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
