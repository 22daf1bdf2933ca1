#!/usr/bin/env bash
# Start-up time of the pmtx and pmt launchers, as a ratio to an empty JVM measured in the same run.
#
#   benchmarks/startup.sh [-n RUNS] [DIST...]
#
# Each DIST is an unpacked tools tree (bin/, lib/); default tape-tools/target/dist, built by
# ./mvnw -q -pl tape-tools -am package -DskipTests. Give an older build first to compare before and
# after, e.g. one built from `git archive <commit>` in a temporary directory. RUNS per case: 15.
#
# Prints the median wall time of each case in milliseconds and its ratio to `java -version` (the
# floor: a JVM that starts and exits). The cases run interleaved, one run of each per round, so load
# from neighbours spreads over all of them instead of landing on one. Per DIST:
#   pmtx -f vtl:L700 status                the command mtx-changer calls most
#   pmtx -f vtl:L700 status, TAPEKIT_CDS=off   the same without the class-data-sharing archive
#   pmtx --version                         launcher and option parser, no device
#   pmt -f vtl:L700:0 status               what mtx-changer polls a drive with (mt status)
set -euo pipefail

runs=15
if [[ ${1:-} == -n ]]; then
  runs=$2
  shift 2
fi
root=$(cd "$(dirname "$0")/.." && pwd -P)
(($#)) || set -- "$root/tape-tools/target/dist"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export TAPEKIT_VTL_HOME=$home

names=("java -version")
commands=("$java -version")
for dist in "$@"; do
  pmtx=$dist/bin/pmtx
  [[ -x $pmtx ]] || { echo "startup.sh: $pmtx is missing; build with ./mvnw -q -pl tape-tools -am package -DskipTests" >&2; exit 1; }
  "$pmtx" -f vtl:L700 status >/dev/null   # creates the library once; every measured run opens it
  names+=("$dist: pmtx -f vtl:L700 status" "$dist: same, TAPEKIT_CDS=off" "$dist: pmtx --version"
    "$dist: pmt -f vtl:L700:0 status")
  commands+=("$pmtx -f vtl:L700 status" "env TAPEKIT_CDS=off $pmtx -f vtl:L700 status" "$pmtx --version"
    "$dist/bin/pmt -f vtl:L700:0 status")
done

declare -A samples
for ((r = 0; r < runs; r++)); do
  for i in "${!commands[@]}"; do
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    ${commands[$i]} >/dev/null 2>&1
    end=$(date +%s%N)
    samples[$i]+="$(((end - start) / 1000000)) "
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
floor=$(echo "${samples[0]}" | median)
echo "$("$java" -version 2>&1 | head -1); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each, medians"
for i in "${!names[@]}"; do
  m=$(echo "${samples[$i]}" | median)
  printf '%6d ms  %5.2fx  %s\n' "$m" "$(echo "$m $floor" | awk '{print $1 / $2}')" "${names[$i]}"
done
