#!/usr/bin/env bash
# Browser tests drive Debian's headless Chromium through its chromedriver (a test tool's own
# browser download cannot work on our build machines). Installs both when missing.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium and chromium-driver for the browser tests ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
  exit 0
fi

cat >&2 <<'MESSAGE'
The browser tests need Chromium and its driver at /usr/bin/chromium and /usr/bin/chromedriver.
On Debian or Ubuntu:  sudo apt-get install chromium chromium-driver
MESSAGE
exit 1
