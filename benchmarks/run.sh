#!/usr/bin/env bash
# Builds what the benchmarks measure (the functions' deployment jars, the local stack, the harness)
# and runs the figures: all of them, or those named (e.g. `bash benchmarks/run.sh 2 3`).
# Prints the table and writes benchmarks/results/latest.json. Options: --quick (smoke run, not of
# record, leaves latest.json alone), --runs N (fresh JVMs per variant, default 10), --list.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am package -DskipTests
exec java -jar benchmarks/target/benchmarks.jar "$@"
