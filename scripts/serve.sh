#!/usr/bin/env bash
# Sets up what is missing, then serves the planner at http://127.0.0.1:8080/ (it opens on a
# built-in sample topology). PORT=... to choose another port.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
echo "Serving the planner at http://127.0.0.1:${PORT:-8080}/  (Ctrl+C stops)"
exec trunk serve --release --offline --locked --address 127.0.0.1 --port "${PORT:-8080}"
