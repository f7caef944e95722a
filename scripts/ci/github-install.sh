#!/usr/bin/env bash
# leakhound's GitHub Action, step 1: make `leakhound` available. A leakhound already on PATH (a
# self-hosted runner, an earlier step) is used as it is; otherwise it is built from the action's
# own checkout ($GITHUB_ACTION_PATH) with cargo, into the runner's tool cache, and put on PATH.
set -euo pipefail

if command -v leakhound >/dev/null 2>&1; then
    echo "leakhound: using $(command -v leakhound) ($(leakhound --version))"
    exit 0
fi
: "${GITHUB_ACTION_PATH:?the checkout of the action is not known}"
root="${RUNNER_TOOL_CACHE:-${HOME}/.cache}/leakhound"
cargo install --locked --quiet --root "$root" --path "$GITHUB_ACTION_PATH"
echo "$root/bin" >> "${GITHUB_PATH:?}"
echo "leakhound: installed $("$root/bin/leakhound" --version) in $root/bin"
