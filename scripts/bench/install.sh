#!/usr/bin/env bash
# Installs what `make bench` needs and `make test` does not: Node.js, npm and
# matplotlib (Debian's packages), then onnxruntime-node from package-lock.json
# into scripts/bench/node_modules. Quiet and quick when everything is already
# there. Uses sudo when not root.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# A machine may have Node.js from another nodejs package that brings its own npm
# (and conflicts with Debian's npm): a working node and npm are taken as they are.
missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ! dpkg-query -W -f='${Status}' python3-matplotlib 2>/dev/null | grep -q "install ok installed"; then
  missing+=(python3-matplotlib)
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "bench install: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# node_modules is stale when npm's record of what it installed is missing or
# older than package.json or package-lock.json.
installed="$here/node_modules/.package-lock.json"
if [ -f "$here/node_modules/onnxruntime-node/package.json" ] && [ -f "$installed" ] &&
   ! [ "$here/package.json" -nt "$installed" ] && ! [ "$here/package-lock.json" -nt "$installed" ]; then
  exit 0
fi
cmd=ci
[ -f "$here/package-lock.json" ] || cmd=install
echo "bench install: npm $cmd in scripts/bench" >&2
# The package's postinstall would fetch CUDA libraries from outside the npm
# registry; the CPU execution provider is in the package itself.
cd "$here"
ONNXRUNTIME_NODE_INSTALL=skip npm "$cmd" --no-audit --no-fund --loglevel=error >/dev/null
