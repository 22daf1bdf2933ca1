#!/usr/bin/env bash
# tape-format's block layer (header + CRC32C, checks on read) as ratios to the same data movement
# without it, both measured in one JMH run. Target: both ratios >= 0.8. Extra arguments go to JMH.
set -euo pipefail
source "$(dirname "$0")/jmh.sh"
jmh BlockFraming "$@"
python3 - "$out" <<'PY'
import json, sys
runs = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["score"] for r in json.load(open(sys.argv[1]))}
mib = 16
for name, ops in sorted(runs.items()):
    print(f"{name:11s} {ops:8.1f} ops/s  {ops * mib * 1.048576 / 1000:6.2f} GB/s")
for a, b in (("frameWrite", "copyWrite"), ("verifyRead", "copyRead")):
    r = runs[a] / runs[b]
    print(f"ratio {a}/{b} = {r:.3f} (target >= 0.8): {'OK' if r >= 0.8 else 'BELOW TARGET'}")
PY
