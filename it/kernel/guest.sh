#!/bin/bash
# Runs inside the kernel-it guest (root of a chroot whose / is the host's root, read-only under a
# tmpfs overlay; /hw is the harness work folder). Loads the SCSI drivers, discovers the devices
# through sysfs, runs shell-level checks with mt, mtx and sg3_utils (recording their output as
# reference files for the Java tests), then runs the JUnit tag "kernel" in one JVM.
#
# Results: /hw/run/results/checks.tsv ("PASS|FAIL<TAB>name<TAB>detail" per check), checks/<name>.log
# (full output), ref/ (reference outputs), devices.properties (device map), junit/ (JUnit XML),
# junit-console.txt, done (written last).
set -u
# shellcheck source=/dev/null
source "$1"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8
# For the pmt/pmtx launchers: the guest's JDK, and JIT settings that start faster under TCG.
export JAVA_HOME=$GUEST_JAVA TAPEKIT_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djna.tmpdir=/tmp"
RES=/hw/run/results
REF=$RES/ref
LOGS=$RES/checks
DEVICES=$RES/devices.properties
mkdir -p "$REF" "$LOGS"
: >"$RES/checks.tsv"
# Keep the console's input for the debug shell: no check or JVM may read (and eat) it.
exec 3<&0 </dev/null

uptime_s() { cut -d' ' -f1 /proc/uptime; }
say() { echo "kernel-it guest [$(uptime_s)s]: $*"; }

# check NAME COMMAND...: runs COMMAND (a shell function or program), logs its output and records
# PASS/FAIL; the detail of a failure is the last line of output. Exit status 77 records SKIP, the
# last line of output saying why.
check() {
  local name=$1 rc
  shift
  "$@" >"$LOGS/$name.log" 2>&1
  rc=$?
  if ((rc == 0)); then
    printf 'PASS\t%s\t\n' "$name" >>"$RES/checks.tsv"
    say "PASS $name"
  elif ((rc == 77)); then
    printf 'SKIP\t%s\t%s\n' "$name" "$(tail -n 1 "$LOGS/$name.log" | tr '\t' ' ')" >>"$RES/checks.tsv"
    say "SKIP $name: $(tail -n 1 "$LOGS/$name.log")"
  else
    printf 'FAIL\t%s\t%s\n' "$name" "$(tail -n 1 "$LOGS/$name.log" | tr '\t' ' ')" >>"$RES/checks.tsv"
    say "FAIL $name (exit $rc):"
    tail -n 15 "$LOGS/$name.log" | sed 's/^/    | /'
  fi
  return "$rc"
}

# Small assertions for check bodies; each prints what it expected when it fails.
expect_grep() { # FILE REGEX [WHAT]
  grep -Eq -- "$2" "$1" || { cat "$1"; echo "expected ${3:-/$2/} in $(basename "$1")"; return 1; }
}
expect_eq() { # ACTUAL EXPECTED WHAT
  [[ "$1" == "$2" ]] || { echo "$3: expected '$2', got '$1'"; return 1; }
}
run() { echo "+ $*"; "$@"; }

# ---------------------------------------------------------------- drivers and devices
load_modules() {
  run modprobe sg && run modprobe st && run modprobe ch \
    && run modprobe scsi_debug ptype=1 delay=0 \
    && run modprobe virtio_scsi
}

declare -A DEV=()
# A sysfs attribute without trailing blanks, read with builtins only (process starts are slow under TCG).
sysfs_value() {
  local v
  read -r v <"$1" || true
  printf '%s' "${v%"${v##*[! ]}"}"
}

# Fills DEV[role.key] from /sys/class/scsi_generic: role sd (scsi_debug tape), drive0/drive1 (tgt
# tapes in H:C:T:L order), changer (tgt SMC).
discover() {
  local d dev sg type vendor model hctl node drives=() role i
  DEV=()
  for d in /sys/class/scsi_generic/sg*; do
    [[ -e $d/device/type ]] || continue
    dev=$d/device
    sg=/dev/${d##*/}
    type=$(sysfs_value "$dev/type")
    vendor=$(sysfs_value "$dev/vendor")
    model=$(sysfs_value "$dev/model")
    hctl=$(cd -P "$dev" && pwd)
    hctl=${hctl##*/}
    role=
    # tapekit's own target (tape vtl serve's KITQ) sits at SCSI ids 4 (changer) and 5 (drive 0).
    if [[ ${hctl#*:*:} == 4:0 && $type == 8 ]]; then
      DEV[kitq.changer.sg]=$sg
      DEV[kitq.changer.hctl]=$hctl
      continue
    elif [[ ${hctl#*:*:} == 5:0 && $type == 1 ]]; then
      DEV[kitq.drive.sg]=$sg
      DEV[kitq.drive.hctl]=$hctl
      continue
    fi
    if [[ $type == 1 && $model == scsi_debug* ]]; then
      role=sd
    elif [[ $type == 1 && $vendor == IBM ]]; then
      drives+=("$hctl $sg")
      continue
    elif [[ $type == 8 ]]; then
      role=changer
    fi
    [[ -n $role ]] || continue
    DEV[$role.sg]=$sg
    DEV[$role.hctl]=$hctl
  done
  i=0
  while read -r hctl sg; do
    [[ -n $sg ]] || continue
    DEV[drive$i.sg]=$sg
    DEV[drive$i.hctl]=$hctl
    i=$((i + 1))
  done < <(printf '%s\n' "${drives[@]}" | sort -V)
  for role in sd drive0 drive1 changer kitq.changer kitq.drive; do
    [[ -n ${DEV[$role.sg]:-} ]] || continue
    dev=/sys/class/scsi_generic/${DEV[$role.sg]#/dev/}/device
    DEV[$role.type]=$(sysfs_value "$dev/type")
    DEV[$role.vendor]=$(sysfs_value "$dev/vendor")
    DEV[$role.model]=$(sysfs_value "$dev/model")
    DEV[$role.rev]=$(sysfs_value "$dev/rev")
    for node in "$dev"/scsi_tape/nst*; do
      [[ ${node##*/} =~ ^nst[0-9]+$ ]] && DEV[$role.nst]=/dev/${node##*/}
    done
    for node in "$dev"/scsi_changer/sch*; do
      [[ -e $node ]] && DEV[$role.sch]=/dev/${node##*/}
    done
  done
}

wait_for_devices() {
  local deadline=$((SECONDS + 180))
  while ((SECONDS < deadline)); do
    discover
    if [[ -n ${DEV[sd.nst]:-} && -n ${DEV[drive0.nst]:-} && -n ${DEV[drive1.nst]:-} && -n ${DEV[changer.sch]:-} ]] \
      && [[ -e ${DEV[sd.nst]} && -e ${DEV[drive0.nst]} && -e ${DEV[drive1.nst]} && -e ${DEV[changer.sch]} ]] \
      && [[ -n ${DEV[kitq.changer.sch]:-} && -n ${DEV[kitq.drive.nst]:-} ]]; then
      write_device_map
      cat "$DEVICES"
      return 0
    fi
    sleep 0.5
  done
  ls -l /sys/class/scsi_generic/ /dev/sg* /dev/nst* /dev/sch* 2>&1
  for k in "${!DEV[@]}"; do echo "$k=${DEV[$k]}"; done
  echo "expected a scsi_debug tape, two tgt drives and a tgt changer, and tapekit's changer and drive, with st/ch nodes within 180 s"
  return 1
}

write_device_map() {
  {
    echo "# kernel-it device map, discovered from sysfs in the guest"
    for k in $(printf '%s\n' "${!DEV[@]}" | sort); do echo "$k=${DEV[$k]}"; done
    echo "library.tapes=$TAPES"
    echo "library.slots=$SLOTS"
    echo "library.barcodes=$(paste -sd, /hw/run/barcodes.txt)"
    echo "refs=$REF"
  } >"$DEVICES"
}

check_lsscsi() {
  run lsscsi -g | tee "$REF/lsscsi.txt"
  expect_eq "$(grep -c ' tape ' "$REF/lsscsi.txt")" 4 "tape lines in lsscsi -g (scsi_debug, 2 tgt, 1 tapekit)" || return 1
  expect_eq "$(grep -c ' mediumx ' "$REF/lsscsi.txt")" 2 "changer lines in lsscsi -g (tgt, tapekit)"
}

# ---------------------------------------------------------------- sg3_utils on every device
ROLES=(sd drive0 drive1 changer)

# References used by the Java tests: raw INQUIRY and VPD 0x80 bytes plus sg3_utils' text.
check_inquiry() {
  local role=$1 sg=${DEV[$1.sg]} pdt
  run sg_inq "$sg" | tee "$REF/$role.inq.txt" || return 1
  sg_inq --raw "$sg" >"$REF/$role.inq.bin" || return 1
  pdt=${DEV[$role.type]}
  expect_grep "$REF/$role.inq.txt" "PDT=$pdt( |$)" "PDT=$pdt" || return 1
  expect_grep "$REF/$role.inq.txt" "Vendor identification: ${DEV[$role.vendor]}" || return 1
  expect_grep "$REF/$role.inq.txt" "Product identification: ${DEV[$role.model]}"
}

check_vpd_serial() {
  local role=$1 sg=${DEV[$1.sg]}
  run sg_vpd --page=sn "$sg" | tee "$REF/$role.vpd80.txt" || return 1
  sg_vpd --page=sn --raw "$sg" >"$REF/$role.vpd80.bin" || return 1
  case $role in
    drive0) expect_grep "$REF/$role.vpd80.txt" "Unit serial number: +TKDRV0000$" ;;
    drive1) expect_grep "$REF/$role.vpd80.txt" "Unit serial number: +TKDRV0001$" ;;
    changer) expect_grep "$REF/$role.vpd80.txt" "Unit serial number: +TKCHGR0001$" ;;
    *) expect_grep "$REF/$role.vpd80.txt" "Unit serial number: +[0-9]+$" ;;
  esac
}

# LOG SENSE page 0 (supported pages) raw and every page as text; MODE SENSE all pages as text (the
# Java test takes its raw MODE SENSE reference itself, at the same device state).
check_logs() {
  local role=$1 sg=${DEV[$1.sg]}
  run sg_logs "$sg" | tee "$REF/$role.logs0.txt" || return 1
  sg_logs --raw "$sg" >"$REF/$role.logs0.bin" || return 1
  sg_logs --all "$sg" >"$REF/$role.logs-all.txt" 2>&1 || true
  expect_grep "$REF/$role.logs0.txt" "Supported log pages"
}

check_modes() {
  local role=$1 sg=${DEV[$1.sg]}
  run sg_modes --all "$sg" | tee "$REF/$role.modes.txt" || return 1
  if [[ $role == sd ]]; then
    # Evidence for the quirk the Java tests work around: scsi_debug's Data Compression page (0Fh) is
    # not in --all, and its page length byte announces more bytes than the reply holds.
    echo "+ sg_modes --page=0x0f --raw $sg"
    sg_modes --page=0x0f --raw "$sg" >"$REF/sd.modes-0f.bin" || return 1
    od -An -tx1 "$REF/sd.modes-0f.bin"
  fi
  expect_grep "$REF/$role.modes.txt" "Mode parameter header from MODE SENSE\(10\)"
}

# A unit attention (power on / reset) may be pending on a fresh device: the first TEST UNIT READY
# reports it, the next must be GOOD, or NOT READY when called as "ROLE empty" (drive without tape).
clear_unit_attention() {
  local sg=${DEV[$1.sg]} out
  run sg_turs "$sg" || true
  out=$(sg_turs "$sg" 2>&1)
  local rc=$?
  echo "$out"
  if [[ ${2:-} == empty ]]; then
    grep -q 'device not ready' <<<"$out" || { echo "an empty drive must answer NOT READY"; return 1; }
  else
    ((rc == 0)) || { echo "TEST UNIT READY is not GOOD after the unit attention"; return 1; }
  fi
}

# READ BLOCK LIMITS through sg_raw: the 6 bytes the Java test compares with its own.
check_read_block_limits() {
  run sg_raw -r 6 -o "$REF/sd.read-block-limits.bin" "${DEV[sd.sg]}" 05 00 00 00 00 00 || return 1
  od -An -tx1 "$REF/sd.read-block-limits.bin"
  expect_eq "$(stat -c %s "$REF/sd.read-block-limits.bin")" 6 "READ BLOCK LIMITS length"
}

# ---------------------------------------------------------------- mt on the scsi_debug tape
# Layout written: 3 blocks of 1000 bytes, filemark, filemark, EOD -> logical blocks 0-2 data,
# 3 and 4 filemarks, 5 EOD. scsi_debug keeps only the first 4 bytes of each block.
check_mt_scsi_debug() {
  local nst=${DEV[sd.nst]} out i
  run mt -f "$nst" rewind || return 1
  run mt -f "$nst" setblk 0 || return 1
  head -c 3000 /dev/urandom >/tmp/sd.data
  # st writes one filemark when a device written to is closed.
  run dd if=/tmp/sd.data of="$nst" bs=1000 count=3 status=none || return 1
  run mt -f "$nst" weof 1 || return 1
  run mt -f "$nst" rewind || return 1
  run mt -f "$nst" fsf 1 || return 1
  out=$(mt -f "$nst" tell) && echo "$out"
  expect_eq "$out" "At block 4." "mt tell after fsf 1" || return 1
  run mt -f "$nst" eod || return 1
  out=$(mt -f "$nst" tell) && echo "$out"
  expect_eq "$out" "At block 5." "mt tell at end of data" || return 1
  run mt -f "$nst" rewind || return 1
  run dd if="$nst" of=/tmp/sd.back bs=4096 count=3 status=none || return 1
  expect_eq "$(stat -c %s /tmp/sd.back)" 3000 "bytes read back from 3 variable blocks" || return 1
  for i in 0 1 2; do
    expect_eq "$(od -An -tx1 -j $((i * 1000)) -N4 /tmp/sd.back)" "$(od -An -tx1 -j $((i * 1000)) -N4 /tmp/sd.data)" \
      "first 4 bytes of block $i" || return 1
  done
  run mt -f "$nst" status | tee "$REF/sd.mt-status.txt"
  expect_grep "$REF/sd.mt-status.txt" "^File number=0, block number=3, partition=0\.$" || return 1
  expect_grep "$REF/sd.mt-status.txt" "^Tape block size 0 bytes\." || return 1
  expect_grep "$REF/sd.mt-status.txt" " ONLINE" || return 1
  run mt -f "$nst" offline || return 1
  mt -f "$nst" status >/tmp/sd.offline 2>&1
  cat /tmp/sd.offline
  if grep -q ONLINE /tmp/sd.offline; then echo "ONLINE still set after mt offline"; return 1; fi
  run mt -f "$nst" load || return 1
  run mt -f "$nst" rewind || return 1
  run mt -f "$nst" status | tee /tmp/sd.online
  expect_grep /tmp/sd.online "BOT ONLINE"
}

# ---------------------------------------------------------------- mtx and data on the tgt library
check_mtx_status() {
  local ch=${DEV[changer.sg]} tags
  run mtx -f "$ch" status | tee "$REF/changer.mtx-status.txt" || return 1
  expect_grep "$REF/changer.mtx-status.txt" "^  Storage Changer $ch:2 Drives, $((SLOTS + 1)) Slots \( 1 Import/Export \)$" || return 1
  expect_grep "$REF/changer.mtx-status.txt" "^Data Transfer Element 0:Empty$" || return 1
  expect_grep "$REF/changer.mtx-status.txt" "^Data Transfer Element 1:Empty$" || return 1
  tags=$(sed -n 's/^      Storage Element [0-9]*:Full :VolumeTag=\([^ ]*\) *$/\1/p' "$REF/changer.mtx-status.txt" | paste -sd,)
  expect_eq "$tags" "$(paste -sd, /hw/run/barcodes.txt)" "volume tags of the full slots"
}

check_tgt_round_trip() {
  local ch=${DEV[changer.sg]} nst=${DEV[drive0.nst]}
  run mtx -f "$ch" load 1 0 || return 1
  run mtx -f "$ch" status >/tmp/mtx.loaded || return 1
  expect_grep /tmp/mtx.loaded "^Data Transfer Element 0:Full \(Storage Element 1 Loaded\):VolumeTag = TK0001L8" || return 1
  # The first access after the load sees the unit attention; st then reports the tape.
  mt -f "$nst" status >/dev/null 2>&1 || true
  run mt -f "$nst" status | tee /tmp/mt.tgt
  expect_grep /tmp/mt.tgt " ONLINE" || return 1
  run mt -f "$nst" rewind || return 1
  run mt -f "$nst" setblk 0 || return 1
  head -c $((4 * 1024 * 1024)) /dev/urandom >/tmp/tgt.data
  run dd if=/tmp/tgt.data of="$nst" bs=256k status=none || return 1
  run mt -f "$nst" rewind || return 1
  run dd if="$nst" of=/tmp/tgt.back bs=256k status=none || return 1
  run cmp /tmp/tgt.data /tmp/tgt.back || return 1
  run mt -f "$nst" rewind || return 1
  run mtx -f "$ch" unload 1 0 || return 1
  run mtx -f "$ch" status >/tmp/mtx.after || return 1
  run diff "$REF/changer.mtx-status.txt" /tmp/mtx.after
}

# ---------------------------------------------------------------- pmt / pmtx (tape-tools) against mt / mtx
PMT=$REPO/tape-tools/target/dist/bin/pmt
PMTX=$REPO/tape-tools/target/dist/bin/pmtx

# OUT CMD...: stdout and stderr of CMD, then its exit status as a last line "exit=N".
capture() {
  local out=$1
  shift
  "$@" >"$out" 2>&1
  echo "exit=$?" >>"$out"
}

# mtx status and pmtx status of the tgt changer, with exit statuses, must be identical.
same_changer_status() {
  local ch=${DEV[changer.sg]}
  capture /tmp/status.mtx mtx -f "$ch" status
  capture /tmp/status.pmtx "$PMTX" -f "$ch" status
  diff -u /tmp/status.mtx /tmp/status.pmtx
}

# Issue 5: pmtx status/load/unload/transfer print exactly what mtx prints on the same changer. The
# same four moves run first through pmtx, then through mtx; after each, both tools' status must be
# identical, and in the end each pmtx move must have printed what the same mtx move printed.
check_pmtx_vs_mtx() {
  local ch=${DEV[changer.sg]} empty=$((TAPES + 1)) tool step i j
  local steps=("load 3 1" "unload 3 1" "transfer 4 $empty" "transfer $empty 4")
  [[ -x $PMTX ]] || { echo "$PMTX is missing (tape-tools was not packaged)"; return 1; }
  same_changer_status || { echo "mtx and pmtx status differ at the start"; return 1; }
  cat /tmp/status.pmtx
  for tool in pmtx mtx; do
    i=0
    for step in "${steps[@]}"; do
      echo "+ $tool -f $ch $step"
      if [[ $tool == pmtx ]]; then
        # shellcheck disable=SC2086
        capture "/tmp/move.$tool.$i" "$PMTX" -f "$ch" $step
      else
        # shellcheck disable=SC2086
        capture "/tmp/move.$tool.$i" mtx -f "$ch" $step
      fi
      cat "/tmp/move.$tool.$i"
      same_changer_status || { echo "mtx and pmtx status differ after $tool $step"; return 1; }
      i=$((i + 1))
    done
  done
  for ((j = 0; j < ${#steps[@]}; j++)); do
    diff -u "/tmp/move.mtx.$j" "/tmp/move.pmtx.$j" || { echo "pmtx ${steps[j]} printed other text than mtx"; return 1; }
  done
}

# Issue 5: pmt status and mt status on the scsi_debug tape agree on block size and density, and on
# the file and block number wherever pmt knows them, at BOT, inside file 0 and at the start of file 1
# (st knows where it is because mt moved the tape; pmt asks the drive and never moves the tape). pmt
# takes the file number from the long READ POSITION form, which scsi_debug lacks: it then prints -1
# (as st does when it does not know), and a number pmt prints as -1 is not compared.
check_pmt_vs_mt() {
  local nst=${DEV[sd.nst]} move mt_pos pmt_pos field mt_n pmt_n
  [[ -x $PMT ]] || { echo "$PMT is missing (tape-tools was not packaged)"; return 1; }
  run mt -f "$nst" rewind || return 1
  for move in "" "fsr 2" "rewind fsf 1"; do
    if [[ -n $move ]]; then
      # shellcheck disable=SC2086
      set -- $move
      while (($#)); do
        if [[ $1 == rewind ]]; then run mt -f "$nst" rewind || return 1; shift; else run mt -f "$nst" "$1" "$2" || return 1; shift 2; fi
      done
    fi
    capture /tmp/st.mt mt -f "$nst" status
    capture /tmp/st.pmt "$PMT" -f "$nst" status
    cat /tmp/st.mt /tmp/st.pmt
    grep -q '^exit=0$' /tmp/st.pmt || { echo "pmt status failed"; return 1; }
    expect_eq "$(grep '^Tape block size ' /tmp/st.pmt)" "$(grep '^Tape block size ' /tmp/st.mt)" \
      "block size and density line of pmt status after '${move:-rewind}'" || return 1
    mt_pos=$(grep '^File number=' /tmp/st.mt)
    pmt_pos=$(grep '^File number=' /tmp/st.pmt)
    for field in 'File number' 'block number' 'partition'; do
      mt_n=$(sed -n "s/.*$field=\(-\{0,1\}[0-9]*\).*/\1/p" <<<"$mt_pos")
      pmt_n=$(sed -n "s/.*$field=\(-\{0,1\}[0-9]*\).*/\1/p" <<<"$pmt_pos")
      if [[ $pmt_n == -1 ]]; then
        echo "pmt does not know the $field (the drive cannot say it without a move); mt says $mt_n"
      else
        expect_eq "$pmt_n" "$mt_n" "$field of pmt status after '${move:-rewind}'" || return 1
      fi
    done
  done
  run mt -f "$nst" rewind
}

# Issue 9 (13): the tools installed under the names mtx and mt (links to the launchers, as
# bin/install-links makes them) against the real mtx and mt on the same kernel devices.
DROPIN=/tmp/dropin
make_dropin_links() {
  mkdir -p "$DROPIN" && ln -sfn "$PMTX" "$DROPIN/mtx" && ln -sfn "$PMT" "$DROPIN/mt"
}

# Every mtx command and every error a user can reach, run first through the link named mtx, then
# through mtx, on the tgt changer: each step must print the same stdout and stderr and exit with
# the same status. The sequence ends where it started. The tgt library holds TK0001L8..TK0008L8 in
# slots 1-8; slots 9 and 10 and the mail slot (11) are empty; drives 0 and 1 are empty.
check_mtx_dropin_vs_mtx() {
  local ch=${DEV[changer.sg]} mail=$((SLOTS + 1)) label step i j failed=0
  local steps=(
    "status" "inquiry" "load 3 0" "status" "load 4 0" "load 9 1" "unload 5 1" "unload 4 0"
    "load 99 1" "load 3 7" "unload 3 0"
    "first 0" "next 0" "next 0" "previous 0" "last 0" "status" "unload"
    "transfer 1 9" "transfer 2 9" "transfer 10 1" "transfer 9 1" "transfer 3 $mail" "status"
    "transfer $mail 3" "inventory" "nobarcode status" "load 1 0 unload 1 0 status" "frobnicate" "load abc")
  [[ -x $PMTX ]] || { echo "$PMTX is missing (tape-tools was not packaged)"; return 1; }
  make_dropin_links || return 1
  for label in link real; do
    i=0
    for step in "${steps[@]}"; do
      if [[ $label == link ]]; then
        # shellcheck disable=SC2086
        capture "/tmp/mtx.$label.$i" "$DROPIN/mtx" -f "$ch" $step
      else
        # shellcheck disable=SC2086
        capture "/tmp/mtx.$label.$i" mtx -f "$ch" $step
        echo "+ mtx -f $ch $step"
        cat "/tmp/mtx.$label.$i"
      fi
      i=$((i + 1))
    done
  done
  for ((j = 0; j < ${#steps[@]}; j++)); do
    if ! diff -u --label "mtx ${steps[j]}" --label "link named mtx: ${steps[j]}" \
        "/tmp/mtx.real.$j" "/tmp/mtx.link.$j"; then
      failed=1
    fi
  done
  same_changer_status || { echo "mtx and pmtx status differ at the end"; return 1; }
  ((failed == 0)) || { echo "the link named mtx printed or exited differently from mtx (diffs above)"; return 1; }
}

# mt against the link named mt on a tgt drive holding three files: the same positioning commands
# from the same start must print the same and exit with the same status (failures included), and
# after each, the status lines both can know agree: block size and density, and the file and block
# numbers unless the link prints -1 (tgt's READ POSITION always answers object 0, so pmt cannot
# know; st counts what it did itself).
check_mt_dropin_vs_mt() {
  local ch=${DEV[changer.sg]} nst=${DEV[drive1.nst]} label move i j failed=0 real_pos link_pos
  local moves=("fsf 1" "fsr 1" "bsf 1" "eod" "rewind" "fsf 2" "bsr 1" "bsf 5" "rewind" "fsf 9")
  make_dropin_links || return 1
  run mtx -f "$ch" load 5 1 || return 1
  mt -f "$nst" status >/dev/null 2>&1 || true # the unit attention of the load
  run mt -f "$nst" setblk 0 || return 1
  run mt -f "$nst" rewind || return 1
  for i in 1 2 3; do
    head -c 20000 /dev/urandom | dd of="$nst" bs=10000 status=none || return 1
    run mt -f "$nst" weof 1 || return 1
  done
  for label in real link; do
    run mt -f "$nst" rewind || return 1
    i=0
    for move in "${moves[@]}"; do
      if [[ $label == real ]]; then
        # shellcheck disable=SC2086
        capture "/tmp/mt.$label.$i" mt -f "$nst" $move
        capture "/tmp/mt.$label.$i.status" mt -f "$nst" status
      else
        # shellcheck disable=SC2086
        capture "/tmp/mt.$label.$i" "$DROPIN/mt" -f "$nst" $move
        capture "/tmp/mt.$label.$i.status" "$DROPIN/mt" -f "$nst" status
      fi
      i=$((i + 1))
    done
  done
  for ((j = 0; j < ${#moves[@]}; j++)); do
    echo "+ mt ${moves[j]}"
    cat "/tmp/mt.real.$j" "/tmp/mt.real.$j.status"
    diff -u --label "mt ${moves[j]}" --label "link named mt: ${moves[j]}" "/tmp/mt.real.$j" "/tmp/mt.link.$j" \
      || failed=1
    expect_eq "$(grep '^Tape block size ' "/tmp/mt.link.$j.status")" "$(grep '^Tape block size ' "/tmp/mt.real.$j.status")" \
      "block size and density line after 'mt ${moves[j]}'" || failed=1
    expect_eq "$(tail -n1 "/tmp/mt.link.$j.status")" "$(tail -n1 "/tmp/mt.real.$j.status")" \
      "exit status of status after 'mt ${moves[j]}'" || failed=1
    real_pos=$(grep '^File number=' "/tmp/mt.real.$j.status")
    link_pos=$(grep '^File number=' "/tmp/mt.link.$j.status")
    if [[ $link_pos != *"=-1"* ]]; then
      expect_eq "$link_pos" "$real_pos" "position line after 'mt ${moves[j]}'" || failed=1
    fi
  done
  run mt -f "$nst" rewind
  run mtx -f "$ch" unload 5 1 || return 1
  ((failed == 0)) || { echo "the link named mt differs from mt (see above)"; return 1; }
}

# tar through the kernel's st driver and pmt over SG_IO read each other's tape files on a tgt drive:
# a tar archive written with tar to /dev/nstN reads back byte for byte with 'pmt read', and what
# 'pmt write -b 65536' wrote reads back through st with dd and tar. Not 'pmt write's default 256 KiB
# blocks: on this guest st itself returns wrong bytes for a block of 157696 or 200000 bytes that st
# wrote (dd through st both ways; pmt reads the same tape file correctly) -- see it/kernel/README.md.
check_tar_st_vs_pmt() {
  local ch=${DEV[changer.sg]} nst=${DEV[drive1.nst]} sg=${DEV[drive1.sg]}
  run mtx -f "$ch" load 6 1 || return 1
  mt -f "$nst" status >/dev/null 2>&1 || true # the unit attention of the load
  run mt -f "$nst" setblk 0 || return 1
  run mt -f "$nst" rewind || return 1
  rm -rf /tmp/tarsrc && mkdir -p /tmp/tarsrc && head -c 300000 /dev/urandom >/tmp/tarsrc/a.bin \
    && seq 1 20000 >/tmp/tarsrc/b.txt || return 1
  run tar -C /tmp/tarsrc -cf /tmp/st.tar a.bin b.txt || return 1
  # tar to the tape through st (10240-byte records), st writes the filemark at close.
  run tar -C /tmp/tarsrc -cf "$nst" a.bin b.txt || return 1
  run mt -f "$nst" rewind || return 1
  "$PMT" -f "$sg" read --file 0 >/tmp/pmt.read || { echo "pmt read failed"; return 1; }
  run cmp /tmp/st.tar /tmp/pmt.read || return 1
  tar -tf /tmp/pmt.read | sort | tr '\n' ' ' >/tmp/pmt.list
  expect_eq "$(cat /tmp/pmt.list)" "a.bin b.txt " "files of the tar archive pmt read" || return 1
  # pmt write: the second tape file, after the first one's filemark.
  "$PMT" -f "$sg" rewind && "$PMT" -f "$sg" fsf 1 || { echo "pmt positioning failed"; return 1; }
  "$PMT" -f "$sg" write -b 65536 </tmp/st.tar || { echo "pmt write failed"; return 1; }
  run mt -f "$nst" rewind || return 1
  run mt -f "$nst" fsf 1 || return 1
  run dd if="$nst" of=/tmp/st.read bs=256k status=none || return 1
  run cmp /tmp/st.tar /tmp/st.read || return 1
  run mt -f "$nst" rewind || return 1
  run mt -f "$nst" fsf 1 || return 1
  tar -b 512 -tf "$nst" | sort | tr '\n' ' ' >/tmp/st.list
  expect_eq "$(cat /tmp/st.list)" "a.bin b.txt " "files tar read through st from what pmt wrote" || return 1
  run mt -f "$nst" rewind || return 1
  run mtx -f "$ch" unload 6 1
}

# The Java tests need a tape in drive 0: slot 2 (TK0002L8).
load_for_junit() {
  run mtx -f "${DEV[changer.sg]}" load 2 0 && clear_unit_attention drive0
}

unload_after_junit() {
  run mtx -f "${DEV[changer.sg]}" unload 2 0 || return 1
  run mtx -f "${DEV[changer.sg]}" status | tee /tmp/mtx.final || return 1
  if [[ -f $REF/changer.mtx-status.txt ]]; then
    run diff "$REF/changer.mtx-status.txt" /tmp/mtx.final
  else
    expect_grep /tmp/mtx.final "^Data Transfer Element 0:Empty$"
  fi
}

# ---------------------------------------------------------------- JUnit in one JVM
run_junit() {
  # Scanning only the modules' test-classes folders (not every jar on the class path) saves a minute
  # under TCG; the kernel tests live in dev.tapekit.<module>.kernel.
  local select=(--scan-classpath="$TEST_DIRS" --include-package=dev.tapekit.sgio.kernel
    --include-package=dev.tapekit.changer.kernel --include-package=dev.tapekit.backup.kernel)
  local spec=${TEST_SELECT:-} cls dir
  if [[ -n $spec ]]; then
    cls=${spec%%#*}
    if [[ $cls != *.* ]]; then
      # A simple name: the kernel package of the module that has the class.
      for dir in ${TEST_DIRS//:/ }; do
        for f in "$dir"/dev/tapekit/*/kernel/"$cls".class; do
          [[ -f $f ]] && cls=${f#"$dir"/} && cls=${cls%.class} && cls=${cls//\//.}
        done
      done
      [[ $cls == *.* ]] || cls=dev.tapekit.sgio.kernel.$cls
    fi
    if [[ $spec == *#* ]]; then select=(--select-method="$cls#${spec#*#}"); else select=(--select-class="$cls"); fi
  fi
  say "starting the JVM (${select[*]})"
  timeout --kill-after=10 540 "$GUEST_JAVA/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto \
    --enable-native-access=ALL-UNNAMED -Djna.tmpdir=/tmp -Djava.io.tmpdir=/tmp \
    -Dtapekit.kernel.devices="$DEVICES" -Dtapekit.require.sg3utils=true \
    -jar "$CONSOLE_JAR" execute --disable-banner --details=tree --disable-ansi-colors \
    --class-path="$TEST_CLASSPATH" "${select[@]}" --include-tag=kernel --fail-if-no-tests \
    --reports-dir="$RES/junit" 2>&1 | tee "$RES/junit-console.txt"
  local status=${PIPESTATUS[0]}
  echo "$status" >"$RES/junit-exit"
  say "JVM exited with status $status"
}

# ---------------------------------------------------------------- tapekit's own target (QEMU client)
# tape vtl serve's library KITQ (a virtual L700) on the host, its changer and drive 0 presented by
# QEMU's iSCSI client: sg3_utils decode its pages, mtx and pmtx print the same status, and a tar
# archive written through st reads back identical.
check_kitq_sg3() {
  local role sg
  for role in kitq.changer kitq.drive; do
    sg=${DEV[$role.sg]}
    run sg_inq "$sg" | tee "$REF/$role.inq.txt" || return 1
    run sg_vpd --page=sn "$sg" | tee "$REF/$role.vpd-sn.txt" || return 1
    expect_grep "$REF/$role.vpd-sn.txt" "Unit serial number: [A-Za-z0-9_]+" || return 1
    run sg_vpd --page=di "$sg" >"$REF/$role.vpd-di.txt" || return 1
  done
  expect_grep "$REF/kitq.changer.inq.txt" "Vendor identification: STK" || return 1
  expect_grep "$REF/kitq.drive.inq.txt" "Product identification: ULT3580-TD8" || return 1
  run sg_logs --all "${DEV[kitq.drive.sg]}" >"$REF/kitq.drive.logs.txt" || return 1
  expect_grep "$REF/kitq.drive.logs.txt" "0x2e +Tape alert" || return 1
  expect_eq "$(grep -c 'Tape alert' "$REF/kitq.drive.logs.txt")" "$(grep -c 'Tape alert' "$REF/kitq.drive.logs.txt" | awk '$1 >= 2')" \
    "the Tape alert page listed and decoded"
}

check_kitq_mtx_vs_pmtx() {
  local ch=${DEV[kitq.changer.sg]}
  [[ -x $PMTX ]] || { echo "$PMTX is missing (tape-tools was not packaged)"; return 1; }
  capture /tmp/kitq.mtx mtx -f "$ch" status
  capture /tmp/kitq.pmtx "$PMTX" -f "$ch" status
  cat /tmp/kitq.mtx
  expect_grep /tmp/kitq.mtx "^  Storage Changer $ch:4 Drives, 43 Slots \( 4 Import/Export \)$" || return 1
  expect_grep /tmp/kitq.mtx "^exit=0$" || return 1
  diff -u /tmp/kitq.mtx /tmp/kitq.pmtx
}

check_kitq_tar() {
  local ch=${DEV[kitq.changer.sg]} nst=${DEV[kitq.drive.nst]} src=/tmp/kitq.src out=/tmp/kitq.out
  run mtx -f "$ch" load 1 0 || return 1
  # The first access after the load sees the unit attention; st then reports the tape.
  mt -f "$nst" status >/dev/null 2>&1 || true
  run mt -f "$nst" status | tee /tmp/kitq.mt || return 1
  expect_grep /tmp/kitq.mt " ONLINE" || return 1
  rm -rf "$src" "$out"
  mkdir -p "$src/sub" "$out"
  head -c 300000 /dev/urandom >"$src/random.bin"
  seq 1 20000 >"$src/sub/numbers.txt"
  ln -s random.bin "$src/link"
  run mt -f "$nst" rewind || return 1
  run tar -cf "$nst" -b 128 -C "$src" . || return 1
  run mt -f "$nst" rewind || return 1
  run tar -xf "$nst" -b 128 -C "$out" || return 1
  run diff -r "$src" "$out" || return 1
  run mt -f "$nst" rewind || return 1
  run mtx -f "$ch" unload 1 0
}

# ---------------------------------------------------------------- main
# scsi_debug and the tgt library through QEMU's iSCSI client: shell checks, then the JUnit tests.
qemu_section() {
  check modules-load load_modules && check devices-present wait_for_devices || return 0
  check tur.sd clear_unit_attention sd
  check tur.drive0 clear_unit_attention drive0 empty
  check tur.drive1 clear_unit_attention drive1 empty
  check tur.changer clear_unit_attention changer
  if [[ "${NO_SHELL_CHECKS:-}" != 1 ]]; then
    check lsscsi check_lsscsi
    for role in "${ROLES[@]}"; do
      check "sg_inq.$role" check_inquiry "$role"
      check "sg_vpd-sn.$role" check_vpd_serial "$role"
      # tgt has no LOG SENSE (invalid opcode): log pages come from scsi_debug only.
      [[ $role == sd ]] && check "sg_logs.$role" check_logs "$role"
      check "sg_modes.$role" check_modes "$role"
    done
    check sg_raw-read-block-limits.sd check_read_block_limits
    check mt.scsi_debug check_mt_scsi_debug
    check mtx-status check_mtx_status
    check tgt-round-trip check_tgt_round_trip
    check pmtx-vs-mtx check_pmtx_vs_mtx
    check pmt-vs-mt.scsi_debug check_pmt_vs_mt
    check mtx-dropin-vs-mtx check_mtx_dropin_vs_mtx
    check mt-dropin-vs-mt.tgt check_mt_dropin_vs_mt
    check tar-st-vs-pmt.tgt check_tar_st_vs_pmt
    check tur.kitq.changer clear_unit_attention kitq.changer
    check tur.kitq.drive clear_unit_attention kitq.drive empty
    check tapekit.sg3 check_kitq_sg3
    check tapekit.mtx-vs-pmtx check_kitq_mtx_vs_pmtx
    check tapekit.tar check_kitq_tar
  fi
  check load-for-junit load_for_junit
  run_junit
  check unload-after-junit unload_after_junit
}

say "kernel $(uname -r), guest script started"
[[ -n ${ATTACH_QEMU:-} ]] && qemu_section
if [[ -n ${ATTACH_OPEN_ISCSI:-} ]]; then
  # shellcheck source=open-iscsi.sh
  source "$(dirname "${BASH_SOURCE[0]}")/open-iscsi.sh"
  open_iscsi_section
fi
echo ok >"$RES/done"
say "guest script finished"
if [[ "${DEBUG_SHELL:-}" == 1 ]]; then
  say "debug shell: results in $RES, device map in $DEVICES; 'exit' powers the guest off"
  bash -i <&3
fi
