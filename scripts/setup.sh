#!/usr/bin/env bash
# Installs what the cluster and the tests need on a fresh Debian machine of this kind:
# PostgreSQL 15, clang/lld (RV32IM guests), Chromium (status page test), and anvil (from npm) into .tools/bin. Idempotent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
need_apt=()
command -v clang >/dev/null 2>&1 || need_apt+=(clang)
command -v ld.lld >/dev/null 2>&1 || need_apt+=(lld)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
# Headless browser for the status page test (Playwright drives it; it cannot download its own browsers here).
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
mkdir -p "$root/.tools/bin"
if [ ! -x "$root/.tools/bin/anvil" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent @foundry-rs/anvil-linux-amd64@1.7.1 >/dev/null && tar xzf ./*.tgz)
  install -m 0755 "$tmp/package/bin/anvil" "$root/.tools/bin/anvil"
  rm -rf "$tmp"
fi
bash "$root/scripts/install-wsc.sh"
