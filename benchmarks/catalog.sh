#!/usr/bin/env bash
# tape-catalog's two targets, each next to its limit measured in the same run: chunk records ingested
# by the SQLite catalog (target >= 200,000 records/s; limit: the same rows into a table without keys),
# and dedup lookups in the in-memory chunk set (target >= 5,000,000/s on one core; limit: one random
# 32-byte read from an array of the table's size). Then the chunk set's memory per million digests.
# Extra arguments go to JMH.
set -euo pipefail
source "$(dirname "$0")/jmh.sh"
jmh 'CatalogIngest|DedupLookup' "$@"
python3 - "$out" <<'PY'
import json, sys
runs = {r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["score"]
        for r in json.load(open(sys.argv[1]))}
for name, ops in sorted(runs.items()):
    print(f"{name:38s} {ops:14,.0f} /s")
ingest, bare = runs["CatalogIngestBenchmark.commit"], runs["CatalogIngestBenchmark.bareInsert"]
lookup, read = runs["DedupLookupBenchmark.lookup"], runs["DedupLookupBenchmark.randomRead"]
print(f"ingest: {ingest:,.0f} records/s = {ingest / bare:.2f} of a bare insert; target 200,000/s: "
      f"{'OK' if ingest >= 200_000 else 'BELOW TARGET'}")
print(f"dedup:  {lookup:,.0f} lookups/s = {lookup / read:.2f} of a random 32-byte read; target 5,000,000/s: "
      f"{'OK' if lookup >= 5_000_000 else 'BELOW TARGET'}")
PY
java -Xmx4g -cp "$jar" dev.tapekit.benchmarks.ChunkSetMemory 1 2 3
