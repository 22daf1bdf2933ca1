#!/usr/bin/env bash
# tape-backup's content-defined chunker. First its cut-point throughput on one core with the default
# params (FastCdc over 64 MiB of random bytes), next to a loop that reads every byte of the same
# buffer (the limit) and SHA-256 of it (the pass each chunk needs next), all in one JMH run; target:
# at least 1 GB/s, and not slower than SHA-256. Then ChunkingDedup: chunk count and dedup of two
# versions of a tree of real files for averages of 64 KiB to 4 MiB, the measurement behind the
# default average. Extra arguments go to JMH.
set -euo pipefail
source "$(dirname "$0")/jmh.sh"
jmh ChunkingBenchmark "$@"
python3 - "$out" <<'PY'
import json, sys
runs = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["score"] for r in json.load(open(sys.argv[1]))}
gbs = {name: ops * 64 * 1.048576 / 1000 for name, ops in runs.items()}
for name in ("cut", "sum", "sha256"):
    print(f"{name:7s} {runs[name]:8.2f} ops/s  {gbs[name]:6.2f} GB/s")
cut = gbs["cut"]
print(f"cut = {cut / gbs['sum']:.3f} of the read limit, {cut / gbs['sha256']:.2f}x SHA-256; target >= 1 GB/s "
      f"and >= SHA-256: {'OK' if cut >= 1 and cut >= gbs['sha256'] else 'BELOW TARGET'}")
PY
java -Xmx3g -cp "$jar" dev.tapekit.benchmarks.ChunkingDedup
