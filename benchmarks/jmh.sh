# Sourced by the benchmark scripts: jmh PATTERN [JMH options] runs the JMH benchmarks matching
# PATTERN from benchmarks/target/benchmarks.jar (built first if missing), progress on stderr, and
# leaves their JSON results in the file named by $out (removed when the script exits).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || ./mvnw -q -pl benchmarks -am package -DskipTests
out=$(mktemp)
trap 'rm -f "$out"' EXIT

jmh() {
  local pattern=$1
  shift
  java --enable-native-access=ALL-UNNAMED -jar "$jar" "$pattern" -rf json -rff "$out" "$@" >&2
}
