#!/usr/bin/env bash
# The accessibility check (PageGalleryInChromiumTest) runs axe-core inside Chromium. This installs
# the pinned axe-core from the npm registry into .cache/axe-core (git-ignored, kept across `mvn clean`)
# when it is missing; Node.js's npm comes from Debian's packages when missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."

version=4.14.1
folder=.cache/axe-core
script=$folder/node_modules/axe-core/axe.min.js

if [[ -f $script ]] && grep -q "\"version\": \"$version\"" "$folder/node_modules/axe-core/package.json" 2>/dev/null; then
  exit 0
fi

if ! command -v npm >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing Debian's npm for the accessibility check ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq npm >/dev/null
  else
    echo "The accessibility check needs npm to install axe-core. On Debian or Ubuntu: sudo apt-get install npm" >&2
    exit 1
  fi
fi

echo "Installing axe-core $version into $folder for the accessibility check ..."
mkdir -p "$folder"
npm install --prefix "$folder" --no-save --no-audit --no-fund --loglevel=error "axe-core@$version" >/dev/null
test -f "$script"
