#!/usr/bin/env bash
# Publishes the `wsc` CLI ReadyToRun (precompiled: about half the start-up of the JIT build, docs/benchmarks.md)
# into DIR/wsc and puts a `wsc` launcher in DIR/bin (DIR defaults to the repo's .tools). Skipped when the published
# copy is newer than every source it is built from. Add DIR/bin to PATH: export PATH="$PWD/.tools/bin:$PATH"
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/.tools}
mkdir -p "$dir/bin"
stamp="$dir/wsc/.published"
# The CLI and everything it is built from (project references, the embedded SQL, the build settings).
sources=("$root/Client" "$root/Chain" "$root/Zk" "$root/Storage" "$root/Grains.Interfaces" "$root/deploy/sql"
  "$root/Directory.Build.props" "$root/Directory.Packages.props" "$root/global.json")
if [ -f "$stamp" ] && [ -x "$dir/bin/wsc" ] && [ -z "$(find "${sources[@]}" \
    \( -path '*/bin' -o -path '*/obj' \) -prune -o -type f -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  exit 0
fi
rid=linux-x64
case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; esac
# Framework-dependent (uses the installed .NET runtime), precompiled for this machine's architecture.
# Quiet when it works; the build's own messages (on stdout) go to stderr when it does not.
if ! log=$(dotnet publish "$root/Client/Client.csproj" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
    -o "$dir/wsc" -nologo -v q 2>&1); then
  printf '%s\n' "$log" >&2
  echo "install-wsc: publishing wsc failed (messages above)" >&2
  exit 1
fi
cat > "$dir/bin/wsc" <<LAUNCH
#!/bin/sh
# wsc launcher written by scripts/install-wsc.sh; finds the guest SDK of the checkout it was published from.
: "\${WSC_GUEST_SDK:=$root/guest}"
export WSC_GUEST_SDK
exec "$dir/wsc/wsc" "\$@"
LAUNCH
chmod 0755 "$dir/bin/wsc"
touch "$stamp"
