#!/usr/bin/env bash
# Chunk compression on all cores (tape-backup's ParallelCompressor) against compression on the
# writer's thread (ChunkArchiveWriter.add), with zstd alone on one core as the limit, all in one JMH
# run, text-like and random 1 MiB chunks. Target: allCores at least 0.8 of cores x compressOnly on
# text. Extra arguments go to JMH (e.g. -wi 1 -i 2 -r 2s).
set -euo pipefail
source "$(dirname "$0")/jmh.sh"
jmh ParallelCompression "$@"
python3 - "$out" "$(nproc)" <<'PY'
import json, sys
cores = int(sys.argv[2])
runs = {}
for r in json.load(open(sys.argv[1])):
    runs[(r["params"]["data"], r["benchmark"].rsplit(".", 1)[1])] = r["primaryMetric"]["score"] * 32 * 1.048576 / 1000
for data in ("text", "random"):
    only, one, all_ = (runs[(data, b)] for b in ("compressOnly", "oneThread", "allCores"))
    limit = cores * only
    print(f"{data:6s} compressOnly {only:5.2f} GB/s  oneThread {one:5.2f} GB/s  allCores {all_:5.2f} GB/s  "
          f"allCores/oneThread {all_ / one:4.2f}  allCores/({cores} x compressOnly) {all_ / limit:4.2f}")
text = runs[("text", "allCores")] / (cores * runs[("text", "compressOnly")])
print(f"text: allCores = {text:.2f} of {cores} cores of zstd (target >= 0.8): {'OK' if text >= 0.8 else 'BELOW TARGET'}")
PY
