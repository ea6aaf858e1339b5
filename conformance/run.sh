#!/usr/bin/env bash
# `npm run conformance`: Google's protobuf conformance suite (binary and JSON) against the engine,
# with --enforce_recommended. The runner is CONFORMANCE_RUNNER, or is built from
# ../shared/conformance (build.sh) into CONFORMANCE_OUT, default ${TMPDIR:-/tmp}/rbm-events-conformance.
# The test messages are CONFORMANCE_MESSAGES, default test_messages.binpb beside the runner.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared/conformance
if [[ -z "${CONFORMANCE_RUNNER:-}" ]]; then
  if [[ ! -x "$shared/build.sh" ]]; then
    echo "conformance: set CONFORMANCE_RUNNER to a conformance_test_runner (protobuf v21.12 or later)," \
      "and CONFORMANCE_MESSAGES to the FileDescriptorSet of its test messages, or put the" \
      "conformance build folder at $shared (its build.sh builds both)" >&2
    exit 2
  fi
  out=${CONFORMANCE_OUT:-${TMPDIR:-/tmp}/rbm-events-conformance}
  if [[ ! -x "$out/conformance_test_runner" || "$shared/build.sh" -nt "$out/conformance_test_runner" ]]; then
    echo "conformance: building the runner into $out (2-3 minutes)"
    OUT="$out" "$shared/build.sh" >/dev/null
  fi
  CONFORMANCE_RUNNER="$out/conformance_test_runner"
fi
export CONFORMANCE_MESSAGES=${CONFORMANCE_MESSAGES:-$(dirname "$CONFORMANCE_RUNNER")/test_messages.binpb}
if [[ ! -f "$CONFORMANCE_MESSAGES" ]]; then
  echo "conformance: no test messages at $CONFORMANCE_MESSAGES; set CONFORMANCE_MESSAGES" >&2
  exit 2
fi
# The runner names every failing test and ends with the summary line; it writes its list of
# failing tests into --output_dir.
output=$(mktemp -d)
trap 'rm -rf "$output"' EXIT
"$CONFORMANCE_RUNNER" --enforce_recommended --output_dir "$output/" "$@" conformance/testee
