#!/usr/bin/env bash
# Decoding what devices answer, on one core, in one JMH run: tape-scsi's sense decoder (fixed and
# descriptor format, a filemark met by READ) and tape-changer's READ ELEMENT STATUS decoder (a
# 500-slot library with volume tags, 509 elements), each next to a copy of the same bytes (the limit).
# Targets: a whole inventory decoded in at most 100 us (>= 10,000/s), sense in at most 1% of the
# 655 us an LTO-9 drive takes for a 256 KiB block at 400 MB/s (6.55 us, >= 152,588/s). Extra
# arguments go to JMH.
set -euo pipefail
source "$(dirname "$0")/jmh.sh"
jmh StatusDecoding "$@"
python3 - "$out" <<'PY'
import json, sys
runs = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["score"] for r in json.load(open(sys.argv[1]))}
sense = round(1 / (0.01 * 256 * 1024 / 400e6))
targets = {"senseFixed": sense, "senseDescriptor": sense, "elementStatus": 10_000}
ok = True
for name, target in targets.items():
    ops, limit = runs[name], runs[name + "Copy"]
    met = ops >= target
    ok = ok and met
    print(f"{name:16s} {ops:14,.0f} /s  {1e6 / ops:8.3f} us each  = {ops / limit:.3f} of a copy ({limit:,.0f} /s)  "
          f"target {target:,}/s: {'OK' if met else 'BELOW TARGET'}")
print("all targets met" if ok else "BELOW TARGET")
PY
