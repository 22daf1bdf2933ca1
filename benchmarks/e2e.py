#!/usr/bin/env python3
"""tapekit's end-to-end performance harness (issue 15); run it through benchmarks/e2e.sh.

On the same data sets (4 GiB incompressible, 4 GiB text-like, a tree of 100,000 small files) it times
`tape backup` into a virtual drive with encryption and `tape restore`, next to `dd bs=256k`, `tar` and
`restic` on the same machine and filesystem; backups to 1, 2 and 4 drives at once; a single-file
restore; throttled LTO-9 drives that count underruns; a bursty source with and without the host
buffer; peak heap and RSS of every tapekit run. Every figure and ratio is printed and written to
benchmarks/results/e2e-latest.json.
"""

import argparse
import datetime
import filecmp
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TAPE = os.path.join(ROOT, "tape-tools/target/dist/bin/tape")
JAR = os.path.join(ROOT, "benchmarks/target/benchmarks.jar")
DATA_VERSION = "1"  # bump when E2eData's output changes, so cached data sets are made again
PASSWORD = "e2e-harness-passphrase"

results = []
figures = {}


def log(msg):
    print(msg, flush=True)


def figure(name, value, unit):
    figures[name] = value
    results.append({"name": name, "value": round(value, 4) if isinstance(value, float) else value, "unit": unit})
    log(f"  {name:58s} {value:14,.2f} {unit}" if isinstance(value, float) else f"  {name:58s} {value:>14,} {unit}")


def ratio(name, numerator, denominator, target=None):
    if numerator not in figures or denominator not in figures or not figures[denominator]:
        return
    value = figures[numerator] / figures[denominator]
    entry = {"name": name, "value": round(value, 4), "unit": "ratio", "numerator": numerator,
             "denominator": denominator}
    if target is not None:
        entry["target"] = target
        entry["met"] = value >= target
    figures[name] = value
    results.append(entry)
    verdict = "" if target is None else (f"  target >= {target}: " + ("met" if value >= target else "MISSED"))
    log(f"  {name:58s} {value:14.3f}{verdict}")


class Run:
    """One timed process: wall seconds, peak RSS (KiB), user and system CPU seconds, and for a JVM run
    with a GC log, the peak heap in use (before a collection) and the largest heap committed."""

    def __init__(self, wall, rss_kib, user, system, out, heap=None):
        self.wall, self.rss_kib, self.user, self.system, self.out, self.heap = wall, rss_kib, user, system, out, heap


def run(argv, env=None, cwd=None, gc_log=None, check=True, stdin=None):
    stats = os.path.join(WORK, "time.out")
    full_env = dict(os.environ if env is None else env)
    if gc_log:
        full_env["TAPEKIT_JAVA_OPTS"] = (full_env.get("TAPEKIT_JAVA_OPTS", "") + f" -Xlog:gc:file={gc_log}").strip()
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", stats] + argv, env=full_env, cwd=cwd,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=stdin, text=True)
    wall = time.perf_counter() - start
    if check and p.returncode != 0:
        sys.exit(f"e2e: {' '.join(argv)} failed with exit status {p.returncode}:\n{p.stdout[-4000:]}")
    with open(stats) as f:
        rss, user, system = f.read().split()[-3:]
    heap = peak_heap(gc_log) if gc_log else None
    return Run(wall, int(rss), float(user), float(system), p.stdout, heap)


def peak_heap(gc_log):
    """(peak MiB in use before any collection, largest MiB committed) from a -Xlog:gc file."""
    peak, committed = 0, 0
    try:
        with open(gc_log) as f:
            for line in f:
                m = re.search(r"(\d+)M->(\d+)M\((\d+)M\)", line)
                if m:
                    peak = max(peak, int(m.group(1)))
                    committed = max(committed, int(m.group(3)))
    except FileNotFoundError:
        return None
    return peak, committed


def tree_bytes(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            total += os.lstat(os.path.join(dirpath, name)).st_size
    return total


def warm(path):
    """Reads every file of path, so that every tool is fed from the page cache."""
    for dirpath, _, files in os.walk(path):
        for name in files:
            with open(os.path.join(dirpath, name), "rb") as f:
                while f.read(1 << 20):
                    pass


def same_tree(a, b):
    """True when b holds the same files with the same content as a (names, sizes, bytes)."""
    for dirpath, _, files in os.walk(a):
        rel = os.path.relpath(dirpath, a)
        for name in files:
            x, y = os.path.join(dirpath, name), os.path.join(b, rel, name)
            if not os.path.isfile(y) or not filecmp.cmp(x, y, shallow=False):
                log(f"e2e: {y} differs from {x}")
                return False
    return True


def find_restored(root, src):
    """Where under root a restore put the tree of src (tape and restic nest it below the target)."""
    probe = next(os.path.relpath(os.path.join(d, fs[0]), src) for d, _, fs in os.walk(src) if fs)
    for dirpath, _, files in os.walk(root):
        if dirpath.endswith(os.path.dirname(probe)) or not os.path.dirname(probe):
            candidate = dirpath[:len(dirpath) - len(os.path.dirname(probe))].rstrip("/") or dirpath
            if os.path.isfile(os.path.join(candidate, probe)):
                return candidate
    sys.exit(f"e2e: no restore of {src} under {root}")


def rm(path):
    shutil.rmtree(path, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------
# data sets


def data_sets(args):
    data = os.path.join(WORK, "data")
    marker = os.path.join(data, "made")
    want = f"{DATA_VERSION} {args.mib} {args.files}"
    if os.path.exists(marker) and open(marker).read() == want:
        return data
    rm(data)
    os.makedirs(data)
    log(f"making the data sets in {data} (kept for the next run)")
    java = ["java", "-cp", JAR, "dev.tapekit.benchmarks.E2eData"]
    subprocess.run(java + ["random", f"{data}/random", str(args.mib), "16", "1"], check=True)
    subprocess.run(java + ["text", f"{data}/text", str(args.mib), "16", "2"], check=True)
    subprocess.run(java + ["tree", f"{data}/tree", str(args.files), "3"], check=True)
    # the file of the single-file restore: small, in the incompressible set's media set
    subprocess.run(java + ["text", f"{data}/needle", "1", "1", "4"], check=True)
    shutil.move(f"{data}/needle/part-000.bin", f"{data}/random/needle.txt")
    os.rmdir(f"{data}/needle")
    with open(marker, "w") as f:
        f.write(want)
    return data


# ---------------------------------------------------------------------------------------------------
# tapekit


class Tape:
    """A tapekit home of its own (configuration, catalog, keys, virtual libraries, lock files)."""

    def __init__(self, home):
        self.home = home
        rm(home)
        os.makedirs(home)
        self.env = dict(os.environ, TAPEKIT_CONFIG=f"{home}/config", TAPEKIT_HOME=f"{home}/state",
                        TAPEKIT_LOCK_DIR=f"{home}/locks", TAPEKIT_KEY_PASSWORD=PASSWORD)

    def __call__(self, *args, gc_name=None, check=True):
        gc_log = None
        if gc_name:
            gc_log = os.path.join(self.home, f"gc-{gc_name}.log")
        return run([TAPE] + list(args) + ["--quiet"],
                   env=self.env, gc_log=gc_log, check=check)

    def json(self, *args):
        return json.loads(self(*args, "--output-format", "json").out)

    def library(self, name, drives, cartridges, throttle=False, generation=9, extra=None):
        """A virtual library of its own: drives of one LTO generation, blank cartridges of it."""
        model = f"IBM ULT3580-TD{generation}"
        lines = [
            "[library]", f'name = "{name}"', 'vendor = "IBM"', 'product = "03584L32"', 'revision = "9.00"',
            f'serial = "{name}LIB"', f'naa = "50:00:00:00:00:{len(name):02x}:00:00"', "transport = 1",
            "import_export_start = 16", "import_export_count = 1", "drive_start = 256",
            "storage_start = 4096", f"storage_count = {cartridges}", f"capacity_mb = {64 << 10}", ""]
        for d in range(drives):
            lines += ["[[drive]]", f'model = "{model}"', f'serial = "{name}D{d}"',
                      f'naa = "50:00:00:00:00:{len(name):02x}:01:{d:02x}"']
            if throttle:
                lines.append("throttle = true")
            for k, v in (extra or {}).items():
                lines.append(f"{k} = {v}")
            lines.append("")
        for c in range(cartridges):
            lines += ["[[cartridge]]", f'barcode = "{name[:3]}{c:03d}L{generation}"', f"slot = {c + 1}", ""]
        layout = os.path.join(self.home, f"{name}.toml")
        with open(layout, "w") as f:
            f.write("\n".join(lines))
        self("vtl", "create", name, "--layout", layout)

    def key(self):
        pw = os.path.join(self.home, "password")
        with open(pw, "w") as f:
            f.write(PASSWORD + "\n")
        return self.json("key", "create", "--hint", "e2e", "--password-file", pw)["fingerprint"]

    def pool(self, name, drive, key, *extra):
        self("pool", "create", name, "--drive", drive, "--encrypt", key, *extra)  # backups label blank tapes

    def sets(self, pool):
        return [m["media-set-uuid"] for m in self.json("media", "list", "--pool", pool) if m.get("media-set-uuid")]


def tape_backup(t, label, source, pool, name):
    warm(source)
    r = t("backup", source, "--pool", pool, "--name", name, gc_name=f"backup-{label}")
    heap(label, "backup", r)
    return r


def heap(label, what, r):
    figure(f"{label}.tape-{what}.rss", r.rss_kib / 1024, "MiB")
    if r.heap:
        figure(f"{label}.tape-{what}.peak-heap", float(r.heap[0]), "MiB")


# ---------------------------------------------------------------------------------------------------
# sections


def compare(args, data):
    """Backup and restore of each data set by dd, tar, restic and tape; the ratios of the issue."""
    t = Tape(os.path.join(WORK, "tape"))
    t.library("EEA", 1, 12)
    key = t.key()
    scratch = os.path.join(WORK, "scratch")
    for label in ("random", "text", "tree"):
        src = os.path.join(data, label)
        size = tree_bytes(src)
        mb = size / 1e6
        log(f"{label}: {size / 2**30:.2f} GiB in {sum(len(f) for _, _, f in os.walk(src)):,} files")
        figure(f"{label}.bytes", size, "bytes")

        if label != "tree":  # dd: the copy a tape write or a restore can approach
            rm(scratch)
            os.makedirs(scratch)
            warm(src)
            start = time.perf_counter()
            for name in sorted(os.listdir(src)):
                run(["dd", f"if={src}/{name}", f"of={scratch}/{name}", "bs=256k", "status=none"])
            figure(f"{label}.dd-copy", mb / (time.perf_counter() - start), "MB/s")
            rm(scratch)

        archive = os.path.join(WORK, "data.tar")
        warm(src)
        r = run(["tar", "-cf", archive, "-C", data, label])
        figure(f"{label}.tar-create", mb / r.wall, "MB/s")
        os.makedirs(scratch)
        r = run(["tar", "-xf", archive, "-C", scratch])
        figure(f"{label}.tar-extract", mb / r.wall, "MB/s")
        os.remove(archive)
        rm(scratch)

        repo = os.path.join(WORK, "restic")
        rm(repo)
        renv = dict(os.environ, RESTIC_REPOSITORY=repo, RESTIC_PASSWORD=PASSWORD, RESTIC_CACHE_DIR=f"{WORK}/restic-cache")
        run(["restic", "init", "--quiet"], env=renv)
        warm(src)
        r = run(["restic", "backup", "--quiet", src], env=renv)
        figure(f"{label}.restic-backup", mb / r.wall, "MB/s")
        figure(f"{label}.restic-backup.rss", r.rss_kib / 1024, "MiB")
        r = run(["restic", "restore", "latest", "--quiet", "--target", scratch], env=renv)
        figure(f"{label}.restic-restore", mb / r.wall, "MB/s")
        if not same_tree(src, find_restored(scratch, src)):
            sys.exit(f"e2e: restic restored {label} wrongly")
        rm(scratch)
        rm(repo)

        pool = f"E2E-{label}"
        t.pool(pool, "EEA-0", key, "--allocation", "always")
        r = tape_backup(t, label, src, pool, label)
        figure(f"{label}.tape-backup", mb / r.wall, "MB/s")
        media_set = t.sets(pool)[-1]
        r = t("restore", media_set, scratch, "--drive", "EEA-0", gc_name=f"restore-{label}")
        figure(f"{label}.tape-restore", mb / r.wall, "MB/s")
        heap(label, "restore", r)
        if not same_tree(src, find_restored(scratch, src)):
            sys.exit(f"e2e: tape restored {label} wrongly")
        rm(scratch)

        if label == "random":
            single_file(t, media_set, src, scratch)

        if label != "tree":
            ratio(f"{label}.tape-backup/dd-copy", f"{label}.tape-backup", f"{label}.dd-copy",
                  0.6 if label == "random" else None)
            ratio(f"{label}.tape-restore/dd-copy", f"{label}.tape-restore", f"{label}.dd-copy",
                  0.6 if label == "random" else None)
        ratio(f"{label}.tape-backup/restic-backup", f"{label}.tape-backup", f"{label}.restic-backup", 1.0)
        ratio(f"{label}.tape-restore/restic-restore", f"{label}.tape-restore", f"{label}.restic-restore", 1.0)
        ratio(f"{label}.tape-backup/tar-create", f"{label}.tape-backup", f"{label}.tar-create",
              1.0 if label == "tree" else None)
        ratio(f"{label}.tape-restore/tar-extract", f"{label}.tape-restore", f"{label}.tar-extract",
              1.0 if label == "tree" else None)
        if label == "random" and "random.tape-backup.peak-heap" in figures:
            figures["heap-limit"] = 512.0
            results.append({"name": "heap-limit", "value": 512, "unit": "MiB"})
            ratio("random.peak-heap/heap-limit", "random.tape-backup.peak-heap", "heap-limit")
    rm(t.home)


def single_file(t, media_set, src, scratch):
    """Restores one small file of the 4 GiB set: time and the bytes the drive read."""
    snapshot = next(c["snapshot"] for c in t.json("media", "content", "--media-set", media_set))
    r = t("restore", media_set, scratch, "--drive", "EEA-0", "--snapshot", snapshot, "--path", "needle.txt",
          "--output-format", "json")
    figure("single-file.restore-time", r.wall, "s")
    read = json.loads(r.out[r.out.index("{"):]).get("bytes-read")
    if read is not None:
        figure("single-file.bytes-read", read, "bytes")
        ratio("single-file.bytes-read/set-bytes", "single-file.bytes-read", "random.bytes")
    restored = [os.path.join(d, f) for d, _, fs in os.walk(scratch) for f in fs if f == "needle.txt"]
    if len(restored) != 1 or not filecmp.cmp(restored[0], os.path.join(src, "needle.txt"), shallow=False):
        sys.exit("e2e: the single-file restore did not restore needle.txt")
    rm(scratch)


def one_drive_each(t, data, n, name, **library):
    """n sources, each 1/n of the incompressible set as hard links (no more disk), and for each a pool
    on a virtual library of its own (a virtual library is open in one process at a time)."""
    src = os.path.join(data, "random")
    parts = sorted(p for p in os.listdir(src) if p.startswith("part-"))
    key = t.key()
    sources = []
    for d in range(n):
        s = os.path.join(t.home, f"source-{d}")
        os.makedirs(s)
        for p in parts[d * len(parts) // n:(d + 1) * len(parts) // n]:
            os.link(os.path.join(src, p), os.path.join(s, p))
        sources.append(s)
        t.library(f"{name[:2]}{d}", 1, 4, **library)
        t.pool(f"{name}{d}", f"{name[:2]}{d}-0", key, "--allocation", "always")
    return sources


def parallel_backups(t, sources, name, label):
    """Runs one `tape backup` per source at once, into pools name0, name1, ...; the aggregate MB/s."""
    for s in sources:
        warm(s)
    runs = [None] * len(sources)

    def one(i):
        runs[i] = t("backup", sources[i], "--pool", f"{name}{i}", "--name", f"{label}-{i}")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(sources))]
    start = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - start
    if any(r is None for r in runs):
        sys.exit(f"e2e: a backup of {label} failed")
    return sum(tree_bytes(s) for s in sources) / 1e6 / wall


def drives(args, data):
    """Backups to 1, 2 and 4 drives at once, each from its own source into its own pool."""
    t = Tape(os.path.join(WORK, "drives"))
    sources = one_drive_each(t, data, 4, "DRIVE")
    for n in (1, 2, 4):
        figure(f"drives-{n}.aggregate", parallel_backups(t, sources[:n], "DRIVE", f"drives-{n}"), "MB/s")
    ratio("drives-2/drives-1", "drives-2.aggregate", "drives-1.aggregate")
    ratio("drives-4/drives-1", "drives-4.aggregate", "drives-1.aggregate")
    rm(t.home)


def throttled(args, data):
    """LTO-9 drives throttled to their native rate and speed-matching floor: underruns at 1 and 2 drives."""
    t = Tape(os.path.join(WORK, "throttled"))
    sources = one_drive_each(t, data, 2, "THROTTLED", throttle=True)
    for n in (1, 2):
        before = sum(underruns(t, f"TH{d}") for d in range(n))
        rate = parallel_backups(t, sources[:n], "THROTTLED", f"throttled-{n}")
        figure(f"throttled-{n}.aggregate", rate, "MB/s")
        figure(f"throttled-{n}.underruns", sum(underruns(t, f"TH{d}") for d in range(n)) - before, "count")
    ratio("throttled-2/throttled-1", "throttled-2.aggregate", "throttled-1.aggregate", 1.6)
    rm(t.home)


def bursty(args, data):
    """A bursty source into a throttled LTO-9 drive with a small buffer, without and with the host buffer."""
    src = os.path.join(data, "random")
    parts = [os.path.join(src, p) for p in sorted(os.listdir(src)) if p.startswith("part-")]
    t = Tape(os.path.join(WORK, "bursty"))
    key = t.key()
    t.library("BU", 1, 6, throttle=True, extra={"throttle_buffer_mib": 64})
    t.pool("BURSTY", "BU-0", key, "--allocation", "always")
    burst, pause, bursts = 256 << 20, 0.5, max(2, min(8, args.mib // 512))
    for label, buffer in (("no-host-buffer", "0"), ("host-buffer", "512MiB")):
        t("drive", "update", "BU-0", "--buffer", buffer)
        before = underruns(t, "BU")
        warm(src)
        proc = subprocess.Popen([TAPE, "backup", "--stdin", f"bursty-{label}", "--pool", "BURSTY", "--quiet"],
                                env=t.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        start = time.perf_counter()
        sent = 0
        for b in range(bursts):  # a burst as fast as the pipe takes it, then the source stalls
            with open(parts[b % len(parts)], "rb") as f:
                left = burst
                while left > 0:
                    block = f.read(min(left, 4 << 20))
                    if not block:
                        break
                    proc.stdin.write(block)
                    left -= len(block)
                    sent += len(block)
            proc.stdin.flush()
            time.sleep(pause)
        proc.stdin.close()
        out = proc.stdout.read().decode(errors="replace")
        if proc.wait() != 0:
            sys.exit(f"e2e: the bursty backup ({label}) failed:\n{out[-4000:]}")
        wall = time.perf_counter() - start
        figure(f"bursty.{label}.rate", sent / 1e6 / wall, "MB/s")
        figure(f"bursty.{label}.underruns", underruns(t, "BU") - before, "count")
    rm(t.home)


def underruns(t, library):
    """The underruns the library's drives have counted, from `tape vtl status`."""
    return sum((e.get("throttle") or {}).get("underruns", 0) for e in t.json("vtl", "status", library)
               if e.get("location") == "drive")


SECTIONS = {"compare": compare, "drives": drives, "throttled": throttled, "bursty": bursty}


def main():
    global WORK
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--work", default=os.environ.get("TAPEKIT_E2E_WORK", "/var/tmp/tapekit-e2e"),
                   help="working directory (data sets are kept there between runs)")
    p.add_argument("--mib", type=int, default=4096, help="size of each of the two large data sets")
    p.add_argument("--files", type=int, default=100_000, help="files of the small-file tree")
    p.add_argument("--only", action="append", choices=sorted(SECTIONS), help="run only these sections")
    p.add_argument("--prepare", action="store_true", help="only make the data sets")
    p.add_argument("--out", default=os.path.join(ROOT, "benchmarks/results/e2e-latest.json"))
    args = p.parse_args()
    WORK = os.path.abspath(args.work)
    os.makedirs(WORK, exist_ok=True)
    started = time.perf_counter()
    data = data_sets(args)
    if args.prepare:
        return
    for name in args.only or list(SECTIONS):
        log(f"== {name}")
        SECTIONS[name](args, data)
    seconds = time.perf_counter() - started
    log(f"e2e: {seconds:.0f} s")
    doc = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(), "seconds": round(seconds, 1), "data-mib": args.mib, "tree-files": args.files,
        "commit": subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                                 text=True).stdout.strip(),
        "figures": results,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    log(f"e2e: results in {args.out}")


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    restic = subprocess.run(["restic", "version"], capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory-gib": round(mem / 2**20, 1), "kernel": platform.release(),
            "java": java, "restic": restic}


if __name__ == "__main__":
    main()
