#!/usr/bin/env bash
# Fetches Linux tgt (tgtd, tgtadm, tgtimg) and the libraries it links into CACHE/root, for the
# initiator's tests against tgt (TgtInteropTest reads -Dtapekit.tgt.root=CACHE/root).
# Nothing is installed: the Debian packages are fetched with `apt-get download` and unpacked with
# `dpkg -x`, as it/kernel/run.sh does (installing tgt would pull a systemd upgrade onto the host).
# Usage: fetch-tgt.sh [CACHE]   (default /var/tmp/tapekit-tgt; prints the root directory)
set -euo pipefail
CACHE=${1:-/var/tmp/tapekit-tgt}
PKGS=(tgt libibverbs1 librdmacm1 libaio1 libnl-3-200 libnl-route-3-200)
die() { echo "fetch-tgt: $*" >&2; exit 1; }

stamp="${PKGS[*]}"
if [[ -f $CACHE/root/.stamp && "$(cat "$CACHE/root/.stamp")" == "$stamp" && -x $CACHE/root/usr/sbin/tgtd ]]; then
  echo "$CACHE/root"
  exit 0
fi
command -v apt-get >/dev/null && command -v dpkg >/dev/null || die "needs apt-get and dpkg (a Debian or Ubuntu host)"
rm -rf "$CACHE/debs" "$CACHE/root"
mkdir -p "$CACHE/debs" "$CACHE/root"
if ! (cd "$CACHE/debs" && apt-get download -qq "${PKGS[@]}" >/dev/null 2>&1); then
  apt-get update -qq || die "apt-get update failed: cannot reach the package repositories"
  (cd "$CACHE/debs" && apt-get download -qq "${PKGS[@]}" >/dev/null) \
    || die "apt-get download ${PKGS[*]} failed: not available from this host's package sources"
fi
for f in "$CACHE"/debs/*.deb; do dpkg -x "$f" "$CACHE/root"; done
[[ -x $CACHE/root/usr/sbin/tgtd && -x $CACHE/root/usr/sbin/tgtadm && -x $CACHE/root/usr/sbin/tgtimg ]] \
  || die "the unpacked packages lack tgtd, tgtadm or tgtimg"
echo "$stamp" >"$CACHE/root/.stamp"
echo "$CACHE/root"
