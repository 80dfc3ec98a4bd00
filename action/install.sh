#!/usr/bin/env bash
# The "Install dockerlint-go" step of action.yml: install this checkout of dockerlint-go into a
# virtual environment of its own under RUNNER_TEMP, so that neither the job's Python nor its
# packages change, and hand the command's path to the next step as the output `executable`.
#
# Environment: ACTION_PYTHON (the interpreter actions/setup-python set up; empty: python3 on
# PATH), GITHUB_ACTION_PATH (this action's checkout), RUNNER_TEMP and GITHUB_OUTPUT (set by
# the runner).
set -euo pipefail

python=${ACTION_PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "::error title=dockerlint-go::dockerlint-go needs Python 3.11 or newer; $python is $("$python" -V 2>&1). Set the python-version input."
    exit 1
fi

venv="${RUNNER_TEMP:?}/dockerlint-go-action"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${GITHUB_ACTION_PATH:?}"
"$venv/bin/dockerlint-go" --version
printf 'executable=%s\n' "$venv/bin/dockerlint-go" >>"${GITHUB_OUTPUT:?}"
