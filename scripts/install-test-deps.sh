#!/usr/bin/env bash
# Installs what the tests need on Debian, only when missing: python3 (the pseudo-terminal
# harness), openssl (certificates for the TLS test), prometheus with promtool,
# prometheus-alertmanager, victoria-metrics (the single-node server, for the second engine the
# live tests read), and chromium with a font (fonts-liberation is only its recommendation)
# to render the HTML report headless to a PNG, faketime (libfaketime, for the clock matrix), and
# the AWS emulator moto (PyPI `moto[server]`, pinned) in a virtual environment of its own.
# Nothing is started: the tests start their own servers on 127.0.0.1 with free ports.
set -euo pipefail
need=()
command -v python3 >/dev/null || need+=(python3)
[ -x /usr/bin/openssl ] || need+=(openssl)
{ [ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ]; } || need+=(prometheus)
[ -x /usr/bin/prometheus-alertmanager ] || need+=(prometheus-alertmanager)
[ -x /usr/bin/victoria-metrics ] || need+=(victoria-metrics)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# Debian's python3 creates a virtual environment only with python3-venv (ensurepip).
python3 -c 'import ensurepip' 2>/dev/null || need+=(python3-venv)
command -v faketime >/dev/null || need+=(faketime)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing test dependencies: ${need[*]}" >&2
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# The tests look for moto_server here (tests/stack/moto.rs), never on PATH, so a stray copy of
# another version cannot stand in for this one.
moto_version=5.2.1
venv="${OPSCONSOLE_TEST_VENV:-$HOME/.local/share/opsconsole-test/venv}"
if ! "$venv/bin/python" -c "import moto, sys; sys.exit(moto.__version__ != '$moto_version')" 2>/dev/null; then
  echo "installing moto[server]==$moto_version into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "moto[server]==$moto_version"
fi
