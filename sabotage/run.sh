#!/usr/bin/env bash
# Do the checks check? Applies each hand-made sabotage patch in this directory to a temporary copy
# of the tree, runs the tests that should catch it, and expects them to FAIL. Exits non-zero if
# any sabotage survives (its tests pass) or a patch no longer applies.
#
#   bash sabotage/run.sh                 # every patch
#   bash sabotage/run.sh drop-fsync ...  # only the named patches
#
# The unpatched tree passes the same tests in the normal CI run (bash .ci/run).
set -uo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JAVA_HOME/bin/java" ] || export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64

# patch name -> the tests that must fail with it applied (surefire -Dtest syntax)
declare -A TESTS=(
  [drop-fsync]='EngineRoundTripTest'
  [skip-checksum]='CorruptionTest#flippedBytesInDataFileAfterCleanClose'
  [publish-before-durable]='VisibleOnlyWhenDurableTest'
  [reuse-snapshot-page]='SnapshotTest'
  [cut-log-early]='EngineRoundTripTest'
  [acknowledge-before-publish]='CommitPipelineLincheckTest'
  [validate-one-commit-late]='TransactionModelCheckTest'
  [release-segment-a-snapshot-reads]='ValueLogTest#aSnapshotKeepsTheSegmentsOfTheValuesItReads'
  [reference-one-record-off]='LoggedRecordTest'
  [value-record-not-durable-at-checkpoint]='ValueLogTest#noneCommitsInACheckpointSurviveAPowerLoss'
  [rewrite-without-checking-the-key]='ValueCollectorTest#writersRacingTheCollectorNeverSeeAnOldValueComeBack'
  [write-behind-skips-value-force]='LogWriteBehindTest'
  [forget-with-a-transaction-open]='AnomalyTest,ConformanceTest,TransactionModelCheckTest'
)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(drop-fsync skip-checksum publish-before-durable reuse-snapshot-page cut-log-early acknowledge-before-publish
  validate-one-commit-late release-segment-a-snapshot-reads reference-one-record-off value-record-not-durable-at-checkpoint
  rewrite-without-checking-the-key write-behind-skips-value-force forget-with-a-transaction-open)

survived=0
for name in "${names[@]}"; do
  patch="sabotage/$name.patch"
  tests=${TESTS[$name]:-}
  if [ ! -f "$patch" ] || [ -z "$tests" ]; then
    echo "sabotage: unknown patch $name"; survived=1; continue
  fi
  tmp=$(mktemp -d /tmp/aether-sabotage.XXXXXX)
  tar --exclude=./target --exclude='./*/target' --exclude=./.git -cf - . | tar -xf - -C "$tmp"
  if ! (cd "$tmp" && patch -s -p1 < "$OLDPWD/$patch"); then
    echo "sabotage: $name: patch does not apply any more (update it)"; survived=1; rm -rf "$tmp"; continue
  fi
  start=$(date +%s)
  (cd "$tmp" && ./mvnw -q -B -pl aether-core -am test -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=error) > "$tmp/log.txt" 2>&1
  rc=$?
  took=$(( $(date +%s) - start ))
  failing=$(grep -h -E "^\[ERROR\]   [A-Za-z]+\.[A-Za-z]+" "$tmp/log.txt" | sed 's/^\[ERROR\]   //' | cut -c1-110 | head -3)
  compiled=1
  grep -q "COMPILATION ERROR" "$tmp/log.txt" && compiled=0
  if [ $rc -ne 0 ] && [ $compiled -eq 1 ] && [ -n "$failing" ]; then
    echo "sabotage: $name: caught by $tests in ${took} s (suite FAILED as it must):"
    echo "$failing" | sed 's/^/    /'
    rm -rf "$tmp"
  else
    echo "sabotage: $name: SURVIVED (tests $tests exit $rc, compiled=$compiled, ${took} s); log kept in $tmp/log.txt"
    survived=1
  fi
done
exit $survived
