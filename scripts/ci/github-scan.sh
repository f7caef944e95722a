#!/usr/bin/env bash
# leakhound's GitHub Action, step 2: the scan. On pull_request (and pull_request_target) only the
# pull request's commits are scanned: origin/$GITHUB_BASE_REF..HEAD (what the pull request adds;
# needs a checkout with fetch-depth: 0); on any other event the whole history. The report is
# SARIF (for code scanning); the findings, redacted, also go to the log and the job summary.
# The exit code is an output (exit-code), not this step's status, so the SARIF upload runs first.
#
# Environment: LEAKHOUND_PATH (the repository, default .), LEAKHOUND_ARGS (more options),
# LEAKHOUND_SARIF (the report's path, default $RUNNER_TEMP/leakhound.sarif), and GitHub's
# GITHUB_EVENT_NAME, GITHUB_BASE_REF, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP.
set -euo pipefail

path="${LEAKHOUND_PATH:-.}"
sarif="${LEAKHOUND_SARIF:-${RUNNER_TEMP:-/tmp}/leakhound.sarif}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

args=(git "$path" --format sarif --output "$sarif" --verbose --no-progress)
what="the whole history (every ref)"
case "${GITHUB_EVENT_NAME:-}" in
    pull_request | pull_request_target)
        if [ -n "${GITHUB_BASE_REF:-}" ]; then
            args+=(--range "origin/${GITHUB_BASE_REF}..HEAD")
            what="the commits of this pull request (origin/${GITHUB_BASE_REF}..HEAD)"
        fi
        ;;
esac
# More options, split into words as a shell would (no quoting inside them).
read -r -a extra <<< "${LEAKHOUND_ARGS:-}"

set +e
leakhound "${args[@]}" ${extra[@]+"${extra[@]}"} 2> "$log"
code=$?
set -e
cat "$log" >&2

{
    echo "exit-code=$code"
    # No report to upload when the scan did not run.
    if [ -s "$sarif" ]; then echo "sarif=$sarif"; fi
} >> "${GITHUB_OUTPUT:-/dev/null}"

{
    echo "## leakhound"
    echo
    case "$code" in
        0) echo "No secrets found in $what." ;;
        1) echo "**Secrets found** in $what (shown redacted):" ;;
        *) echo "**The scan failed** (exit code $code) on $what:" ;;
    esac
    if [ "$code" != 0 ]; then
        echo
        echo '```text'
        cat "$log"
        echo '```'
    fi
} >> "${GITHUB_STEP_SUMMARY:-/dev/null}"
