#!/usr/bin/env bash
# Unpacks Debian 12's arm64 builds of XNNPACK and the libraries it takes
# (pthreadpool, cpuinfo) into DEST, for the aarch64 cross build's XNNPACK
# tier (platforms/linux/aarch64.toolchain.cmake, -DSPUD_TARGET_PACKAGES=DEST
# -DSPUD_XNNPACK=ON). Called by install-deps.sh; quick when DEST is current.
#
# The packages are downloaded, never installed: libxnnpack-dev is not
# Multi-Arch, so `apt-get install libxnnpack-dev:arm64` would remove the
# amd64 one the host build uses. apt runs with its own lists and status
# under DEST/.apt (the system's sources and keyring, so the downloads are
# verified as an install's would be) and leaves the machine's apt state as
# it was; dpkg-deb -x unpacks each .deb into DEST.
#   target-packages.sh DEST
set -euo pipefail
dest=${1:?usage: target-packages.sh DEST}
arch=arm64
pkgs=(libxnnpack0 libxnnpack-dev libpthreadpool0 libpthreadpool-dev libcpuinfo0 libcpuinfo-dev)

state=$dest/.apt
stamp=$dest/.packages
want="$arch ${pkgs[*]}"
if [ -f "$stamp" ] && [ "$(head -1 "$stamp")" = "$want" ] && [ -f "$dest/usr/include/xnnpack.h" ]; then
  exit 0
fi

echo "target-packages: downloading Debian's $arch ${pkgs[*]} into $dest" >&2
rm -rf "$dest"
mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/debs"
: >"$state/status"
apt_opts=(
  -o "APT::Architecture=$arch" -o "APT::Architectures::=$arch"
  -o "Dir::State::Lists=$state/lists" -o "Dir::State::Status=$state/status"
  -o "Dir::Cache=$state/cache" -o Debug::NoLocking=1
)
# As root, apt would hand the downloads to its _apt user, who cannot write here.
[ "$(id -u)" -eq 0 ] && apt_opts+=(-o APT::Sandbox::User=root)
apt-get "${apt_opts[@]}" -qq update
(cd "$state/debs" && apt-get "${apt_opts[@]}" -qq download "${pkgs[@]}")
for deb in "$state/debs"/*.deb; do
  dpkg-deb -x "$deb" "$dest"
done
for lib in libXNNPACK.so libpthreadpool.so libcpuinfo.so; do
  [ -e "$dest/usr/lib/aarch64-linux-gnu/$lib" ] || { echo "target-packages: no $lib in the $arch packages" >&2; exit 1; }
done
# What was unpacked, for the note in a build log.
{
  echo "$want"
  for deb in "$state/debs"/*.deb; do dpkg-deb -W --showformat='${Package} ${Version}\n' "$deb"; done
} >"$stamp"
rm -rf "$state"
