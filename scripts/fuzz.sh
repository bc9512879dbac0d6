#!/bin/sh
# A long fuzz run of the function (issue 6): truncated and byte-flipped lists through transform()
# and the CLI, from a fresh seed unless FUZZ_SEED is given. A failure prints the case number and
# its input; FUZZ_SEED=<seed> with the same FUZZ_RUNS replays it.
#
#   scripts/fuzz.sh                    # 20000 cases in process, 500 through the CLI
#   FUZZ_RUNS=100000 scripts/fuzz.sh   # longer
#   FUZZ_SEED=1234 scripts/fuzz.sh     # replay a seed
set -eu
cd "$(dirname "$0")/.."
FUZZ_SEED="${FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"
FUZZ_RUNS="${FUZZ_RUNS:-20000}"
FUZZ_CLI_RUNS="${FUZZ_CLI_RUNS:-500}"
export FUZZ_SEED FUZZ_RUNS FUZZ_CLI_RUNS
echo "fuzz: FUZZ_SEED=$FUZZ_SEED FUZZ_RUNS=$FUZZ_RUNS FUZZ_CLI_RUNS=$FUZZ_CLI_RUNS" >&2
npm run build --silent
# The properties too, scaled up: PROPERTY_SCALE multiplies their case counts.
PROPERTY_SEED="$FUZZ_SEED" PROPERTY_SCALE="${PROPERTY_SCALE:-10}" npx ava --timeout=2h --verbose test/hostile/fuzz.test.ts test/properties/packages.test.ts
