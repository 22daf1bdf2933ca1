#!/usr/bin/env bash
# tape-sgio's SgIoTransport per command, without a device, against a transport that does nothing, in
# one JMH run: TEST UNIT READY, WRITE(6) of 256 KiB from an aligned direct buffer and from a heap
# buffer; the sg driver's two calls answered in memory (sgio) or made for real on a FIFO
# (sgioSyscalls). Prints each overhead over noop and its share of the 655 us an LTO-9 drive takes for
# a 256 KiB block at 400 MB/s. Target: WRITE(6) from an aligned buffer, sgioSyscalls - noop at most
# 1% of that (6.5 us). Extra arguments go to JMH.
set -euo pipefail
source "$(dirname "$0")/jmh.sh"
jmh SgIoTransport "$@"
python3 - "$out" <<'PY'
import json, sys
runs = {(r["params"]["command"], r["benchmark"].rsplit(".", 1)[1]): r["primaryMetric"]["score"]
        for r in json.load(open(sys.argv[1]))}
block_ns = 256 * 1024 / 400e6 * 1e9
for command in ("tur", "write", "writeHeap"):
    noop = runs[(command, "noop")]
    line = f"{command:9s} noop {noop / 1000:7.3f} us"
    for name in ("sgio", "sgioSyscalls"):
        ns = runs[(command, name)]
        line += (f"  {name} {ns / 1000:7.3f} us (+{(ns - noop) / 1000:6.3f} us, noop/{name} {noop / ns:4.2f}, "
                 f"{(ns - noop) / block_ns:6.2%} of a block)")
    print(line)
over = runs[("write", "sgioSyscalls")] - runs[("write", "noop")]
print(f"WRITE(6) 256 KiB, aligned: {over / 1000:.2f} us over noop up to the sg driver = {over / block_ns:.2%} "
      f"of an LTO-9 block time (target <= 1%): {'OK' if over <= 0.01 * block_ns else 'BELOW TARGET'}")
PY
