#!/usr/bin/env bash
# Real-kernel test harness: boots a stock Debian kernel (>= 6.15, trixie-backports) under QEMU
# software emulation with the host's root filesystem shared read-only, attaches a scsi_debug tape
# and a tgt iSCSI tape library (changer + 2 drives + 8 tapes) served from host loopback through
# QEMU's iSCSI client, runs shell checks (mt, mtx, sg3_utils) and the JUnit tag "kernel" in one
# guest JVM; then the guest's own open-iscsi initiator logs in to a second library over QEMU user
# networking and mt, mtx, tar, sg3_utils, btape and pmt/pmtx run on it. Prints
# "kernel: N passed, N failed, N skipped". See it/kernel/README.md.
#
# Environment:
#   TAPEKIT_SKIP_KERNEL_TESTS=1    skip everything (prints a SKIPPED line, exits 0)
#   TAPEKIT_KERNEL_ATTACH=PATHS    qemu, open-iscsi or both (default), comma-separated
#   TAPEKIT_KERNEL_ISCSI_*         the open-iscsi run's target (PORT, IQN, LUNS, CHAP_USER,
#                                  CHAP_SECRET, CHAP_USER_IN, CHAP_SECRET_IN, DIGEST, LACKS, BTAPE):
#                                  see the README's "Pointing it at another target"
#   TAPEKIT_KERNEL_WORK=DIR        work folder (default: <repo>/target/kernel-it); DIR/cache is kept
#   TAPEKIT_KERNEL_TEST=SPEC       run only this JUnit class or Class#method (simple names ok)
#   TAPEKIT_KERNEL_NO_SHELL_CHECKS=1  skip the shell-level checks (JUnit only; devices still set up)
#   TAPEKIT_KERNEL_SHELL=1         after the tests, open a root shell in the guest on this terminal
#   TAPEKIT_KERNEL_VERBOSE=1       copy the guest console to stdout while it runs
#   TAPEKIT_KERNEL_TIMEOUT=SECS    guest wall-clock limit (default 1500)
#   TAPEKIT_KERNEL_JAVA_HOME=DIR   JDK used in the guest (default: JDK 17)
#   TAPEKIT_KERNEL_MIRROR=URL      Debian mirror for the trixie-backports kernel (default deb.debian.org)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
START=$(date +%s)

say() { printf '== kernel-it: %s\n' "$*"; }
die() {
  printf 'kernel-it: FAILED: %s\n' "$*" >&2
  echo "kernel: 0 passed, 1 failed"
  exit 1
}

if [[ "${TAPEKIT_SKIP_KERNEL_TESTS:-}" == 1 ]]; then
  echo "kernel-it: SKIPPED real-kernel tests because TAPEKIT_SKIP_KERNEL_TESTS=1"
  exit 0
fi

W=${TAPEKIT_KERNEL_WORK:-$REPO/target/kernel-it}
mkdir -p "$W"
W=$(cd "$W" && pwd)
CACHE=$W/cache
RUN=$W/run
RES=$RUN/results
GUEST_TIMEOUT=${TAPEKIT_KERNEL_TIMEOUT:-1500}
GUEST_JAVA=${TAPEKIT_KERNEL_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
MIN_KERNEL=6.15
MULTIARCH=x86_64-linux-gnu

# ---------------------------------------------------------------- attach paths and the open-iscsi target
# "qemu": scsi_debug and the tgt library through QEMU's own iSCSI client, the shell checks and the
# JUnit tests. "open-iscsi": a library the guest kernel logs in to with open-iscsi over QEMU user
# networking, with its own checks (it/kernel/open-iscsi.sh).
ATTACH_QEMU=
ATTACH_OPEN_ISCSI=
IFS=, read -r -a attach_list <<<"${TAPEKIT_KERNEL_ATTACH:-qemu,open-iscsi}"
for a in "${attach_list[@]}"; do
  case ${a// /} in
    qemu) ATTACH_QEMU=1 ;;
    open-iscsi) ATTACH_OPEN_ISCSI=1 ;;
    '') ;;
    *) die "TAPEKIT_KERNEL_ATTACH: unknown attach path '$a' (known: qemu, open-iscsi; comma-separated)" ;;
  esac
done
[[ -n $ATTACH_QEMU$ATTACH_OPEN_ISCSI ]] || die "TAPEKIT_KERNEL_ATTACH names no attach path (use qemu, open-iscsi or both)"

# The target of the open-iscsi run. Without TAPEKIT_KERNEL_ISCSI_PORT, run.sh serves it: by default
# tapekit's own target (`tape vtl serve`, TAPEKIT_KERNEL_ISCSI_TARGET=tapekit), or a second tgt
# library (its own target name, CHAP accounts and tapes) on tgtd's port (=tgt). With a port, the
# caller runs the target on 127.0.0.1:PORT and names it with TAPEKIT_KERNEL_ISCSI_IQN.
OI_PORT=${TAPEKIT_KERNEL_ISCSI_PORT:-}
OI_IQN=${TAPEKIT_KERNEL_ISCSI_IQN:-}
OI_LUNS=${TAPEKIT_KERNEL_ISCSI_LUNS:-1:changer,2:drive,3:drive}
OI_CHAP_USER=${TAPEKIT_KERNEL_ISCSI_CHAP_USER:-}
OI_CHAP_SECRET=${TAPEKIT_KERNEL_ISCSI_CHAP_SECRET:-}
OI_CHAP_USER_IN=${TAPEKIT_KERNEL_ISCSI_CHAP_USER_IN:-}
OI_CHAP_SECRET_IN=${TAPEKIT_KERNEL_ISCSI_CHAP_SECRET_IN:-}
OI_DIGEST=${TAPEKIT_KERNEL_ISCSI_DIGEST:-None}
OI_LACKS=${TAPEKIT_KERNEL_ISCSI_LACKS:-}
OI_BTAPE=${TAPEKIT_KERNEL_ISCSI_BTAPE:-1}
OI_TGT=
OI_TAPEKIT=
OI_BTAPE_DRIVE=${TAPEKIT_KERNEL_ISCSI_BTAPE_DRIVE:-}
OI_SERVED=${TAPEKIT_KERNEL_ISCSI_TARGET:-tapekit}
[[ $OI_SERVED == tapekit || $OI_SERVED == tgt ]] || die "TAPEKIT_KERNEL_ISCSI_TARGET='$OI_SERVED': use tapekit or tgt"
if [[ -n $ATTACH_OPEN_ISCSI && -z ${TAPEKIT_KERNEL_ISCSI_PORT:-} && $OI_SERVED == tapekit ]]; then
  # tapekit's virtual L700 (LUN 0 changer, LUNs 1-4 drives): drives 0 and 1 are LTO-8, 2 and 3
  # LTO-6; the library's first tapes are LTO-8, so btape runs on drive 1.
  OI_LUNS=${TAPEKIT_KERNEL_ISCSI_LUNS:-0:changer,1:drive,2:drive,3:drive,4:drive}
  OI_BTAPE_DRIVE=${TAPEKIT_KERNEL_ISCSI_BTAPE_DRIVE:-1}
  OI_DIGEST=${TAPEKIT_KERNEL_ISCSI_DIGEST:-CRC32C}
fi
if [[ -n $ATTACH_OPEN_ISCSI ]]; then
  [[ $OI_LUNS =~ ^[0-9]+:(changer|drive)(,[0-9]+:(changer|drive))*$ ]] \
    || die "TAPEKIT_KERNEL_ISCSI_LUNS='$OI_LUNS': expected LUN:ROLE pairs, ROLE changer or drive, e.g. 1:changer,2:drive,3:drive"
  [[ $(grep -o ':changer' <<<"$OI_LUNS" | wc -l) == 1 && $OI_LUNS == *:drive* ]] \
    || die "TAPEKIT_KERNEL_ISCSI_LUNS='$OI_LUNS': the checks need exactly one changer and at least one drive"
  [[ -z $OI_CHAP_USER || -n $OI_CHAP_SECRET ]] || die "TAPEKIT_KERNEL_ISCSI_CHAP_USER is set without TAPEKIT_KERNEL_ISCSI_CHAP_SECRET"
  [[ -z $OI_CHAP_USER_IN || -n $OI_CHAP_USER ]] \
    || die "TAPEKIT_KERNEL_ISCSI_CHAP_USER_IN (the target's name in mutual CHAP) needs TAPEKIT_KERNEL_ISCSI_CHAP_USER too"
  [[ -z $OI_CHAP_USER_IN || -n $OI_CHAP_SECRET_IN ]] || die "TAPEKIT_KERNEL_ISCSI_CHAP_USER_IN is set without TAPEKIT_KERNEL_ISCSI_CHAP_SECRET_IN"
  [[ $OI_DIGEST == None || $OI_DIGEST == CRC32C ]] || die "TAPEKIT_KERNEL_ISCSI_DIGEST='$OI_DIGEST': use None or CRC32C"
  if [[ -n $OI_PORT ]]; then
    [[ $OI_PORT =~ ^[0-9]+$ ]] && ((OI_PORT > 0 && OI_PORT < 65536)) || die "TAPEKIT_KERNEL_ISCSI_PORT='$OI_PORT' is not a TCP port"
    [[ -n $OI_IQN ]] || die "TAPEKIT_KERNEL_ISCSI_PORT is set: name the target with TAPEKIT_KERNEL_ISCSI_IQN too"
  else
    [[ -z $OI_IQN ]] || die "TAPEKIT_KERNEL_ISCSI_IQN is set without TAPEKIT_KERNEL_ISCSI_PORT (where does the target listen?)"
    if [[ $OI_SERVED == tgt ]]; then
      [[ $OI_LUNS == 1:changer,2:drive,3:drive ]] || die "TAPEKIT_KERNEL_ISCSI_LUNS needs TAPEKIT_KERNEL_ISCSI_PORT: the tgt library has the default layout"
      OI_TGT=1
    else
      OI_TAPEKIT=1
    fi
  fi
fi

# ---------------------------------------------------------------- processes we start, stopped by PID
TGTD_PID=
QEMU_PID=
SERVE_PID=
TGT_CONTROL=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$QEMU_PID" ]] && kill -0 "$QEMU_PID" 2>/dev/null; then
    kill -TERM "$QEMU_PID" 2>/dev/null || true
    wait "$QEMU_PID" 2>/dev/null || true
  fi
  if [[ -n "$SERVE_PID" ]] && kill -0 "$SERVE_PID" 2>/dev/null; then
    # tape vtl serve ends its sessions and saves the libraries on SIGTERM
    kill -TERM "$SERVE_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVE_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVE_PID" 2>/dev/null || true
    wait "$SERVE_PID" 2>/dev/null || true
  fi
  if [[ -n "$TGTD_PID" ]] && kill -0 "$TGTD_PID" 2>/dev/null; then
    # tgtd ignores SIGTERM while targets exist: ask it to shut down, then insist by PID.
    tgt_admin --op delete --mode target --tid 1 --force >/dev/null 2>&1 || true
    tgt_admin --op delete --mode target --tid 2 --force >/dev/null 2>&1 || true
    tgt_admin --op delete --mode system >/dev/null 2>&1 || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$TGTD_PID" 2>/dev/null || break; sleep 0.3; done
    kill -KILL "$TGTD_PID" 2>/dev/null || true
    wait "$TGTD_PID" 2>/dev/null || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "kernel-it: interrupted, stopping what it started" >&2; exit 130' INT
trap 'echo "kernel-it: terminated, stopping what it started" >&2; exit 143' TERM

# ---------------------------------------------------------------- 1. host packages
HOST_PKGS=(qemu-system-x86 busybox-static cpio kmod xz-utils mt-st mtx sg3-utils lsscsi)
# Unpacked with dpkg -x only (installing tgt or open-iscsi would pull a systemd and udev upgrade onto
# the host; installing bacula-sd would add a user and start a daemon). open-iscsi (iscsid, iscsiadm)
# and bacula-sd (btape) run in the guest from the unpacked tree, never on the host.
EXTRACT_PKGS=(tgt libiscsi7 libibverbs1 librdmacm1 libaio1 libconfig-general-perl
  open-iscsi libopeniscsiusr libisns0 bacula-sd bacula-common liblzo2-2 libwrap0)

apt_updated=
host_apt_update() {
  [[ -n "$apt_updated" ]] && return 0
  apt-get update -qq || die "apt-get update failed: cannot reach Debian's package repositories"
  apt_updated=1
}

provision_host() {
  local missing=()
  for p in "${HOST_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    say "installing host packages: ${missing[*]}"
    [[ $(id -u) == 0 ]] || die "need root to apt-get install ${missing[*]}"
    host_apt_update
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die "apt-get install ${missing[*]} failed"
  fi

  local qver debs=$CACHE/debs stamp
  qver=$(dpkg-query -W -f='${Version}' qemu-system-x86)
  # qemu-block-extra (the iSCSI block driver module) must match the installed QEMU build exactly.
  stamp="$qver ${EXTRACT_PKGS[*]}"
  if [[ -f $CACHE/root/.stamp && "$(cat "$CACHE/root/.stamp")" == "$stamp" ]]; then
    return 0
  fi
  say "fetching ${EXTRACT_PKGS[*]} qemu-block-extra=$qver (apt-get download, unpacked with dpkg -x)"
  rm -rf "$debs" "$CACHE/root"
  mkdir -p "$debs" "$CACHE/root"
  local want=("${EXTRACT_PKGS[@]}" "qemu-block-extra=$qver")
  if ! (cd "$debs" && apt-get download -qq "${want[@]}" >/dev/null 2>&1); then
    host_apt_update
    (cd "$debs" && apt-get download -qq "${want[@]}" >/dev/null) \
      || die "apt-get download ${want[*]} failed: packages not available from the host's Debian sources"
  fi
  for f in "$debs"/*.deb; do dpkg -x "$f" "$CACHE/root"; done
  [[ -x $CACHE/root/usr/sbin/tgtd && -f $CACHE/root/usr/lib/$MULTIARCH/qemu/block-iscsi.so ]] \
    || die "unpacked packages lack tgtd or QEMU's block-iscsi module"
  [[ -x $CACHE/root/sbin/iscsid && -x $CACHE/root/sbin/iscsiadm && -x $CACHE/root/usr/sbin/btape ]] \
    || die "unpacked packages lack iscsid, iscsiadm (open-iscsi) or btape (bacula-sd)"
  echo "$stamp" >"$CACHE/root/.stamp"
}

# ---------------------------------------------------------------- 2. kernel from trixie-backports
# A private apt state (sources, lists, cache) under $CACHE/apt: the host's apt sources are never touched.
KAPT=()
kernel_apt_setup() {
  local a=$CACHE/apt
  mkdir -p "$a/lists/partial" "$a/cache/archives/partial"
  echo "deb ${TAPEKIT_KERNEL_MIRROR:-http://deb.debian.org/debian} trixie-backports main" >"$a/sources.list"
  KAPT=(-o "Dir::Etc::SourceList=$a/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$a/lists" -o "Dir::Cache=$a/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
}

provision_kernel() {
  kernel_apt_setup
  local fresh
  fresh=$(find "$CACHE/apt/lists" -maxdepth 1 -name '*Packages*' -mmin -720 2>/dev/null | head -1)
  if [[ -z "$fresh" ]]; then
    say "updating the private apt state for trixie-backports"
    # apt-get update exits 0 when a source is unreachable; its "Failed to fetch" lines tell.
    if ! apt-get "${KAPT[@]}" update -qq >"$CACHE/apt/update.log" 2>&1 || grep -qE '^(W|E): (Failed to fetch|Some index files failed)' "$CACHE/apt/update.log"; then
      cat "$CACHE/apt/update.log" >&2
      rm -f "$CACHE"/apt/lists/*Packages*
      die "cannot fetch the trixie-backports package lists (kernel source ${TAPEKIT_KERNEL_MIRROR:-http://deb.debian.org/debian})"
    fi
  fi
  KVER=$(apt-cache "${KAPT[@]}" search --names-only '^linux-binary-[0-9.]+\+deb13-amd64$' 2>/dev/null \
    | awk '{print $1}' | sed 's/^linux-binary-//' | sort -V | tail -1)
  [[ -n "$KVER" ]] || die "no linux-binary-*+deb13-amd64 kernel found in trixie-backports"
  local base=${KVER%%+*}
  [[ "$(printf '%s\n%s\n' "$MIN_KERNEL" "$base" | sort -V | head -1)" == "$MIN_KERNEL" ]] \
    || die "newest trixie-backports kernel $KVER is older than $MIN_KERNEL (scsi_debug has no tape emulation)"
  KDIR=$CACHE/kernel/$KVER
  MODREL=usr/lib/modules/$KVER
  if [[ ! -f $KDIR/.complete ]]; then
    say "fetching kernel $KVER (linux-binary, linux-modules, linux-base; ~125 MB)"
    rm -rf "$KDIR" "$CACHE/kernel-debs"
    mkdir -p "$KDIR" "$CACHE/kernel-debs"
    (cd "$CACHE/kernel-debs" && apt-get "${KAPT[@]}" download -qq \
      "linux-binary-$KVER" "linux-modules-$KVER" "linux-base-$KVER" >/dev/null) \
      || die "apt-get download of kernel $KVER from trixie-backports failed"
    for f in "$CACHE"/kernel-debs/*.deb; do dpkg -x "$f" "$KDIR"; done
    rm -rf "$CACHE/kernel-debs"
    depmod -b "$KDIR/usr" "$KVER" || die "depmod for $KVER failed"
    touch "$KDIR/.complete"
    # Older kernels are not needed any more.
    find "$CACHE/kernel" -mindepth 1 -maxdepth 1 ! -name "$KVER" -exec rm -rf {} +
  fi
  VMLINUZ=$KDIR/$MODREL/vmlinuz
  [[ -f $VMLINUZ ]] || VMLINUZ=$(ls "$KDIR"/boot/vmlinuz-* 2>/dev/null | head -1)
  [[ -f $VMLINUZ ]] || die "kernel $KVER unpacked but no vmlinuz found"
}

# ---------------------------------------------------------------- 3. initramfs
# Module closure in load order (dependencies first), from modules.dep.
module_closure() {
  local dep=$KDIR/$MODREL/modules.dep
  declare -A seen=()
  visit() {
    local path=$1 line d
    [[ -n "${seen[$path]:-}" ]] && return 0
    seen[$path]=1
    line=$(grep -m1 "^$path:" "$dep") || die "module $path not in modules.dep"
    for d in ${line#*:}; do visit "$d"; done
    echo "$path"
  }
  local m path
  for m in "$@"; do
    path=$(grep -m1 -E "(^|/)$m\.ko(\.[a-z]+)?:" "$dep" | cut -d: -f1) || true
    [[ -n "$path" ]] || die "kernel $KVER has no module $m"
    visit "$path"
  done
}

build_initramfs() {
  local root=$RUN/initramfs
  rm -rf "$root"
  mkdir -p "$root"/{bin,dev,proc,sys,host,rw,newroot,modules}
  cp /bin/busybox "$root/bin/busybox"
  cp "$HERE/init.sh" "$root/init"
  chmod 755 "$root/init"
  local p name mods
  mods=$(module_closure 9pnet_virtio 9p overlay) || die "cannot resolve the initramfs modules (9p, overlay)"
  : >"$root/modules/order"
  for p in $mods; do
    name=$(basename "$p")
    case $name in
      *.xz) name=${name%.xz}; xz -dc "$KDIR/$MODREL/$p" >"$root/modules/$name" ;;
      *.zst) name=${name%.zst}; zstd -qdc "$KDIR/$MODREL/$p" >"$root/modules/$name" ;;
      *) cp "$KDIR/$MODREL/$p" "$root/modules/$name" ;;
    esac
    echo "$name" >>"$root/modules/order"
  done
  (cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$RUN/initrd.gz"
}

# ---------------------------------------------------------------- 4. test classpath (host build)
# Modules whose test classes hold @Tag("kernel") tests (package dev.tapekit.<module>.kernel); their
# test and main classes and the union of their test classpaths make up the guest JVM's class path.
TEST_MODULES=(tape-sgio tape-changer tape-backup)
# Packaged too: the pmt/pmtx launchers (tape-tools/target/dist/bin) that the guest compares with mt/mtx.
TOOLS_MODULE=tape-tools

# Whether a class path entry belongs to one of TEST_MODULES (already in front as class folders).
is_test_module() {
  local m
  for m in "${TEST_MODULES[@]}"; do
    [[ $1 == "$REPO/$m/"* ]] && return 0
  done
  return 1
}

build_tests() {
  local mvn=("$REPO/mvnw" -q -B -ntp) junit_version m entry cp_name=target/kernel-it-classpath.txt
  local modules
  modules=$(IFS=,; echo "${TEST_MODULES[*]}")
  say "compiling the tests of $modules, packaging $TOOLS_MODULE, resolving the test classpath"
  # One reactor run, so each module sees the others' freshly compiled classes, not jars in ~/.m2.
  local goals=(-pl "$modules,$TOOLS_MODULE" -am -DskipTests package dependency:build-classpath
    -Dmdep.includeScope=test -Dmdep.outputFile="$cp_name")
  if ! (cd "$REPO" && "${mvn[@]}" -o "${goals[@]}" >"$RUN/mvn.log" 2>&1); then
    (cd "$REPO" && "${mvn[@]}" "${goals[@]}" >"$RUN/mvn.log" 2>&1) \
      || { tail -40 "$RUN/mvn.log" >&2; die "building $modules,$TOOLS_MODULE failed (log: $RUN/mvn.log)"; }
  fi
  [[ -x $REPO/$TOOLS_MODULE/target/dist/bin/pmt && -x $REPO/$TOOLS_MODULE/target/dist/bin/pmtx ]] \
    || die "$TOOLS_MODULE/target/dist/bin has no pmt/pmtx launchers after packaging"
  junit_version=$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' "$REPO/pom.xml" | head -1)
  [[ -n "$junit_version" ]] || die "cannot read junit.version from pom.xml"
  CONSOLE_JAR=$CACHE/junit/junit-platform-console-standalone-$junit_version.jar
  if [[ ! -f $CONSOLE_JAR ]]; then
    local cp=(dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_version"
      -DoutputDirectory="$CACHE/junit")
    if ! (cd "$REPO" && "${mvn[@]}" -o -N "${cp[@]}" >>"$RUN/mvn.log" 2>&1); then
      (cd "$REPO" && "${mvn[@]}" -N "${cp[@]}" >>"$RUN/mvn.log" 2>&1) \
        || { tail -40 "$RUN/mvn.log" >&2; die "cannot fetch junit-platform-console-standalone $junit_version"; }
    fi
  fi
  TEST_CLASSPATH=
  TEST_DIRS=
  declare -A seen=()
  for m in "${TEST_MODULES[@]}"; do
    TEST_DIRS+="${TEST_DIRS:+:}$REPO/$m/target/test-classes"
    TEST_CLASSPATH+="${TEST_CLASSPATH:+:}$REPO/$m/target/test-classes:$REPO/$m/target/classes"
  done
  for m in "${TEST_MODULES[@]}"; do
    [[ -f $REPO/$m/$cp_name ]] || die "no test classpath written for $m (log: $RUN/mvn.log)"
    while IFS= read -r -d : entry || [[ -n $entry ]]; do
      entry=${entry%$'\n'}
      # The test modules are already in front, as class folders; the other modules they depend on
      # (tape-scsi and its test-jar) come as the jars this reactor run just built.
      [[ -z $entry || -n ${seen[$entry]:-} ]] && continue
      is_test_module "$entry" && continue
      seen[$entry]=1
      TEST_CLASSPATH+=":$entry"
    done <"$REPO/$m/$cp_name"
  done
}

# ---------------------------------------------------------------- 5. tgt tape library on host loopback
tgt_admin() { LD_LIBRARY_PATH=$CACHE/root/usr/lib/$MULTIARCH "$CACHE/root/usr/sbin/tgtadm" -C "$TGT_CONTROL" --lld iscsi "$@"; }

# A TCP port nobody listens on (IPv4 and IPv6 listeners from /proc/net), below 32000 because the
# same number serves as tgtd's control port (-C), which tgtd keeps in a signed 16-bit integer.
free_port() {
  local used=" " hex port
  for hex in $(awk 'NR > 1 && $4 == "0A" { n = split($2, a, ":"); print a[n] }' /proc/net/tcp /proc/net/tcp6 2>/dev/null); do
    used+="$((16#$hex)) "
  done
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 12000))
    [[ "$used" == *" $port "* ]] || { echo "$port"; return 0; }
  done
  die "no free TCP port found"
}

# One library set-up step; the first failure stops the harness with tgtadm's message.
tgt_do() {
  echo "+ tgtadm $*" >>"$RUN/tgtadm.log"
  tgt_admin "$@" >>"$RUN/tgtadm.log" 2>&1 || { tail -n 3 "$RUN/tgtadm.log" >&2; die "tgtadm could not set up the tape library"; }
}

TGT_IQN=iqn.2026-01.dev.tapekit:kernel-it.vtl
TAPES=8
SLOTS=10
# The open-iscsi run's own library, so it never meets the tapes and drives of the QEMU-client run.
OI_TGT_IQN=iqn.2026-01.dev.tapekit:kernel-it.open-iscsi
OI_TAPES=4

# tgt_library TID IQN DIR SERIAL0 SIZE_MB BARCODE...: target TID named IQN with a changer on LUN 1
# (STK L700, serial TKCHGR000<TID>) and drives on LUNs 2 and 3 (IBM ULT3580-TD8, serials
# TKDRV000<SERIAL0> and TKDRV000<SERIAL0+1>), SLOTS slots and one I/E slot; tape images of SIZE_MB MB
# under DIR/media, one per BARCODE, fill the first slots. Everyone may log in (bind ALL).
tgt_library() {
  local tid=$1 iqn=$2 dir=$3 serial0=$4 size=$5 ld=$CACHE/root/usr/lib/$MULTIARCH i bc
  shift 5
  local media=$dir/media
  mkdir -p "$media"
  for bc in "$@"; do
    LD_LIBRARY_PATH=$ld "$CACHE/root/usr/sbin/tgtimg" --op new --device-type tape --barcode "$bc" --size "$size" \
      --type data --file "$media/$bc" >/dev/null || die "tgtimg could not create tape $bc"
  done
  head -c 1024 /dev/zero >"$dir/changer.placeholder"
  # A drive LUN needs a valid tape image to start with; it is taken offline (empty) right after.
  for i in 0 1; do
    LD_LIBRARY_PATH=$ld "$CACHE/root/usr/sbin/tgtimg" --op new --device-type tape --barcode "NOTAPE$tid$i" --size 1 \
      --type data --file "$dir/drive$i.placeholder" >/dev/null || die "tgtimg could not create a drive placeholder"
  done
  tgt_do --op new --mode target --tid "$tid" -T "$iqn"
  # LUN 1: the changer (SMC), LUNs 2 and 3: the drives (SSC).
  tgt_do --op new --mode logicalunit --tid "$tid" --lun 1 -b "$dir/changer.placeholder" --device-type=changer
  tgt_do --op update --mode logicalunit --tid "$tid" --lun 1 \
    --params "vendor_id=STK,product_id=L700,product_rev=0104,scsi_sn=TKCHGR000$tid,removable=1,media_home=$media"
  for i in 0 1; do
    tgt_do --op new --mode logicalunit --tid "$tid" --lun $((2 + i)) -b "$dir/drive$i.placeholder" --device-type=tape
    tgt_do --op update --mode logicalunit --tid "$tid" --lun $((2 + i)) \
      --params "vendor_id=IBM,product_id=ULT3580-TD8,product_rev=Q3F0,scsi_sn=TKDRV000$((serial0 + i)),removable=1,online=0"
  done
  tgt_do --op update --mode logicalunit --tid "$tid" --lun 1 --params element_type=4,start_address=256,quantity=2
  tgt_do --op update --mode logicalunit --tid "$tid" --lun 1 --params "element_type=4,address=256,tid=$tid,lun=2"
  tgt_do --op update --mode logicalunit --tid "$tid" --lun 1 --params "element_type=4,address=257,tid=$tid,lun=3"
  tgt_do --op update --mode logicalunit --tid "$tid" --lun 1 --params element_type=1,start_address=1,quantity=1
  tgt_do --op update --mode logicalunit --tid "$tid" --lun 1 --params element_type=3,start_address=768,quantity=1
  tgt_do --op update --mode logicalunit --tid "$tid" --lun 1 --params "element_type=2,start_address=1024,quantity=$SLOTS"
  i=0
  for bc in "$@"; do
    tgt_do --op update --mode logicalunit --tid "$tid" --lun 1 \
      --params "element_type=2,address=$((1024 + i)),barcode=$bc,sides=1"
    i=$((i + 1))
  done
  tgt_do --op bind --mode target --tid "$tid" -I ALL
}

# CHAP secrets for the tgt-served open-iscsi library: fresh each run (the account exists only in
# this tgtd), 16 characters, as RFC 7143 asks of CHAP secrets (at least 12 bytes, and different ones
# for each direction).
chap_secret() { head -c 12 /dev/urandom | base64 | tr '+/' 'xy'; }

start_tgt() {
  local tgt=$RUN/tgt i
  mkdir -p "$tgt"
  TGT_PORT=$(free_port) || die "no free TCP port for tgtd"
  TGT_CONTROL=$TGT_PORT
  say "starting tgtd on 127.0.0.1:$TGT_PORT"
  LD_LIBRARY_PATH=$CACHE/root/usr/lib/$MULTIARCH "$CACHE/root/usr/sbin/tgtd" -f -C "$TGT_CONTROL" \
    --iscsi "portal=127.0.0.1:$TGT_PORT" >"$RUN/tgtd.log" 2>&1 &
  TGTD_PID=$!
  for _ in $(seq 1 50); do
    tgt_admin --op show --mode system >/dev/null 2>&1 && break
    kill -0 "$TGTD_PID" 2>/dev/null || { cat "$RUN/tgtd.log" >&2; die "tgtd exited at start"; }
    sleep 0.2
  done
  tgt_admin --op show --mode system >/dev/null 2>&1 || die "tgtd did not answer on control port $TGT_CONTROL"
  : >"$RUN/tgtadm.log"
  : >"$RUN/barcodes.txt"
  if [[ -n $ATTACH_QEMU ]]; then
    for i in $(seq 1 "$TAPES"); do printf 'TK%04dL8\n' "$i" >>"$RUN/barcodes.txt"; done
    say "tgt library for the QEMU client: $TGT_IQN (2 drives, $SLOTS slots, $TAPES tapes)"
    # shellcheck disable=SC2046
    tgt_library 1 "$TGT_IQN" "$tgt" 0 64 $(cat "$RUN/barcodes.txt")
  fi
  if [[ -n $OI_TGT ]]; then
    local barcodes=()
    for i in $(seq 1 "$OI_TAPES"); do barcodes+=("$(printf 'TKI%03dL8' "$i")"); done
    OI_PORT=$TGT_PORT
    OI_IQN=$OI_TGT_IQN
    # The btape test writes 20 000 blocks: room for them with the block size it uses.
    tgt_library 2 "$OI_IQN" "$tgt/open-iscsi" 2 512 "${barcodes[@]}"
    OI_CHAP_USER=${OI_CHAP_USER:-kernel-it-initiator}
    OI_CHAP_SECRET=${OI_CHAP_SECRET:-$(chap_secret)}
    OI_CHAP_USER_IN=${OI_CHAP_USER_IN:-kernel-it-target}
    OI_CHAP_SECRET_IN=${OI_CHAP_SECRET_IN:-$(chap_secret)}
    # The initiator proves itself with CHAP (incoming account) and the target proves itself back
    # (outgoing account): mutual CHAP.
    tgt_do --op new --mode account --user "$OI_CHAP_USER" --password "$OI_CHAP_SECRET"
    tgt_do --op bind --mode account --tid 2 --user "$OI_CHAP_USER"
    tgt_do --op new --mode account --user "$OI_CHAP_USER_IN" --password "$OI_CHAP_SECRET_IN"
    tgt_do --op bind --mode account --tid 2 --user "$OI_CHAP_USER_IN" --outgoing
    # What tgt's tape and changer emulation cannot do (see the README's table): the checks expect
    # these to be refused and record a skip naming the target.
    OI_LACKS=${TAPEKIT_KERNEL_ISCSI_LACKS-log-sense eod-sense bsf}
    say "tgt library for open-iscsi: $OI_IQN (2 drives, $SLOTS slots, $OI_TAPES tapes, mutual CHAP)"
  fi
}

# tapekit's own iSCSI target on host loopback: `tape vtl serve` with two virtual L700 libraries, KITQ
# for QEMU's iSCSI client (its changer and first drive, LUNs 0 and 1) and KITO for the guest's
# open-iscsi run (mutual CHAP; SendTargets advertises 10.0.2.2, the host as the guest reaches it).
TK_IQN_PREFIX=iqn.2026-12.dev.tapekit:
TK_QEMU_AUTH=
start_tapekit() {
  local tk=$RUN/tapekit libs=() i
  mkdir -p "$tk/etc" "$tk/home" "$tk/lock"
  tk_tape() {
    env TAPEKIT_CONFIG="$tk/etc" TAPEKIT_HOME="$tk/home" TAPEKIT_LOCK_DIR="$tk/lock" TAPEKIT_VTL_HOME="$tk/home/vtl" \
      "$REPO/$TOOLS_MODULE/target/dist/bin/tape" "$@"
  }
  [[ -n $ATTACH_QEMU ]] && libs+=(KITQ)
  [[ -n $OI_TAPEKIT ]] && libs+=(KITO)
  for i in "${libs[@]}"; do
    tk_tape vtl create "$i" --no-config --capacity 256M >>"$RUN/tapekit.log" 2>&1 \
      || { tail -5 "$RUN/tapekit.log" >&2; die "tape vtl create $i failed"; }
  done
  TK_PORT=$(free_port) || die "no free TCP port for tape vtl serve"
  local args=(vtl serve --listen "127.0.0.1:$TK_PORT" --advertise "10.0.2.2:$TK_PORT")
  if [[ -n $OI_TAPEKIT ]]; then
    OI_PORT=$TK_PORT
    OI_IQN=${TK_IQN_PREFIX}kito
    OI_CHAP_USER=${OI_CHAP_USER:-kernel-it-initiator}
    OI_CHAP_SECRET=${OI_CHAP_SECRET:-$(chap_secret)}
    OI_CHAP_USER_IN=${OI_CHAP_USER_IN:-kernel-it-target}
    OI_CHAP_SECRET_IN=${OI_CHAP_SECRET_IN:-$(chap_secret)}
    printf '%s\n' "$OI_CHAP_SECRET" >"$tk/chap-initiator"
    printf '%s\n' "$OI_CHAP_SECRET_IN" >"$tk/chap-target"
    args+=(--chap-user "$OI_CHAP_USER" --chap-secret-file "$tk/chap-initiator"
      --mutual-user "$OI_CHAP_USER_IN" --mutual-secret-file "$tk/chap-target")
    OI_LACKS=${TAPEKIT_KERNEL_ISCSI_LACKS-}
    # CHAP is the server's, so QEMU's client logs in to KITQ with it too (one-way: libiscsi's URL form).
    TK_QEMU_AUTH="$OI_CHAP_USER%$OI_CHAP_SECRET@"
  fi
  say "starting tape vtl serve on 127.0.0.1:$TK_PORT (${libs[*]}, virtual L700s)"
  # Not through tk_tape: a function in the background is a subshell, and its PID would not be the
  # JVM's (env and the launcher exec, so $! is the server itself and SIGTERM reaches it).
  env TAPEKIT_CONFIG="$tk/etc" TAPEKIT_HOME="$tk/home" TAPEKIT_LOCK_DIR="$tk/lock" TAPEKIT_VTL_HOME="$tk/home/vtl" \
    "$REPO/$TOOLS_MODULE/target/dist/bin/tape" "${args[@]}" "${libs[@]}" >"$RUN/tape-vtl-serve.log" 2>&1 &
  SERVE_PID=$!
  for _ in $(seq 1 150); do
    grep -q '^stop with' "$RUN/tape-vtl-serve.log" 2>/dev/null && break
    kill -0 "$SERVE_PID" 2>/dev/null || { cat "$RUN/tape-vtl-serve.log" >&2; die "tape vtl serve exited at start"; }
    sleep 0.2
  done
  grep -q '^stop with' "$RUN/tape-vtl-serve.log" || { cat "$RUN/tape-vtl-serve.log" >&2; die "tape vtl serve did not start in 30 s"; }
  [[ -n $OI_TAPEKIT ]] && say "tapekit library for open-iscsi: $OI_IQN (4 drives, 39 slots, mutual CHAP, digests $OI_DIGEST)"
  return 0
}

# The caller's own target for the open-iscsi run must already listen.
check_external_target() {
  (exec 3<>"/dev/tcp/127.0.0.1/$OI_PORT") 2>/dev/null \
    || die "nothing listens on 127.0.0.1:$OI_PORT (TAPEKIT_KERNEL_ISCSI_PORT): start the iSCSI target first"
  say "open-iscsi target: $OI_IQN on 127.0.0.1:$OI_PORT (the guest reaches it as 10.0.2.2:$OI_PORT)"
}

# ---------------------------------------------------------------- 6. guest
write_guest_env() {
  # It may hold CHAP secrets.
  touch "$RUN/guest.env" && chmod 600 "$RUN/guest.env"
  {
    printf 'KVER=%q\n' "$KVER"
    printf 'REPO=%q\n' "$REPO"
    printf 'GUEST_JAVA=%q\n' "$GUEST_JAVA"
    printf 'CONSOLE_JAR=%q\n' "/hw/${CONSOLE_JAR#"$W"/}"
    printf 'TEST_CLASSPATH=%q\n' "$TEST_CLASSPATH"
    printf 'TEST_DIRS=%q\n' "$TEST_DIRS"
    printf 'TAPES=%q\nSLOTS=%q\n' "$TAPES" "$SLOTS"
    printf 'TEST_SELECT=%q\n' "${TAPEKIT_KERNEL_TEST:-}"
    printf 'NO_SHELL_CHECKS=%q\n' "${TAPEKIT_KERNEL_NO_SHELL_CHECKS:-}"
    printf 'DEBUG_SHELL=%q\n' "${TAPEKIT_KERNEL_SHELL:-}"
    printf 'ATTACH_QEMU=%q\nATTACH_OPEN_ISCSI=%q\n' "$ATTACH_QEMU" "$ATTACH_OPEN_ISCSI"
    printf 'OI_ROOT=%q\n' "/hw/${CACHE#"$W"/}/root"
    printf 'OI_PORTAL=%q\n' "10.0.2.2:$OI_PORT"
    printf 'OI_IQN=%q\nOI_LUNS=%q\nOI_DIGEST=%q\nOI_LACKS=%q\nOI_BTAPE=%q\n' "$OI_IQN" "$OI_LUNS" "$OI_DIGEST" "$OI_LACKS" "$OI_BTAPE"
    printf 'OI_CHAP_USER=%q\nOI_CHAP_SECRET=%q\n' "$OI_CHAP_USER" "$OI_CHAP_SECRET"
    printf 'OI_CHAP_USER_IN=%q\nOI_CHAP_SECRET_IN=%q\n' "$OI_CHAP_USER_IN" "$OI_CHAP_SECRET_IN"
    printf 'OI_BTAPE_DRIVE=%q\n' "${OI_BTAPE_DRIVE:-}"
    printf 'OI_TAPE_TOOL=%q\n' "$([[ -n $OI_TAPEKIT ]] && echo 1)"
    printf 'OI_DISCOVERY_CHAP=%q\n' "$([[ -n $OI_TAPEKIT ]] && echo 1)"
  } >"$RUN/guest.env"
}

boot_guest() {
  local qemu_args lun=0 id
  qemu_args=(-accel tcg,thread=multi -cpu max -smp 2 -m 2048 -nographic -no-reboot -net none
    -fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap
    -device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
    -fsdev "local,id=work,path=$W,security_model=none" -device virtio-9p-pci,fsdev=work,mount_tag=work
    -kernel "$VMLINUZ" -initrd "$RUN/initrd.gz"
    -append "console=ttyS0 panic=-1 quiet loglevel=4 tk.kver=$KVER tk.moddir=/hw/cache/kernel/$KVER/$MODREL tk.script=$HERE/guest.sh tk.env=/hw/run/guest.env")
  if [[ -n $ATTACH_QEMU ]]; then
    qemu_args+=(-device virtio-scsi-pci,id=scsi0)
    for lun in 1 2 3; do
      id=tgt$lun
      qemu_args+=(-drive "file=iscsi://127.0.0.1:$TGT_PORT/$TGT_IQN/$lun,if=none,id=$id,format=raw"
        -device "scsi-generic,drive=$id,bus=scsi0.0,channel=0,scsi-id=$lun,lun=0")
    done
    # tapekit's served KITQ: its changer (LUN 0) and first drive (LUN 1) at SCSI ids 4 and 5.
    for lun in 0 1; do
      id=kit$lun
      qemu_args+=(-drive "file=iscsi://${TK_QEMU_AUTH}127.0.0.1:$TK_PORT/${TK_IQN_PREFIX}kitq/$lun,if=none,id=$id,format=raw"
        -device "scsi-generic,drive=$id,bus=scsi0.0,channel=0,scsi-id=$((4 + lun)),lun=0")
    done
  fi
  if [[ -n $ATTACH_OPEN_ISCSI ]]; then
    # User-mode networking (slirp): the guest is 10.0.2.15, and 10.0.2.2 is the host's loopback as
    # the QEMU process sees it; nothing listens in the guest, nothing is forwarded into it.
    qemu_args+=(-netdev user,id=net0,net=10.0.2.0/24,host=10.0.2.2 -device virtio-net-pci,netdev=net0)
  fi
  say "booting kernel $KVER under QEMU TCG (limit ${GUEST_TIMEOUT}s)"
  local env_qemu=(env "QEMU_MODULE_DIR=$CACHE/root/usr/lib/$MULTIARCH/qemu" "LD_LIBRARY_PATH=$CACHE/root/usr/lib/$MULTIARCH")
  local rc=0
  if [[ "${TAPEKIT_KERNEL_SHELL:-}" == 1 ]]; then
    "${env_qemu[@]}" timeout --foreground --kill-after=10 "$GUEST_TIMEOUT" qemu-system-x86_64 "${qemu_args[@]}" \
      2>&1 | tee "$RUN/console.log" || rc=$?
  else
    local attempt
    for attempt in 1 2; do
      rc=0
      if [[ "${TAPEKIT_KERNEL_VERBOSE:-}" == 1 ]]; then
        "${env_qemu[@]}" timeout --kill-after=10 "$GUEST_TIMEOUT" qemu-system-x86_64 "${qemu_args[@]}" \
          </dev/null > >(tee "$RUN/console.log") 2>&1 &
      else
        "${env_qemu[@]}" timeout --kill-after=10 "$GUEST_TIMEOUT" qemu-system-x86_64 "${qemu_args[@]}" \
          </dev/null >"$RUN/console.log" 2>&1 &
      fi
      QEMU_PID=$!
      wait "$QEMU_PID" || rc=$?
      QEMU_PID=
      # The guest kernel has panicked under TCG within its first seconds, before init ran anything (twice
      # in about ten runs: enqueue_timer / set_next_task_fair, "Fatal exception in interrupt"). Nothing
      # had touched a device yet (no check recorded), so one more boot is safe; a later panic is a failure.
      if ((attempt == 1)) && [[ ! -s $RES/checks.tsv && ! -f $RES/done ]] && grep -q 'Kernel panic' "$RUN/console.log"; then
        cp "$RUN/console.log" "$RUN/console-panic.log"
        say "the guest kernel panicked before its script ran (console kept in $RUN/console-panic.log); booting again"
        continue
      fi
      break
    done
  fi
  if ((rc == 124 || rc == 137)); then
    echo "FAIL	guest	QEMU killed after ${GUEST_TIMEOUT}s (guest hung or too slow); console: $RUN/console.log" >>"$RES/host-checks.tsv"
  elif ((rc != 0)); then
    echo "FAIL	guest	QEMU exited with status $rc; console: $RUN/console.log" >>"$RES/host-checks.tsv"
  fi
}

# ---------------------------------------------------------------- 7. results
report() {
  local passed=0 failed=0 skipped=0 t f e s x
  [[ -f $RES/done ]] || echo "FAIL	guest	the guest did not finish its script (see $RUN/console.log)" >>"$RES/host-checks.tsv"
  while IFS=$'\t' read -r status name detail; do
    case $status in
      PASS) passed=$((passed + 1)) ;;
      FAIL) failed=$((failed + 1)); printf '  FAIL %s: %s\n' "$name" "$detail" ;;
      SKIP) skipped=$((skipped + 1)) ;;
    esac
  done < <(cat "$RES/checks.tsv" "$RES/host-checks.tsv" 2>/dev/null)
  local xml_count=0
  for x in "$RES"/junit/TEST-*.xml; do
    [[ -f $x ]] || continue
    xml_count=$((xml_count + 1))
    # Sum the per-suite attributes of the Console Launcher's legacy XML report.
    read -r t f e s < <(awk '/<testsuite /{
        for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"|>/, "", kv[2]);
          if (kv[1] == "tests") T += kv[2]; else if (kv[1] == "failures") F += kv[2];
          else if (kv[1] == "errors") E += kv[2]; else if (kv[1] == "skipped") S += kv[2] } }
        END { print T + 0, F + 0, E + 0, S + 0 }' "$x")
    passed=$((passed + t - f - e - s))
    failed=$((failed + f + e))
    skipped=$((skipped + s))
  done
  # Discovery skips a class it cannot load without failing the run: every kernel test class must
  # have run (unless one was selected with TAPEKIT_KERNEL_TEST).
  if [[ -n $ATTACH_QEMU && -z ${TAPEKIT_KERNEL_TEST:-} && -f $RES/done ]] && ((xml_count > 0)); then
    local expected ran missing
    expected=$(for d in ${TEST_DIRS//:/ }; do find "$d" -path '*/kernel/*Test.class' ! -name '*$*'; done \
      | sed 's:.*/::; s:\.class$::' | sort -u)
    ran=$(grep -ho 'classname="[^"]*"' "$RES"/junit/TEST-*.xml | sed 's/classname="//; s/"$//; s:.*\.::' | sort -u)
    missing=$(comm -23 <(echo "$expected") <(echo "$ran") | tr '\n' ' ')
    if [[ -n ${missing// /} ]]; then
      failed=$((failed + 1))
      echo "  FAIL junit: kernel test classes that did not run (not loadable? see $RES/junit-console.txt): $missing"
    fi
  fi
  local jvm_status
  jvm_status=$(cat "$RES/junit-exit" 2>/dev/null || echo none)
  if [[ -z $ATTACH_QEMU ]]; then
    : # no JUnit run without the QEMU-client devices
  elif ((xml_count == 0)) && [[ -f $RES/done ]]; then
    failed=$((failed + 1))
    echo "  FAIL junit: no JUnit XML report was written (JVM exit status $jvm_status; see $RES/junit-console.txt)"
  elif [[ -f $RES/done && $jvm_status != 0 ]] && ((failed == 0)); then
    # No failed test, yet the launcher failed: no tests found (--fail-if-no-tests) or a crash.
    failed=$((failed + 1))
    echo "  FAIL junit: the JUnit launcher exited with status $jvm_status (see $RES/junit-console.txt)"
  fi
  if [[ ! -f $RES/done ]]; then
    echo "-- last lines of the guest console ($RUN/console.log):"
    tail -n 40 "$RUN/console.log" 2>/dev/null | sed 's/^/   | /'
  elif ((failed)) && [[ -f $RES/junit-console.txt ]]; then
    echo "-- JUnit console ($RES/junit-console.txt), failures:"
    grep -E '✘|=>|Exception|Error|expected' "$RES/junit-console.txt" | head -n 60 | sed 's/^/   | /'
  fi
  grep -h '^SKIP' "$RES/checks.tsv" "$RES/host-checks.tsv" 2>/dev/null | sed 's/^SKIP\t/   skipped: /; s/\t/: /' || true
  if [[ -n $ATTACH_OPEN_ISCSI ]]; then
    local oi_pass oi_fail oi_skip
    oi_pass=$(grep -c $'^PASS\topen-iscsi\.' "$RES/checks.tsv" 2>/dev/null || true)
    oi_fail=$(grep -c $'^FAIL\topen-iscsi\.' "$RES/checks.tsv" 2>/dev/null || true)
    oi_skip=$(grep -c $'^SKIP\topen-iscsi\.' "$RES/checks.tsv" 2>/dev/null || true)
    say "open-iscsi ($OI_IQN at 127.0.0.1:$OI_PORT): ${oi_pass:-0} passed, ${oi_fail:-0} failed, ${oi_skip:-0} skipped;" \
      "$(cat "$RES/open-iscsi-seconds" 2>/dev/null || echo '?') s of guest time"
  fi
  [[ -d $RES/junit ]] && bash "$REPO/.ci/skipped" "kernel harness JUnit" "$RES/junit"
  say "finished in $(($(date +%s) - START))s; results in $RES"
  echo "kernel: $passed passed, $failed failed, $skipped skipped"
  ((failed == 0))
}

main() {
  mkdir -p "$CACHE"
  rm -rf "$RUN"
  mkdir -p "$RES/junit" "$RES/ref"
  : >"$RES/host-checks.tsv"
  provision_host
  provision_kernel
  build_initramfs
  build_tests
  if [[ -n $ATTACH_QEMU || -n $OI_TGT ]]; then start_tgt; fi
  if [[ -n $ATTACH_QEMU || -n $OI_TAPEKIT ]]; then start_tapekit; fi
  if [[ -n $ATTACH_OPEN_ISCSI && -z $OI_TGT && -z $OI_TAPEKIT ]]; then check_external_target; fi
  write_guest_env
  boot_guest
  report
}

main "$@"
