#!/usr/bin/env bash
# Installs the contract-test tools (Stoplight Prism and Twilio's OpenAPI document, both
# pinned in .ci/node/package-lock.json) into .ci/node/node_modules. Safe to run again.
set -euo pipefail

here="${BASH_SOURCE[0]}"
case "$here" in */*) here="${here%/*}" ;; *) here=. ;; esac
node_dir="$(cd "$here" && pwd)/node"

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    echo "install_contract_tools: node/npm not found; the Twilio contract test will be skipped"
    exit 0
fi

# npm ci wipes and reinstalls node_modules, so skip it when the tree was installed from
# this very lock file (a copy is kept next to the installed packages).
stamp="$node_dir/node_modules/.installed-from-lock.json"
if [ -f "$node_dir/package-lock.json" ] && cmp -s "$node_dir/package-lock.json" "$stamp" \
    && [ -x "$node_dir/node_modules/.bin/prism" ]; then
    echo "install_contract_tools: already installed"
else
    if [ -f "$node_dir/package-lock.json" ]; then
        npm ci --prefix "$node_dir" --no-audit --no-fund
    else
        # No lock file (e.g. .ci/node/ was git-ignored whole): install the pinned versions.
        mkdir -p "$node_dir"
        npm install --prefix "$node_dir" --no-audit --no-fund --save-exact \
            @stoplight/prism-cli@5.14.2 @twilio-alpha/mcp@0.7.0
    fi
    cp "$node_dir/package-lock.json" "$stamp"
fi

spec="$node_dir/node_modules/@twilio-alpha/mcp/twilio-oai/spec/json/twilio_api_v2010.json"
test -f "$spec" || { echo "install_contract_tools: $spec missing" >&2; exit 1; }
echo "install_contract_tools: prism $("$node_dir/node_modules/.bin/prism" --version), spec ok"
