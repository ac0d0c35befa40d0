#!/usr/bin/env bash
# The browser the end-to-end tests drive: the distribution's Chromium (Playwright cannot
# download its own browsers on machines without that access).
#
#   scripts/browser.sh install   install chromium with apt-get unless it is there already
#   scripts/browser.sh path      print the browser's path (exit 1 when there is none)
set -euo pipefail

find_browser() {
    command -v chromium || command -v chromium-browser || true
}

case "${1:-}" in
install)
    if [[ -n "$(find_browser)" ]]; then
        echo "browser: $(find_browser)"
        exit 0
    fi
    if ! command -v apt-get >/dev/null; then
        echo "browser: no chromium and no apt-get; the browser tests will be skipped" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get -q -y -o Dpkg::Use-Pty=0 update >/dev/null
    apt-get -q -y -o Dpkg::Use-Pty=0 install --no-install-recommends chromium >/dev/null
    echo "browser: $(find_browser)"
    ;;
path)
    found="$(find_browser)"
    [[ -n "$found" ]] || exit 1
    echo "$found"
    ;;
*)
    echo "usage: $0 install|path" >&2
    exit 2
    ;;
esac
