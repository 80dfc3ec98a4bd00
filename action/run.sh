#!/usr/bin/env bash
# The "Run dockerlint-go" step of action.yml: turn the action's inputs into a command line and
# run it. action.yml passes each input in its own environment variable; nothing is evaluated
# as shell code, and no glob is expanded.
#
#   INPUT_PATHS              Dockerfiles or directories. With a line break in the value, one
#                            path per line (so a path may contain spaces); otherwise separated
#                            by blanks. Surrounding blanks and empty lines are dropped.
#   INPUT_CONFIG             --config FILE, when not empty
#   INPUT_FAILURE_THRESHOLD  --failure-threshold LEVEL, when not empty
#   INPUT_FORMAT             --format NAME, when not empty
#   INPUT_OUTPUT             --output FILE, when not empty; its directory is created
#   ACTION_EXECUTABLE        the dockerlint-go to run (default: dockerlint-go on PATH)
#
# The exit status is dockerlint-go's: 0 clean, 1 findings at or above the failure threshold,
# 2 a usage or configuration error (an empty INPUT_PATHS is one too).
set -euo pipefail

paths=()
if [[ ${INPUT_PATHS-} == *$'\n'* ]]; then
    while IFS= read -r line; do
        line=${line#"${line%%[![:space:]]*}"}
        line=${line%"${line##*[![:space:]]}"}
        if [[ -n $line ]]; then
            paths+=("$line")
        fi
    done <<<"$INPUT_PATHS"
else
    read -r -a paths <<<"${INPUT_PATHS-}"
fi
if ((${#paths[@]} == 0)); then
    echo "::error title=dockerlint-go::The paths input is empty: give at least one Dockerfile or directory."
    exit 2
fi

args=()
if [[ -n ${INPUT_CONFIG-} ]]; then
    args+=(--config "$INPUT_CONFIG")
fi
if [[ -n ${INPUT_FAILURE_THRESHOLD-} ]]; then
    args+=(--failure-threshold "$INPUT_FAILURE_THRESHOLD")
fi
if [[ -n ${INPUT_FORMAT-} ]]; then
    args+=(--format "$INPUT_FORMAT")
fi
if [[ -n ${INPUT_OUTPUT-} ]]; then
    mkdir -p -- "$(dirname -- "$INPUT_OUTPUT")"
    args+=(--output "$INPUT_OUTPUT")
fi
# `--` ends the options, so that a path beginning with `-` is still a path.
args+=(-- "${paths[@]}")

printf 'dockerlint-go'
printf ' %q' "${args[@]}"
printf '\n'
exec "${ACTION_EXECUTABLE:-dockerlint-go}" "${args[@]}"
