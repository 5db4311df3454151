#!/usr/bin/env bash
# Mutation testing (PIT) of aether-core, one package at a time, each with the fast tests that
# exercise it (docs/VERIFICATION.md, "Do the checks check?"). Prints one score line per package
# and keeps each package's report in aether-core/target/pit/<package>/ (index.html, mutations.csv).
#
#   bash sabotage/pit.sh                      # every package below
#   bash sabotage/pit.sh format wal           # only these
#   THREADS=1 bash sabotage/pit.sh txn        # PIT worker threads (default 2)
#
# Not part of .ci/run: a package takes minutes to tens of minutes on 2 cores.
set -uo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JAVA_HOME/bin/java" ] || export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64

# package -> the tests PIT may run against its mutants (PIT's comma-separated globs). Engine-level
# tests that are fast are shared; the slow families (crash-state enumeration, Lincheck,
# conformance chains, simulation, fuzzing, child JVMs) are excluded in the pom's pit profile.
ENGINE='org.aetherdb.engine.EngineRoundTripTest,org.aetherdb.engine.DurabilityModesTest,org.aetherdb.FaultTest,org.aetherdb.LifecycleTest,org.aetherdb.UnforcedSuperblockAtOpenTest,org.aetherdb.VisibleOnlyWhenDurableTest,org.aetherdb.recovery.*'
declare -A TESTS=(
  [format]="org.aetherdb.format.*,org.aetherdb.wal.RecordCodecBoundsTest,org.aetherdb.btree.KernelExhaustiveTest,org.aetherdb.btree.CowTreeTest,$ENGINE"
  [wal]="org.aetherdb.wal.*,$ENGINE,org.aetherdb.crash.FaultEveryCallTest"
  [btree]="org.aetherdb.btree.*,org.aetherdb.checkpoint.CheckpointWriterTest,org.aetherdb.CursorTest,org.aetherdb.DifferentialTest,org.aetherdb.LargeValueTest,org.aetherdb.SnapshotTest,$ENGINE"
  [txn]="org.aetherdb.txn.*,$ENGINE"
  [checkpoint]="org.aetherdb.checkpoint.*,$ENGINE,org.aetherdb.SnapshotTest,org.aetherdb.ValueLogTest,org.aetherdb.crash.FaultEveryCallTest"
  [recovery]="$ENGINE,org.aetherdb.ValueLogTest,org.aetherdb.crash.FaultEveryCallTest"
  [page]="org.aetherdb.page.*,org.aetherdb.SnapshotTest,org.aetherdb.LargeValueTest,$ENGINE"
  [io]="org.aetherdb.io.*,$ENGINE"
  [engine]="$ENGINE,org.aetherdb.SnapshotTest,org.aetherdb.CursorTest,org.aetherdb.txn.*"
  [check]="org.aetherdb.CorruptionTest,org.aetherdb.btree.VerifierFenceTest,org.aetherdb.btree.LoggedValueReadTest,$ENGINE"
)
packages=("$@")
[ ${#packages[@]} -gt 0 ] || packages=(format wal btree txn checkpoint recovery page io engine check)

./mvnw -q -B -pl aether-core -am test-compile -DskipTests >/dev/null || exit 1
status=0
for p in "${packages[@]}"; do
  tests=${TESTS[$p]:-}
  [ -n "$tests" ] || { echo "pit: unknown package $p"; status=1; continue; }
  start=$(date +%s)
  log=aether-core/target/pit-$p.log
  ./mvnw -B -pl aether-core -am -Ppit integration-test -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dpit.threads="${THREADS:-2}" -DtargetClasses="org.aetherdb.$p.*" -DtargetTests="$tests" > "$log" 2>&1
  rc=$?
  mkdir -p aether-core/target/pit/$p
  cp -r aether-core/target/pit-reports/. aether-core/target/pit/$p/ 2>/dev/null
  line=$(grep -E ">> Line Coverage|>> Generated [0-9]+ mutations Killed" "$log" | tr '\n' ' ')
  echo "pit: $p: $line($(( $(date +%s) - start )) s, exit $rc, log $log)"
  [ $rc -eq 0 ] || status=1
done
exit $status
