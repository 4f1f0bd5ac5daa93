#!/bin/sh
# Installs Debian's chromium for kin's browser tests (web/browser_test.go)
# when it is missing. The tests skip with a message when there is none.
set -eu
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
	exit 0
fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
