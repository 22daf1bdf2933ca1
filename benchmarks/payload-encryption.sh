#!/usr/bin/env bash
# Software payload encryption (tape-crypto) as a ratio to raw JCE AES-GCM on the same buffer, both
# measured in one JMH run. Target: ratio >= 0.9. Extra arguments go to JMH (e.g. -wi 1 -i 1 -r 1s).
set -euo pipefail
source "$(dirname "$0")/jmh.sh"
jmh PayloadEncryption "$@"
python3 - "$out" <<'PY'
import json, sys
runs = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["score"] for r in json.load(open(sys.argv[1]))}
size = 262144
for name, ops in sorted(runs.items()):
    print(f"{name:8s} {ops:10.1f} payloads/s  {ops * size / 1e9:6.2f} GB/s")
ratio = runs["tapekit"] / runs["rawJce"]
print(f"ratio tapekit/rawJce = {ratio:.3f} (target >= 0.9): {'OK' if ratio >= 0.9 else 'BELOW TARGET'}")
PY
