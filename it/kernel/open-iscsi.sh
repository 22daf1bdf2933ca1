# shellcheck shell=bash
# The open-iscsi section of the kernel-it guest, sourced by guest.sh (which provides check, say, run,
# capture, expect_grep, expect_eq, sysfs_value, RES, LOGS, REF, PMT and PMTX).
#
# The guest kernel's own iSCSI initiator (iscsi_tcp, driven by open-iscsi's iscsid and iscsiadm from
# the packages run.sh unpacked under OI_ROOT) logs in over QEMU user networking to the target
# OI_IQN at OI_PORTAL (10.0.2.2:PORT, which is the host's 127.0.0.1:PORT), the LUNs of OI_LUNS
# appear as sg/st/ch devices, and mt, mtx, tar, sg3_utils, Bacula's btape and pmt/pmtx run on them.
# Everything the initiator needs lives in the guest's tmpfs overlay (/etc/iscsi, /run/lock/iscsi):
# the host is not touched. Check names start with "open-iscsi.".
#
# Settings (guest.env, from run.sh): OI_ROOT, OI_PORTAL, OI_IQN, OI_LUNS ("LUN:changer|drive,..."),
# OI_CHAP_USER/OI_CHAP_SECRET (one-way CHAP), OI_CHAP_USER_IN/OI_CHAP_SECRET_IN (the target's name
# and secret for mutual CHAP), OI_DIGEST (None or CRC32C, header and data digests), OI_LACKS
# (words naming what the target is known not to do; see it/kernel/README.md), OI_BTAPE (0: no btape).

OI_LIBS=$OI_ROOT/usr/lib/x86_64-linux-gnu:$OI_ROOT/lib/x86_64-linux-gnu
OI_HOST=${OI_PORTAL%:*}
OI_TCP_PORT=${OI_PORTAL##*:}
OI_INITIATOR=iqn.2026-01.dev.tapekit:kernel-it.guest
OI_DEVICES=$RES/open-iscsi-devices.properties
OI_REF=$REF/open-iscsi
ISCSID_PID=
declare -A ODEV=()
OI_ROLES=()

# A program from the unpacked packages (their libraries are not installed on the host).
oi_run() { LD_LIBRARY_PATH=$OI_LIBS "$@"; }
# iscsiadm, never waiting more than 90 s (a login retries for at most 2 x login_timeout).
iscsiadm() { timeout 90 env LD_LIBRARY_PATH="$OI_LIBS" "$OI_ROOT/sbin/iscsiadm" "$@"; }

oi_lacks() { [[ " ${OI_LACKS//,/ } " == *" $1 "* ]]; }

# A check body's way to say "not applicable here, and why" (guest.sh's check records SKIP).
SKIP_STATUS=77

# ---------------------------------------------------------------- network, iscsid, login
oi_network() {
  local n dev=
  run modprobe virtio_net || return 1
  for _ in $(seq 1 50); do
    for n in /sys/class/net/*; do
      [[ -e $n/device ]] && dev=${n##*/}
    done
    [[ -n $dev ]] && break
    sleep 0.2
  done
  [[ -n $dev ]] || { ls /sys/class/net; echo "no network interface appeared after modprobe virtio_net"; return 1; }
  run ip link set lo up && run ip link set "$dev" up && run ip addr add 10.0.2.15/24 dev "$dev" || return 1
  run ip -br addr
  # QEMU's user networking (slirp) answers for 10.0.2.2 and connects to the host's loopback.
  echo "+ open a TCP connection to $OI_PORTAL"
  timeout 20 bash -c "exec 3<>/dev/tcp/$OI_HOST/$OI_TCP_PORT" \
    || { echo "no TCP connection to $OI_PORTAL (the host's 127.0.0.1:$OI_TCP_PORT through QEMU user networking)"; return 1; }
  echo "connected to $OI_PORTAL"
}

# iscsid.conf and the initiator name, in the guest's /etc (tmpfs overlay). Node records created with
# "-o new" take their defaults from here, CHAP and digests included.
oi_write_config() {
  mkdir -p /etc/iscsi /run/lock/iscsi || return 1
  echo "InitiatorName=$OI_INITIATOR" >/etc/iscsi/initiatorname.iscsi
  {
    echo "# kernel-it guest: written by it/kernel/open-iscsi.sh"
    echo "iscsid.startup = /bin/false"
    echo "node.startup = manual"
    echo "node.session.scan = auto"
    echo "node.session.initial_login_retry_max = 2"
    echo "node.session.timeo.replacement_timeout = 30"
    echo "node.conn[0].timeo.login_timeout = 20"
    echo "node.conn[0].timeo.logout_timeout = 20"
    # NOP-Out pings every 10 s; under TCG a reply may take a while.
    echo "node.conn[0].timeo.noop_out_interval = 10"
    echo "node.conn[0].timeo.noop_out_timeout = 30"
    echo "node.conn[0].iscsi.HeaderDigest = $OI_DIGEST"
    echo "node.conn[0].iscsi.DataDigest = $OI_DIGEST"
    if [[ -n $OI_CHAP_USER ]]; then
      echo "node.session.auth.authmethod = CHAP"
      echo "node.session.auth.username = $OI_CHAP_USER"
      echo "node.session.auth.password = $OI_CHAP_SECRET"
      if [[ -n $OI_CHAP_USER_IN ]]; then
        echo "node.session.auth.username_in = $OI_CHAP_USER_IN"
        echo "node.session.auth.password_in = $OI_CHAP_SECRET_IN"
      fi
      # A target that wants CHAP for discovery too (tape vtl serve does): the same credentials.
      if [[ ${OI_DISCOVERY_CHAP:-} == 1 ]]; then
        echo "discovery.sendtargets.auth.authmethod = CHAP"
        echo "discovery.sendtargets.auth.username = $OI_CHAP_USER"
        echo "discovery.sendtargets.auth.password = $OI_CHAP_SECRET"
        if [[ -n $OI_CHAP_USER_IN ]]; then
          echo "discovery.sendtargets.auth.username_in = $OI_CHAP_USER_IN"
          echo "discovery.sendtargets.auth.password_in = $OI_CHAP_SECRET_IN"
        fi
      fi
    fi
  } >/etc/iscsi/iscsid.conf
  chmod 600 /etc/iscsi/iscsid.conf
  sed 's/\(password[_in]* = \).*/\1(hidden)/' /etc/iscsi/iscsid.conf
}

oi_start_iscsid() {
  run modprobe iscsi_tcp || return 1
  oi_write_config || return 1
  echo "+ iscsid -f (log: $LOGS/iscsid.log)"
  oi_run "$OI_ROOT/sbin/iscsid" -f -n -c /etc/iscsi/iscsid.conf -i /etc/iscsi/initiatorname.iscsi \
    >"$LOGS/iscsid.log" 2>&1 &
  ISCSID_PID=$!
  local out
  for _ in $(seq 1 50); do
    kill -0 "$ISCSID_PID" 2>/dev/null || { cat "$LOGS/iscsid.log"; echo "iscsid exited at start"; return 1; }
    # "No active sessions" (exit 21) once iscsid answers on its control socket.
    out=$(iscsiadm -m session 2>&1)
    [[ $out == *"No active sessions"* ]] && { echo "$out"; echo "iscsid (pid $ISCSID_PID) answers"; return 0; }
    sleep 0.2
  done
  echo "$out"
  echo "iscsid did not answer iscsiadm within 10 s"
  return 1
}

# SendTargets discovery, without storing records: the target must list OI_IQN. The portal it
# advertises is what it sees itself (tgt: 127.0.0.1:PORT; tape vtl serve: what --advertise says, here
# 10.0.2.2:PORT), which for tgt the guest cannot reach; the login below therefore uses a node record
# made for OI_PORTAL directly.
oi_sendtargets() {
  local out
  out=$(iscsiadm -m discovery -t sendtargets -p "$OI_PORTAL" -o nonpersistent 2>&1)
  local rc=$?
  echo "$out" | tee "$OI_REF/sendtargets.txt"
  ((rc == 0)) || { echo "SendTargets discovery at $OI_PORTAL failed (exit $rc)"; return 1; }
  grep -q " $OI_IQN\$" <<<"$out" || { echo "SendTargets at $OI_PORTAL does not list $OI_IQN"; return 1; }
  echo "listed: $OI_IQN at $(grep " $OI_IQN\$" <<<"$out" | cut -d' ' -f1 | paste -sd' ')"
}

# With CHAP configured, the target must refuse a login with a wrong secret (iscsiadm exit status 24,
# ISCSI_ERR_LOGIN_AUTH_FAILED). The node record is made for this and deleted again.
oi_chap_refused() {
  [[ -n $OI_CHAP_USER ]] || { echo "no CHAP user configured (TAPEKIT_KERNEL_ISCSI_CHAP_USER)"; return "$SKIP_STATUS"; }
  local rc
  run iscsiadm -m node -o new -T "$OI_IQN" -p "$OI_PORTAL" || return 1
  echo "+ iscsiadm -m node -o update -n node.session.auth.password -v (a wrong secret)"
  iscsiadm -m node -T "$OI_IQN" -p "$OI_PORTAL" -o update -n node.session.auth.password -v "wrong-$OI_CHAP_SECRET" || return 1
  run iscsiadm -m node -T "$OI_IQN" -p "$OI_PORTAL" --login
  rc=$?
  if ((rc == 0)); then
    iscsiadm -m node -T "$OI_IQN" -p "$OI_PORTAL" --logout
    iscsiadm -m node -o delete -T "$OI_IQN" -p "$OI_PORTAL"
    echo "the target accepted a login with a wrong CHAP secret"
    return 1
  fi
  run iscsiadm -m node -o delete -T "$OI_IQN" -p "$OI_PORTAL" || return 1
  ((rc == 24)) || { echo "the login with a wrong CHAP secret failed with iscsiadm status $rc, not 24 (authorization failure)"; return 1; }
  echo "refused: authorization failure"
}

oi_login() {
  run iscsiadm -m node -o new -T "$OI_IQN" -p "$OI_PORTAL" || return 1
  iscsiadm -m node -T "$OI_IQN" -p "$OI_PORTAL" | grep -E '^node\.(name|conn\[0\]\.address|conn\[0\]\.port|session\.auth\.(authmethod|username|username_in)|conn\[0\]\.iscsi\.(Header|Data)Digest) '
  run iscsiadm -m node -T "$OI_IQN" -p "$OI_PORTAL" --login || { echo "login to $OI_IQN at $OI_PORTAL failed"; return 1; }
  # Negotiated parameters, for the record (and for comparing targets).
  iscsiadm -m session -P 2 | tee "$OI_REF/session.txt"
  grep -q "Target: $OI_IQN" "$OI_REF/session.txt" || { echo "no session with $OI_IQN after login"; return 1; }
  if [[ -n $OI_CHAP_USER ]]; then
    expect_grep "$OI_REF/session.txt" "username: $OI_CHAP_USER\$" "CHAP user $OI_CHAP_USER in the session" || return 1
  fi
  if [[ $OI_DIGEST != None ]]; then
    expect_grep "$OI_REF/session.txt" "HeaderDigest: $OI_DIGEST" || return 1
    expect_grep "$OI_REF/session.txt" "DataDigest: $OI_DIGEST" || return 1
  fi
}

# ---------------------------------------------------------------- devices of the session
# OI_ROLES: one role per entry of OI_LUNS, "changer" or drive0, drive1, ... in map order (drive k is
# the changer's data transfer element k).
oi_roles() {
  local pair d=0
  OI_ROLES=()
  for pair in ${OI_LUNS//,/ }; do
    if [[ ${pair#*:} == changer ]]; then
      ODEV[changer.lun]=${pair%%:*}
      OI_ROLES+=(changer)
    else
      ODEV[drive$d.lun]=${pair%%:*}
      OI_ROLES+=("drive$d")
      d=$((d + 1))
    fi
  done
  OI_DRIVES=$d
}

# The sysfs folder of the session with OI_IQN, or nothing.
oi_session_dir() {
  local s
  for s in /sys/class/iscsi_session/session*; do
    [[ -e $s/targetname && $(sysfs_value "$s/targetname") == "$OI_IQN" ]] && { cd -P "$s/device" && pwd; return 0; }
  done
  return 1
}

# Fills ODEV[role.sg|nst|sch|hctl|type|vendor|model] for every role whose LUN is in the session;
# returns 0 once every role has its device nodes.
oi_discover() {
  local sess dev d role lun node complete=0
  sess=$(oi_session_dir) || return 1
  for role in "${OI_ROLES[@]}"; do
    lun=${ODEV[$role.lun]}
    dev=
    for d in "$sess"/target*/*:*:*:"$lun"; do [[ -e $d/type ]] && dev=$d; done
    [[ -n $dev ]] || { complete=1; continue; }
    ODEV[$role.hctl]=${dev##*/}
    ODEV[$role.type]=$(sysfs_value "$dev/type")
    ODEV[$role.vendor]=$(sysfs_value "$dev/vendor")
    ODEV[$role.model]=$(sysfs_value "$dev/model")
    for node in "$dev"/scsi_generic/sg*; do [[ -e $node ]] && ODEV[$role.sg]=/dev/${node##*/}; done
    for node in "$dev"/scsi_tape/nst*; do [[ ${node##*/} =~ ^nst[0-9]+$ ]] && ODEV[$role.nst]=/dev/${node##*/}; done
    for node in "$dev"/scsi_changer/sch*; do [[ -e $node ]] && ODEV[$role.sch]=/dev/${node##*/}; done
    oi_role_complete "$role" || complete=1
  done
  return "$complete"
}

# Whether ROLE has its sg node and its st (drive) or ch (changer) node.
oi_role_complete() {
  local node
  if [[ $1 == changer ]]; then node=${ODEV[$1.sch]:-}; else node=${ODEV[$1.nst]:-}; fi
  [[ -n ${ODEV[$1.sg]:-} && -e ${ODEV[$1.sg]} && -n $node && -e $node ]]
}

oi_devices() {
  local deadline=$((SECONDS + 90)) role want sess
  oi_roles
  until oi_discover; do
    ((SECONDS < deadline)) || break
    sleep 0.5
  done
  sess=$(oi_session_dir) && ls -d "$sess"/target*/*:*:*:* 2>/dev/null
  lsscsi -g | tee "$OI_REF/lsscsi.txt"
  local failed=0
  for role in "${OI_ROLES[@]}"; do
    if [[ $role == changer ]]; then want=8; else want=1; fi
    if [[ -z ${ODEV[$role.hctl]:-} ]]; then
      echo "LUN ${ODEV[$role.lun]} ($role) is not in the session with $OI_IQN"
      failed=1
    elif [[ ${ODEV[$role.type]} != "$want" ]]; then
      echo "LUN ${ODEV[$role.lun]} ($role) has peripheral device type ${ODEV[$role.type]}, expected $want"
      failed=1
    elif ! oi_role_complete "$role"; then
      echo "LUN ${ODEV[$role.lun]} ($role) did not get its sg and st/ch device nodes within 90 s"
      failed=1
    fi
  done
  # A fresh LUN reports a unit attention (power on, reset) to its first command: TEST UNIT READY
  # takes it, so that what follows sees the device's answers.
  for role in "${OI_ROLES[@]}"; do
    [[ -n ${ODEV[$role.sg]:-} ]] && { sg_turs "${ODEV[$role.sg]}"; sg_turs "${ODEV[$role.sg]}"; }
  done
  {
    echo "# kernel-it open-iscsi device map: $OI_IQN at $OI_PORTAL"
    for k in $(printf '%s\n' "${!ODEV[@]}" | sort); do echo "$k=${ODEV[$k]}"; done
  } >"$OI_DEVICES"
  cat "$OI_DEVICES"
  ((failed == 0)) || { echo "the session's LUNs do not match TAPEKIT_KERNEL_ISCSI_LUNS=$OI_LUNS"; return 1; }
}

# ---------------------------------------------------------------- sg3_utils on every LUN
oi_inquiry() {
  local role=$1 sg=${ODEV[$1.sg]}
  run sg_inq "$sg" | tee "$OI_REF/$role.inq.txt" || return 1
  expect_grep "$OI_REF/$role.inq.txt" "PDT=${ODEV[$role.type]}( |$)" "PDT=${ODEV[$role.type]}" || return 1
  expect_grep "$OI_REF/$role.inq.txt" "Vendor identification: ${ODEV[$role.vendor]}" || return 1
  expect_grep "$OI_REF/$role.inq.txt" "Product identification: ${ODEV[$role.model]}"
}

# Supported VPD pages, unit serial number and device identification decode without error.
oi_vpd() {
  local role=$1 sg=${ODEV[$1.sg]}
  run sg_vpd "$sg" | tee "$OI_REF/$role.vpd00.txt" || return 1
  expect_grep "$OI_REF/$role.vpd00.txt" "Supported VPD pages" || return 1
  run sg_vpd --page=sn "$sg" | tee "$OI_REF/$role.vpd80.txt" || return 1
  expect_grep "$OI_REF/$role.vpd80.txt" "Unit serial number: +[^ ]" "a unit serial number" || return 1
  run sg_vpd --page=di "$sg" | tee "$OI_REF/$role.vpd83.txt" || return 1
  expect_grep "$OI_REF/$role.vpd83.txt" "designator type: " "at least one designator"
}

# LOG SENSE: supported pages, then every page. sg3_utils exits with 9 when the device answers
# "invalid command operation code".
oi_logs() {
  local role=$1 sg=${ODEV[$1.sg]} rc
  echo "+ sg_logs $sg"
  sg_logs "$sg" >"$OI_REF/$role.logs0.txt" 2>&1
  rc=$?
  cat "$OI_REF/$role.logs0.txt"
  if ((rc == 9)) && oi_lacks log-sense; then
    echo "the target has no LOG SENSE (invalid command operation code), as TAPEKIT_KERNEL_ISCSI_LACKS says"
    return "$SKIP_STATUS"
  fi
  ((rc == 0)) || { echo "sg_logs failed with exit status $rc"; return 1; }
  expect_grep "$OI_REF/$role.logs0.txt" "Supported log pages" || return 1
  run sg_logs --all "$sg" >"$OI_REF/$role.logs-all.txt" 2>&1 || { cat "$OI_REF/$role.logs-all.txt"; echo "sg_logs --all failed"; return 1; }
  cat "$OI_REF/$role.logs-all.txt"
}

# ---------------------------------------------------------------- changer and drives
oi_mtx_status() { mtx -f "${ODEV[changer.sg]}" status; }

# Storage slots holding a tape, in order ("slot barcode" lines).
oi_full_slots() {
  sed -n 's/^ *Storage Element \([0-9]*\):Full *:VolumeTag=\([^ ]*\) *$/\1 \2/p' "$1"
}

# A drive's first access after a load reports the unit attention; then it must be ready.
oi_wait_ready() {
  local sg=$1
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    sg_turs "$sg" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  sg_turs -v "$sg"
  return 1
}

OI_SLOT_A=
OI_SLOT_B=
# mtx status, then a load into drive 0, whose LUN must then be ready while every other drive stays
# empty (this also checks the LUN map's drive order against the changer's elements).
oi_mtx_load() {
  local st=$OI_REF/mtx-status.txt d
  echo "+ mtx -f ${ODEV[changer.sg]} status"
  oi_mtx_status >"$st" 2>&1 || { cat "$st"; echo "mtx status failed"; return 1; }
  cat "$st"
  expect_grep "$st" "^  Storage Changer ${ODEV[changer.sg]}:$OI_DRIVES Drives, " "$OI_DRIVES drives (as many as the LUN map has)" || return 1
  for ((d = 0; d < OI_DRIVES; d++)); do
    expect_grep "$st" "^Data Transfer Element $d:Empty$" "drive $d empty at the start" || return 1
  done
  read -r OI_SLOT_A OI_BARCODE_A < <(oi_full_slots "$st" | sed -n 1p)
  read -r OI_SLOT_B OI_BARCODE_B < <(oi_full_slots "$st" | sed -n 2p)
  [[ -n $OI_SLOT_B ]] || { echo "the checks need two tapes with barcodes in the library's slots"; return 1; }
  run mtx -f "${ODEV[changer.sg]}" load "$OI_SLOT_A" 0 || return 1
  run oi_mtx_status >/tmp/oi.loaded || return 1
  expect_grep /tmp/oi.loaded "^Data Transfer Element 0:Full \(Storage Element $OI_SLOT_A Loaded\):VolumeTag = $OI_BARCODE_A" || return 1
  oi_wait_ready "${ODEV[drive0.sg]}" || { echo "drive 0 (LUN ${ODEV[drive0.lun]}) is not ready after mtx load $OI_SLOT_A 0"; return 1; }
  for ((d = 1; d < OI_DRIVES; d++)); do
    sg_turs "${ODEV[drive$d.sg]}" >/dev/null 2>&1
    if sg_turs "${ODEV[drive$d.sg]}" >/dev/null 2>&1; then
      echo "drive $d (LUN ${ODEV[drive$d.lun]}) is ready although the tape went to data transfer element 0: the LUN map's drive order is not the changer's"
      return 1
    fi
  done
  echo "drive 0 (LUN ${ODEV[drive0.lun]}) holds $OI_BARCODE_A"
}

oi_mtx_unload() {
  run mtx -f "${ODEV[changer.sg]}" unload "$OI_SLOT_A" 0 || return 1
  oi_mtx_status >/tmp/oi.after 2>&1 || { cat /tmp/oi.after; echo "mtx status failed"; return 1; }
  run diff "$OI_REF/mtx-status.txt" /tmp/oi.after
}

# mt on drive 0. Layout: file 0 = 3 blocks of 10 000 bytes, file 1 empty (mt weof), file 2 = 4 blocks
# of 256 KiB (more than one iSCSI burst, so the target asks for the data in R2T sequences), file 3 =
# 1 block of 5000 bytes appended after mt eod. st writes a filemark itself when a device written to
# is closed, so a dd to the tape ends its file. Positions are checked against st's count (mt
# status) and every file is read back and compared after positioning there. Not blocks of 157 696
# or 200 000 bytes: st reads those back wrongly on tgt through either attach path (see the README).
oi_mt() {
  local nst=${ODEV[drive0.nst]}
  head -c 30000 /dev/urandom >/tmp/oi.f0
  head -c $((4 * 262144)) /dev/urandom >/tmp/oi.f2
  head -c 5000 /dev/urandom >/tmp/oi.f3
  run mt -f "$nst" rewind || return 1
  run mt -f "$nst" setblk 0 || return 1
  run dd if=/tmp/oi.f0 of="$nst" bs=10000 status=none || return 1
  run mt -f "$nst" weof 1 || return 1
  run dd if=/tmp/oi.f2 of="$nst" bs=256k status=none || return 1
  run mt -f "$nst" rewind || return 1
  oi_mt_at "$nst" 0 " BOT " || return 1
  run mt -f "$nst" fsf 2 || return 1
  oi_mt_at "$nst" 2 || return 1
  oi_read_file "$nst" /tmp/oi.f2 256k "file 2 (4 blocks of 256 KiB)" || return 1
  run mt -f "$nst" eod || return 1
  mt -f "$nst" status
  run dd if=/tmp/oi.f3 of="$nst" bs=5000 status=none || return 1
  run mt -f "$nst" rewind || return 1
  run mt -f "$nst" fsf 3 || return 1
  oi_mt_at "$nst" 3 || return 1
  oi_read_file "$nst" /tmp/oi.f3 64k "file 3 (appended after mt eod)" || return 1
  run mt -f "$nst" rewind || return 1
  run mt -f "$nst" fsf 1 || return 1
  oi_read_file "$nst" /dev/null 64k "file 1 (written by mt weof, empty)" || return 1
  run mt -f "$nst" rewind || return 1
  oi_read_file "$nst" /tmp/oi.f0 64k "file 0" || return 1
  run mt -f "$nst" rewind
}

# NST FILE [STATUS_REGEX]: mt status says file FILE, block 0 (and matches STATUS_REGEX).
oi_mt_at() {
  run mt -f "$1" status | tee /tmp/oi.mt
  expect_grep /tmp/oi.mt "^File number=$2, block number=0, partition=0\.\$" || return 1
  [[ -z ${3:-} ]] || expect_grep /tmp/oi.mt "$3"
}

# NST EXPECTED BS WHAT: one tape file read with dd in BS blocks equals EXPECTED.
oi_read_file() {
  run dd if="$1" of=/tmp/oi.read bs="$3" status=none || return 1
  run cmp "$2" /tmp/oi.read || { echo "$4 reads back differently"; return 1; }
}

# A directory tree through tar to drive 0 and back, twice: 10 KiB records (tar's default) and
# 64 KiB records.
oi_tar() {
  local nst=${ODEV[drive0.nst]} src=/tmp/oi-tar-src dst=/tmp/oi-tar-dst b
  rm -rf "$src" "$dst"
  mkdir -p "$src/sub dir/deeper" "$src/empty" || return 1
  head -c 700000 /dev/urandom >"$src/random.bin"
  seq 1 30000 >"$src/sub dir/numbers.txt"
  : >"$src/sub dir/empty file"
  head -c 10240 /dev/urandom >"$src/sub dir/deeper/exactly one record"
  ln -s "../random.bin" "$src/sub dir/link"
  chmod 640 "$src/sub dir/numbers.txt"
  for b in 20 128; do
    rm -rf "$dst" && mkdir -p "$dst" || return 1
    run mt -f "$nst" rewind || return 1
    run tar -b "$b" -C "$src" -cf "$nst" . || return 1
    run mt -f "$nst" rewind || return 1
    run tar -b "$b" -C "$dst" -xpf "$nst" || return 1
    run diff -r --no-dereference "$src" "$dst" || { echo "the tree read back with tar -b $b differs"; return 1; }
    expect_eq "$(cd "$dst" && find . -printf '%p %y %m %s %l\n' | sort)" "$(cd "$src" && find . -printf '%p %y %m %s %l\n' | sort)" \
      "names, types, modes, sizes and link targets after tar -b $b" || return 1
  done
  run mt -f "$nst" rewind
}

# pmt status (SG_IO) and mt status (st) on drive 0 at BOT: the same block size and density line.
oi_pmt_vs_mt() {
  local nst=${ODEV[drive0.nst]} sg=${ODEV[drive0.sg]}
  [[ -x $PMT ]] || { echo "$PMT is missing (tape-tools was not packaged)"; return 1; }
  run mt -f "$nst" rewind || return 1
  capture /tmp/oi.st.mt mt -f "$nst" status
  capture /tmp/oi.st.pmt "$PMT" -f "$sg" status
  cat /tmp/oi.st.mt /tmp/oi.st.pmt
  grep -q '^exit=0$' /tmp/oi.st.pmt || { echo "pmt status failed"; return 1; }
  expect_eq "$(grep '^Tape block size ' /tmp/oi.st.pmt)" "$(grep '^Tape block size ' /tmp/oi.st.mt)" \
    "block size and density line of pmt status"
}

# pmtx status (SG_IO) prints exactly what mtx status prints, with drive 0 loaded. (tgt sends its
# READ ELEMENT STATUS reply 8 bytes short of the length its own header announces; pmtx reads that as
# a known quirk, mtx does not notice: the outputs must still be the same.)
oi_pmtx_vs_mtx() {
  local ch=${ODEV[changer.sg]}
  [[ -x $PMTX ]] || { echo "$PMTX is missing (tape-tools was not packaged)"; return 1; }
  capture /tmp/oi.status.mtx mtx -f "$ch" status
  capture /tmp/oi.status.pmtx "$PMTX" -f "$ch" status
  cat /tmp/oi.status.pmtx
  diff -u /tmp/oi.status.mtx /tmp/oi.status.pmtx || { echo "pmtx status differs from mtx status"; return 1; }
}

# ---------------------------------------------------------------- SSC end of data and backspacing
# oi_cdb SG ALLOC CDB...: sends CDB with sg_raw (reading up to ALLOC bytes, 0 for none), logs
# sg_raw's output, and sets CDB_STATUS (good or check), CDB_DATA (bytes received) and from fixed
# format sense data SENSE_KEY, SENSE_ASC, SENSE_ASCQ (hex), SENSE_VALID, SENSE_INFO (signed),
# SENSE_FM, SENSE_EOM, SENSE_ILI.
oi_cdb() {
  local sg=$1 alloc=$2 out
  shift 2
  if ((alloc > 0)); then
    out=$(sg_raw -v -r "$alloc" "$sg" "$@" 2>&1)
  else
    out=$(sg_raw -v "$sg" "$@" 2>&1)
  fi
  echo "$out" | grep -v '^ [0-9a-f]\{2,3\} ' # no hex dump of the data
  CDB_STATUS=good CDB_DATA=0 SENSE_KEY= SENSE_ASC= SENSE_ASCQ= SENSE_VALID= SENSE_INFO= SENSE_FM= SENSE_EOM= SENSE_ILI=
  [[ $out == *"SCSI Status: Check Condition"* ]] && CDB_STATUS=check
  [[ $out =~ Received\ ([0-9]+)\ bytes ]] && CDB_DATA=${BASH_REMATCH[1]}
  local -a b
  read -r -a b < <(awk '/Raw sense data/ { on = 1; next } on && NF == 0 { exit } on { printf "%s ", $0 }' <<<"$out")
  ((${#b[@]} >= 14)) || return 0
  SENSE_VALID=$(((16#${b[0]} & 0x80) ? 1 : 0))
  SENSE_FM=$(((16#${b[2]} & 0x80) ? 1 : 0))
  SENSE_EOM=$(((16#${b[2]} & 0x40) ? 1 : 0))
  SENSE_ILI=$(((16#${b[2]} & 0x20) ? 1 : 0))
  SENSE_KEY=$(printf '%x' $((16#${b[2]} & 0x0f)))
  SENSE_INFO=$((16#${b[3]}${b[4]}${b[5]}${b[6]}))
  ((SENSE_INFO >= 2147483648)) && SENSE_INFO=$((SENSE_INFO - 4294967296))
  SENSE_ASC=${b[12]}
  SENSE_ASCQ=${b[13]}
}

# One line for a log or a reason: what the last oi_cdb saw.
oi_cdb_summary() {
  if [[ $CDB_STATUS == good ]]; then
    echo "GOOD, $CDB_DATA bytes"
  else
    echo "CHECK CONDITION, sense key ${SENSE_KEY:-?} ASC/ASCQ ${SENSE_ASC:-?}/${SENSE_ASCQ:-?}, VALID ${SENSE_VALID:-?} INFORMATION ${SENSE_INFO:-?}, FILEMARK ${SENSE_FM:-?} EOM ${SENSE_EOM:-?}"
  fi
}

# At end of data (SSC-3 4.2.x, READ and SPACE): CHECK CONDITION, sense key BLANK CHECK, ASC/ASCQ
# 00/05 (end-of-data detected), VALID with INFORMATION = what was not transferred or spaced. st
# relies on that residual: without it, a read at end of data hands back the requested length of
# stale buffer (the previous block again), and spacing to end of data loses st's file count. On
# drive 0: BOT, one block of 2048 bytes, filemark, end of data.
oi_eod() {
  local nst=${ODEV[drive0.nst]} sg=${ODEV[drive0.sg]} wrong=()
  run mt -f "$nst" rewind || return 1
  run dd if=/dev/urandom of="$nst" bs=2048 count=1 status=none || return 1
  run mt -f "$nst" rewind || return 1
  # Through st: after the one file, reading returns no data.
  run mt -f "$nst" fsf 1 || return 1
  run dd if="$nst" of=/tmp/oi.eod bs=2048 count=2 status=none
  [[ $(stat -c %s /tmp/oi.eod) == 0 ]] \
    || wrong+=("a read through st at end of data returned $(stat -c %s /tmp/oi.eod) bytes (a block that is not on the tape)")
  run mt -f "$nst" rewind || return 1
  # SPACE 5 filemarks from BOT: one is there, then end of data: 4 not spaced.
  echo "+ SPACE(6) 5 filemarks from BOT"
  oi_cdb "$sg" 0 11 01 00 00 05 00
  [[ $CDB_STATUS == check && $SENSE_KEY == 8 && $SENSE_ASC == 00 && $SENSE_ASCQ == 05 && $SENSE_VALID == 1 && $SENSE_INFO == 4 ]] \
    || wrong+=("SPACE 5 filemarks over 1 into end of data: $(oi_cdb_summary); expected sense key 8 (BLANK CHECK), 00/05, VALID, INFORMATION 4")
  # READ(6) of 2048 bytes at end of data: nothing transferred.
  echo "+ READ(6) 2048 bytes at end of data"
  oi_cdb "$sg" 2048 08 00 00 08 00 00
  [[ $CDB_STATUS == check && $SENSE_KEY == 8 && $SENSE_ASC == 00 && $SENSE_ASCQ == 05 && $SENSE_VALID == 1 && $SENSE_INFO == 2048 && $CDB_DATA == 0 ]] \
    || wrong+=("READ 2048 bytes at end of data: $(oi_cdb_summary); expected sense key 8 (BLANK CHECK), 00/05, VALID, INFORMATION 2048")
  run mt -f "$nst" rewind || return 1
  oi_verdict eod-sense "end of data" "${wrong[@]}"
}

# SPACE -1 filemark leaves the tape on the BOT side of that filemark (SSC-3 SPACE): the next READ
# reports the filemark. Bacula backs over the filemark and one block this way to re-read the last
# block it wrote. On drive 0: BOT, two blocks, filemark, end of data; space over the filemark and
# back.
oi_bsf() {
  local nst=${ODEV[drive0.nst]} sg=${ODEV[drive0.sg]} wrong=()
  run mt -f "$nst" rewind || return 1
  run dd if=/dev/urandom of="$nst" bs=2048 count=2 status=none || return 1
  echo "+ REWIND, SPACE 1 filemark, SPACE -1 filemark, READ(6) 2048 bytes"
  oi_cdb "$sg" 0 01 00 00 00 00 00
  oi_cdb "$sg" 0 11 01 00 00 01 00
  [[ $CDB_STATUS == good ]] || wrong+=("SPACE 1 filemark over the file: $(oi_cdb_summary)")
  oi_cdb "$sg" 0 11 01 ff ff ff 00
  [[ $CDB_STATUS == good ]] || wrong+=("SPACE -1 filemark: $(oi_cdb_summary)")
  oi_cdb "$sg" 2048 08 00 00 08 00 00
  [[ $CDB_STATUS == check && $SENSE_FM == 1 && $CDB_DATA == 0 ]] \
    || wrong+=("READ after SPACE -1 filemark: $(oi_cdb_summary); expected CHECK CONDITION with FILEMARK (the tape in front of the filemark)")
  run mt -f "$nst" rewind || return 1
  oi_verdict bsf "SPACE -1 filemark" "${wrong[@]}"
}

# oi_verdict WORD WHAT PROBLEM...: PASS without problems; SKIP when OI_LACKS names WORD (the
# reason lists what the target did); FAIL otherwise.
oi_verdict() {
  local word=$1 what=$2
  shift 2
  (($# == 0)) && { oi_lacks "$word" && echo "(TAPEKIT_KERNEL_ISCSI_LACKS names $word, yet the target gets $what right)"; return 0; }
  printf '%s\n' "$@"
  if oi_lacks "$word"; then
    echo "the target gets $what wrong, as TAPEKIT_KERNEL_ISCSI_LACKS says ($word): $(printf '%s; ' "$@")"
    return "$SKIP_STATUS"
  fi
  echo "the target gets $what wrong: $(printf '%s; ' "$@")"
  return 1
}

# ---------------------------------------------------------------- tapekit's own tape tool
# The tape tool over SG_IO on the open-iscsi devices, as an administrator would use it: the changer
# and drive 0 configured by their sg nodes, a pool, a backup of a small tree (a blank tape labelled
# on the way, ejected at the end), a restore of its snapshot compared with diff -r, the tape
# unloaded again. Its own configuration, state and lock directories live in the guest's /tmp.
oi_tape_tool() {
  local tape=${PMT%/pmt}/tape tk=/tmp/oi.tape src=/tmp/oi.tape/src out=/tmp/oi.tape/out json
  [[ -x $tape ]] || { echo "$tape is missing (tape-tools was not packaged)"; return 1; }
  rm -rf "$tk"
  mkdir -p "$tk/etc" "$tk/home" "$tk/lock" "$src/sub" "$out"
  head -c 500000 /dev/urandom >"$src/random.bin"
  seq 1 50000 >"$src/sub/numbers.txt"
  printf 'kernel-it\n' >"$src/sub/name.txt"
  {
    echo '[changer.kito]'
    echo "path = \"${ODEV[changer.sg]}\""
    echo
    echo '[drive.d0]'
    echo "path = \"${ODEV[drive0.sg]}\""
    echo 'changer = "kito"'
    echo 'changer-drivenum = 0'
  } >"$tk/etc/tape.toml"
  cat "$tk/etc/tape.toml"
  tk_tape() { env TAPEKIT_CONFIG="$tk/etc" TAPEKIT_HOME="$tk/home" TAPEKIT_LOCK_DIR="$tk/lock" "$tape" "$@"; }
  run tk_tape pool create guest || return 1
  echo "+ tape backup $src --pool guest --drive d0 --eject-media --output-format json"
  json=$(tk_tape backup "$src" --pool guest --drive d0 --name guest/src --eject-media --output-format json -q) \
    || { echo "$json"; echo "tape backup failed"; return 1; }
  echo "$json"
  local set snapshot
  set=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["media-set-uuid"])' <<<"$json") || return 1
  snapshot=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["snapshots"][0]["snapshot"])' <<<"$json") || return 1
  run tk_tape restore "$set" "$out" --snapshot "$snapshot" --drive d0 -q || { echo "tape restore failed"; return 1; }
  run diff -r "$src" "$out" || { echo "the restored tree differs from the source"; return 1; }
  run tk_tape unload --drive d0 || return 1
  run mtx -f "${ODEV[changer.sg]}" status | grep -E '^Data Transfer Element' || return 1
  oi_mtx_status >/tmp/oi.tape.after 2>&1
  grep -q '^Data Transfer Element 0:Empty$' /tmp/oi.tape.after || { cat /tmp/oi.tape.after; echo "drive 0 is not empty after tape unload"; return 1; }
}

# ---------------------------------------------------------------- Bacula's btape "test"
# The Device directives btape test runs with. Variable blocks of OI_BTAPE_BLOCK bytes (btape test
# writes 2 x 10 000 of them and reads them back; 64 KiB, Bacula's default, would be 1.3 GB).
OI_BTAPE_BLOCK=${OI_BTAPE_BLOCK:-2048}
oi_btape_conf() {
  local nst=$1
  cat <<EOF
# kernel-it guest: written by it/kernel/open-iscsi.sh for btape only (no daemon runs).
Storage {
  Name = kernel-it-sd
  WorkingDirectory = /tmp/bacula
  Pid Directory = /tmp/bacula
}
Director {
  Name = kernel-it-dir
  Password = "btape-does-not-use-it"
}
Messages {
  Name = Standard
  console = all
}
Device {
  Name = kernel-it-drive
  Media Type = LTO-8
  Device Type = Tape
  Archive Device = $nst
  AutomaticMount = no
  AlwaysOpen = yes
  RemovableMedia = yes
  RandomAccess = no
  Maximum Block Size = $OI_BTAPE_BLOCK
EOF
  oi_btape_directives
  echo "}"
}

# Directives that follow from what the target lacks (OI_LACKS); Bacula's defaults otherwise.
oi_btape_directives() {
  if oi_lacks eod-sense; then
    # st cannot count the filemarks passed on the way to end of data: Bacula must space file by file.
    echo "  Hardware End of Medium = no"
    echo "  Fast Forward Space File = no"
  fi
  if oi_lacks bsf; then
    # Bacula re-reads the last block it wrote by backspacing over the filemark and that block.
    echo "  Backward Space File = no"
    echo "  Backward Space Record = no"
  fi
}

oi_btape() {
  if [[ ${OI_BTAPE:-1} == 0 ]]; then
    echo "btape test not run: TAPEKIT_KERNEL_ISCSI_BTAPE=0"
    return "$SKIP_STATUS"
  fi
  # The last drive unless OI_BTAPE_DRIVE names one (tapekit's L700: drive 1, the last LTO-8 drive;
  # drives 2 and 3 are LTO-6 and refuse the library's first, LTO-8, tapes).
  local d=${OI_BTAPE_DRIVE:-$((OI_DRIVES - 1))} slot barcode ch=${ODEV[changer.sg]}
  local nst=${ODEV[drive$d.nst]} sg=${ODEV[drive$d.sg]} out=$OI_REF/btape-test.txt
  if ((d == 0)); then slot=$OI_SLOT_A barcode=$OI_BARCODE_A; else slot=$OI_SLOT_B barcode=$OI_BARCODE_B; fi
  [[ -n $slot ]] || { echo "no tape for btape (the mtx load check found none)"; return 1; }
  run mtx -f "$ch" load "$slot" "$d" || return 1
  oi_wait_ready "$sg" || { echo "drive $d is not ready after mtx load $slot $d"; return 1; }
  mt -f "$nst" status >/dev/null 2>&1
  run mt -f "$nst" setblk 0 || return 1
  run mt -f "$nst" rewind || return 1
  mkdir -p /tmp/bacula
  oi_btape_conf "$nst" >/tmp/bacula/bacula-sd.conf
  cat /tmp/bacula/bacula-sd.conf
  echo "+ btape -c /tmp/bacula/bacula-sd.conf kernel-it-drive <<< 'test' (tape $barcode in drive $d; output: $out)"
  local start=$SECONDS rc
  printf 'test\nquit\n' | timeout 900 env LD_LIBRARY_PATH="$OI_LIBS:$OI_ROOT/usr/lib/bacula" \
    "$OI_ROOT/usr/sbin/btape" -c /tmp/bacula/bacula-sd.conf -w /tmp/bacula kernel-it-drive >"$out" 2>&1
  rc=$?
  echo "btape exited with status $rc after $((SECONDS - start)) s"
  cat "$out"
  run mt -f "$nst" rewind
  run mtx -f "$ch" unload "$slot" "$d" || return 1
  oi_mtx_status >/tmp/oi.final 2>&1 && run diff "$OI_REF/mtx-status.txt" /tmp/oi.final \
    || { echo "the library is not as it was at the start after btape"; return 1; }
  oi_btape_verdict "$out" "$rc"
}

# btape test passes when it exits 0, every part says it succeeded on the first attempt (no retry
# with other settings), and its scan shows 1, 2, 3 and 1 blocks in files 1 to 4 (btape prints a
# sample of that scan too, which is left out here). On a target that lacks eod-sense it cannot: st
# hands back a block that is not there when the scan reads at end of data, the scan counts a fifth
# file, and btape says so (and still exits 0). That outcome, and only that one, is a SKIP there,
# once everything else btape test does has passed.
oi_btape_verdict() {
  local out=$1 rc=$2 bad n file line scan=/tmp/oi.btape.own
  sed '/^=== Sample correct output ===$/,/^=== End sample correct output ===$/d' "$out" >"$scan"
  bad=$(grep -nE 'NOT correct|Attempting again|retrying|turning it off|Test failed|failed!|[Ff]ailed\.|You must correct|Bad status|Bad data' "$scan")
  expect_eq "$(grep -c '^=== Test Succeeded. End Write, rewind, and re-read test ===' "$scan")" 2 \
    "lines saying the write/re-read and the block position tests succeeded" || return 1
  expect_grep "$scan" "We should be in file 3\. I am at file 3\. This is correct!" "end of data found after three files" || return 1
  expect_grep "$scan" "We should be in file 5\. I am at file 5\. This is correct!" "forward spacing files" || return 1
  expect_grep "$scan" "^=== End Forward space files test ===" || return 1
  if [[ -n $bad ]] && oi_lacks eod-sense \
    && [[ $bad =~ ^[0-9]+:"We should be in file 4. I am at file 5. This is NOT correct!!!!"$ ]] \
    && grep -Eq '^1 block of [0-9]+ bytes in file 5$' "$scan"; then
    echo "btape test cannot pass on this target (TAPEKIT_KERNEL_ISCSI_LACKS: eod-sense): writing and re-reading 20 000 blocks, block positioning and forward spacing passed; in the append test the scan read a block at end of data that is not on the tape (see open-iscsi.eod.drive0) and counted file 5 instead of 4"
    return "$SKIP_STATUS"
  fi
  [[ -z $bad ]] || { echo "btape test reported:"; echo "$bad"; echo "btape test failed: $(tail -n1 <<<"$bad")"; return 1; }
  ((rc == 0)) || { echo "btape exited with status $rc"; return 1; }
  expect_grep "$scan" "We should be in file 4\. I am at file 4\. This is correct!" || return 1
  if oi_lacks bsf; then
    expect_grep "$scan" "Skipping read backwards test because BSR turned off" || return 1
  else
    expect_grep "$scan" "Block re-read correct\. Test succeeded!" || return 1
  fi
  file=1
  for n in 1 2 3 1; do
    if ((n == 1)); then line="^1 block of [0-9]+ bytes in file $file\$"; else line="^$n blocks of [0-9]+ bytes in file $file\$"; fi
    expect_grep "$scan" "$line" "scan: $n block(s) in file $file" || return 1
    file=$((file + 1))
  done
  expect_grep "$scan" "^Total files=4, blocks=7, bytes = " "scan total: 4 files, 7 blocks"
}

# ---------------------------------------------------------------- logout
oi_logout() {
  local sess
  sess=$(oi_session_dir) || { echo "no session with $OI_IQN to log out of"; return 1; }
  run iscsiadm -m node -T "$OI_IQN" -p "$OI_PORTAL" --logout || { echo "logout from $OI_IQN failed"; return 1; }
  for _ in $(seq 1 40); do
    [[ -e $sess ]] || break
    sleep 0.25
  done
  [[ ! -e $sess ]] || { echo "the session's sysfs folder $sess is still there after logout"; return 1; }
  local role
  for role in "${OI_ROLES[@]}"; do
    [[ -z ${ODEV[$role.sg]:-} || ! -e ${ODEV[$role.sg]} ]] || { echo "${ODEV[$role.sg]} ($role) still exists after logout"; return 1; }
  done
  run iscsiadm -m node -o delete -T "$OI_IQN" -p "$OI_PORTAL" || return 1
  iscsiadm -m session 2>&1 | tee /tmp/oi.sessions
  expect_grep /tmp/oi.sessions "No active sessions"
}

oi_stop_iscsid() {
  [[ -n $ISCSID_PID ]] || return 0
  kill -TERM "$ISCSID_PID" 2>/dev/null
  wait "$ISCSID_PID" 2>/dev/null
  ISCSID_PID=
}

# ---------------------------------------------------------------- the section
open_iscsi_section() {
  local start=$SECONDS role
  mkdir -p "$OI_REF"
  say "open-iscsi: target $OI_IQN at $OI_PORTAL, LUNs $OI_LUNS"
  run modprobe sg && run modprobe st && run modprobe ch
  if check open-iscsi.network oi_network && check open-iscsi.iscsid oi_start_iscsid; then
    check open-iscsi.sendtargets oi_sendtargets
    check open-iscsi.chap-wrong-secret oi_chap_refused
    if check open-iscsi.login oi_login; then
      if check open-iscsi.devices oi_devices; then
        for role in "${OI_ROLES[@]}"; do
          check "open-iscsi.sg_inq.$role" oi_inquiry "$role"
          check "open-iscsi.sg_vpd.$role" oi_vpd "$role"
          check "open-iscsi.sg_logs.$role" oi_logs "$role"
        done
        if check open-iscsi.mtx-load oi_mtx_load; then
          check open-iscsi.mt.drive0 oi_mt
          check open-iscsi.tar.drive0 oi_tar
          check open-iscsi.eod.drive0 oi_eod
          check open-iscsi.bsf.drive0 oi_bsf
          check open-iscsi.pmt-vs-mt.drive0 oi_pmt_vs_mt
          check open-iscsi.pmtx-vs-mtx oi_pmtx_vs_mtx
          check open-iscsi.mtx-unload oi_mtx_unload
          check "open-iscsi.btape-test.drive${OI_BTAPE_DRIVE:-$((OI_DRIVES - 1))}" oi_btape
          [[ ${OI_TAPE_TOOL:-} == 1 ]] && check open-iscsi.tape-backup-restore oi_tape_tool
        fi
      fi
      check open-iscsi.logout oi_logout
    fi
  fi
  oi_stop_iscsid
  echo "$((SECONDS - start))" >"$RES/open-iscsi-seconds"
  say "open-iscsi: section took $((SECONDS - start)) s"
}
