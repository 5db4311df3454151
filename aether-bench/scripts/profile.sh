#!/usr/bin/env bash
# JFR profiles of AetherDB's benchmark groups, one bench child JVM per group, for the rows where it
# trails (docs/BENCHMARKS.md, "Where the time goes"). Writes DIR/<group>-<durability>.jfr and a
# text summary per group (hot methods on all threads, native samples, GC pauses).
#
#   bash aether-bench/scripts/profile.sh [DIR] [SCALE] [group:durability ...]   (group ycsb: every YCSB phase)
#   default: /tmp/aether-profiles small randwrite:nosync randread:nosync seqwrite:sync seqread:nosync
#            lookup+scan:nosync txn:nosync scale:nosync
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JAVA_HOME/bin/java" ] || export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
out=${1:-/tmp/aether-profiles}; scale=${2:-small}; shift $(( $# > 2 ? 2 : $# ))
groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(randwrite:nosync randread:nosync seqwrite:sync seqread:nosync lookup+scan:nosync txn:nosync scale:nosync)
[ -f aether-bench/target/classpath.txt ] || ./mvnw -q -B -pl aether-bench -am package -DskipTests dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
CP="$(ls aether-bench/target/aether-bench-*.jar | head -1):$(cat aether-bench/target/classpath.txt)"
mkdir -p "$out"
for gd in "${groups[@]}"; do
  g=${gd%%:*}; d=${gd##*:}; name="${g//+/-}-$d"
  work=$(mktemp -d /tmp/aether-profile-work.XXXXXX)
  echo "profile: $g $d ($scale) ..." >&2
  if [ "$g" = ycsb ]; then
    # one recording per YCSB phase JVM (ycsb-aetherdb-<phase>.jfr), then a summary of each below
    "$JAVA_HOME/bin/java" -Daether.ycsb.jfrDir="$out" -cp "$CP" org.aetherdb.bench.ycsb.YcsbRunner --engines aetherdb \
      --durability "$d" --scale "$scale" --out "$work" > "$out/$name.out" 2>&1
    rm -rf "$work"
    for f in "$out"/ycsb-aetherdb-*.jfr; do
      { echo "== $(basename "$f" .jfr): samples by first engine frame and by thread"
        python3 aether-bench/scripts/jfr_callers.py "$f" 15 2>&1
        echo "== native methods"; "$JAVA_HOME/bin/jfr" view --width 160 native-methods "$f" 2>/dev/null | head -12
        echo "== GC"; "$JAVA_HOME/bin/jfr" view --width 160 gc-pauses "$f" 2>/dev/null | head -8
      } >> "$out/$name.txt"
    done
    echo "profile: $out/$name.txt" >&2
    continue
  fi
  "$JAVA_HOME/bin/java" -Xmx2g --enable-native-access=ALL-UNNAMED \
    -XX:StartFlightRecording=filename="$out/$name.jfr",settings=profile \
    -cp "$CP" org.aetherdb.bench.BenchChild aetherdb "$g" "$d" "$scale" "$work" > "$out/$name.out" 2>&1
  rm -rf "$work"
  {
    echo "== $g $d: hot methods (top frames, Java samples)"
    "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$out/$name.jfr" 2>/dev/null | head -30
    echo "== native methods"
    "$JAVA_HOME/bin/jfr" view --width 160 native-methods "$out/$name.jfr" 2>/dev/null | head -20
    echo "== GC"
    "$JAVA_HOME/bin/jfr" view --width 160 gc-pauses "$out/$name.jfr" 2>/dev/null | head -12
    echo "== samples by first engine frame and by thread"
    python3 aether-bench/scripts/jfr_callers.py "$out/$name.jfr" 15 2>&1
  } > "$out/$name.txt"
  echo "profile: $out/$name.txt" >&2
done
