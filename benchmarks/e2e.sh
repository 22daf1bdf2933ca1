#!/usr/bin/env bash
# tapekit's end-to-end performance harness (issue 15): tape backup and restore against dd, tar and
# restic on the same data, several drives at once, throttled LTO-9 drives that count underruns, the
# host buffer against a bursty source, peak heap and RSS. Prints every figure and ratio and writes
# benchmarks/results/e2e-latest.json. Options: benchmarks/e2e.sh --help. Takes about 15 minutes on
# the project's 2-core machine with the default sizes, plus about a minute to make the data sets the
# first time (kept in the working directory, /var/tmp/tapekit-e2e by default: about 9 GiB, and as much
# again free while it runs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
missing=
for tool in restic tar dd python3 java; do
  command -v "$tool" >/dev/null || missing="$missing $tool"
done
[ -x /usr/bin/time ] || missing="$missing time"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -q $(echo "$missing" | sed 's/java/openjdk-17-jdk-headless/; s/python3/python3/') >&2
  else
    echo "e2e: missing:$missing (on Debian: apt-get install$missing)" >&2
    exit 1
  fi
fi
if [ ! -x tape-tools/target/dist/bin/tape ] || [ ! -f benchmarks/target/benchmarks.jar ]; then
  ./mvnw -q -pl tape-tools,benchmarks -am package -DskipTests
fi
exec python3 benchmarks/e2e.py "$@"
