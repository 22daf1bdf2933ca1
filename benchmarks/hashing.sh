#!/usr/bin/env bash
# SHA-256 chunk naming on all cores (tape-backup's ParallelHasher, 1 MiB chunks) against the JCE's
# SHA-256 on one core, in one JMH run. Target: allCores at least 0.8 of cores x oneCore. Extra
# arguments go to JMH (e.g. -wi 1 -i 2 -r 2s).
set -euo pipefail
source "$(dirname "$0")/jmh.sh"
jmh ParallelHashing "$@"
python3 - "$out" "$(nproc)" <<'PY'
import json, sys
cores = int(sys.argv[2])
gbs = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["score"] * 32 * 1.048576 / 1000
       for r in json.load(open(sys.argv[1]))}
one, all_ = gbs["oneCore"], gbs["allCores"]
ratio = all_ / (cores * one)
print(f"oneCore {one:5.2f} GB/s  allCores {all_:5.2f} GB/s  allCores/oneCore {all_ / one:4.2f}")
print(f"allCores = {ratio:.2f} of {cores} cores of SHA-256 (target >= 0.8): {'OK' if ratio >= 0.8 else 'BELOW TARGET'}")
PY
