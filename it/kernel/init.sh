#!/bin/busybox sh
# /init of the kernel-it initramfs (busybox only). Mounts the host's root filesystem (9p tag
# "hostroot", read-only) under a tmpfs overlay so the guest can write /etc, /run and /tmp without
# touching the host, mounts the harness work folder (9p tag "work") at /hw, binds the unpacked
# kernel modules to /usr/lib/modules/$(uname -r), and runs the guest script in a chroot. Always
# powers the guest off at the end; results travel only through /hw.
/bin/busybox --install -s /bin
export PATH=/bin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

fail() {
  echo "kernel-it init: FAILED: $*"
  poweroff -f
}

arg() { tr ' ' '\n' </proc/cmdline | sed -n "s/^tk\.$1=//p"; }
KVER=$(arg kver)
MODDIR=$(arg moddir)
SCRIPT=$(arg script)
ENVFILE=$(arg env)

for m in $(cat /modules/order); do
  insmod "/modules/$m" || fail "insmod $m"
done

P9="trans=virtio,version=9p2000.L,msize=512000"
mount -t 9p -o "$P9,ro,cache=loose" hostroot /host || fail "mount of the host root over 9p"
mount -t tmpfs -o mode=755 tmpfs /rw || fail "tmpfs"
mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/host,upperdir=/rw/upper,workdir=/rw/work /newroot || fail "overlay root"
mkdir -p /newroot/hw
mount -t 9p -o "$P9" work /newroot/hw || fail "mount of the work folder over 9p"

mkdir -p "/newroot/usr/lib/modules/$KVER"
mount --bind "/newroot$MODDIR" "/newroot/usr/lib/modules/$KVER" || fail "bind of the kernel modules"
mount -t proc proc /newroot/proc
mount -t sysfs sysfs /newroot/sys
mount -t devtmpfs devtmpfs /newroot/dev
mkdir -p /newroot/dev/pts
mount -t devpts devpts /newroot/dev/pts
# devtmpfs has no /dev/fd: bash process substitution needs it.
ln -sf /proc/self/fd /newroot/dev/fd
ln -sf /proc/self/fd/0 /newroot/dev/stdin
ln -sf /proc/self/fd/1 /newroot/dev/stdout
ln -sf /proc/self/fd/2 /newroot/dev/stderr
# /tmp stays the overlay's (host /tmp readable, writes land in the guest's tmpfs upper layer): the
# work folder or the repository may live under the host's /tmp.
mount -t tmpfs -o mode=755 tmpfs /newroot/run

echo "kernel-it init: root ready after $(cut -d' ' -f1 /proc/uptime)s, running $SCRIPT"
chroot /newroot /bin/bash "$SCRIPT" "$ENVFILE"
echo "kernel-it init: guest script exited with status $?"
sync
poweroff -f
