#!/usr/bin/env bash
# Runs dev.clir.solr.bench.SolrBench (solr/README.md#benchmark) against this checkout's engine classes, not the
# clir-engine jar in ~/.m2 (which another checkout may re-install while the benchmark runs).
# Usage: solr/run-bench.sh [--model DIR] [--topK 20] [--rounds 3] [--batch 16]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/select-jdk.sh"
clir_select_jdk
cd "$root"
bin/mvn -B -q test-compile -pl engine,solr
bin/mvn -B -q -pl solr dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp=$(sed "s#[^:]*/clir-engine-[^:]*\.jar#$root/engine/target/classes#" solr/target/bench.classpath)
# The classpath goes into an argument file: ONNX Runtime 1.29 (Java, Linux) crashed with SIGSEGV while creating its
# environment when the process command line (/proc/self/cmdline) was longer than about 4 KB; a ~15 KB -cp did that.
args=solr/target/bench.args
printf -- '-cp\n%s\n' "$root/solr/target/test-classes:$root/solr/target/classes:$cp" > "$args"
exec "$JAVA_HOME/bin/java" -Xmx3g --enable-native-access=ALL-UNNAMED -Dclir.projectRoot="$root" "@$args" \
  dev.clir.solr.bench.SolrBench "$@"
