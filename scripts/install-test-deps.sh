#!/usr/bin/env bash
# Installs what the tests need on Debian, only when missing: python3 (the pseudo-terminal
# harness), openssl (certificates for the TLS test), prometheus with promtool,
# prometheus-alertmanager, and chromium with a font (fonts-liberation is only its recommendation)
# to render the HTML report headless to a PNG. Nothing is started: the tests start their own
# servers on 127.0.0.1 with free ports.
set -euo pipefail
need=()
command -v python3 >/dev/null || need+=(python3)
[ -x /usr/bin/openssl ] || need+=(openssl)
{ [ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ]; } || need+=(prometheus)
[ -x /usr/bin/prometheus-alertmanager ] || need+=(prometheus-alertmanager)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "installing test dependencies: ${need[*]}" >&2
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${need[@]}"
