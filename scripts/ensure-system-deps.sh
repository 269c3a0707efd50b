#!/usr/bin/env bash
# Installs the system packages the tests need when they are missing:
#   chromium       — headless browser with WebGPU (SwiftShader) for e2e, and the Vulkan driver for Node GPU tests
#   python3-torch  — PyTorch for the export round-trip test (it fails without torch unless SKIP_TORCH=1 skips it)
# Needs root (or sudo) and Debian apt. Fails with a clear message if chromium cannot be installed.
set -uo pipefail

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
updated=0
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then return 1; fi
  if [ "$updated" -eq 0 ]; then
    $SUDO apt-get update -qq >/tmp/forecast-lab-apt.log 2>&1 || return 1
    updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >>/tmp/forecast-lab-apt.log 2>&1
}

if [ ! -x "$CHROMIUM_PATH" ] || [ ! -f /usr/lib/chromium/vk_swiftshader_icd.json ]; then
  echo "[deps] installing Debian chromium (needed for e2e tests and the SwiftShader WebGPU driver)…"
  if ! apt_install chromium; then
    echo "[deps] ERROR: could not install chromium with apt-get (see /tmp/forecast-lab-apt.log)." >&2
    echo "[deps] Install it by hand (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary." >&2
    exit 1
  fi
fi
if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "[deps] ERROR: no Chromium at CHROMIUM_PATH=$CHROMIUM_PATH (Debian's package installs /usr/bin/chromium)." >&2
  exit 1
fi
echo "[deps] chromium: $("$CHROMIUM_PATH" --version 2>/dev/null | head -1)"

if [ "${SKIP_TORCH:-0}" != "1" ] && ! /usr/bin/python3 -c 'import torch' >/dev/null 2>&1; then
  echo "[deps] installing Debian python3-torch (PyTorch round-trip test)…"
  apt_install python3-torch || echo "[deps] WARNING: python3-torch could not be installed; the PyTorch round-trip test will fail (set SKIP_TORCH=1 to skip it)."
fi
exit 0
