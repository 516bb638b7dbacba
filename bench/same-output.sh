#!/usr/bin/env bash
# Checks that a change leaves the CLI's output byte-for-byte as it was: builds REV (default HEAD) in a
# temporary worktree and this checkout as it is, then compares `check` (text, JSON, SARIF) and
# `fix --review --dry-run` on the corpus (KUBE_MATURITY_CORPUS, default ../shared/corpus) and on a
# generated 10,000-file workspace (bench/generate.ts, seed 1). For a refactoring: exit 1 on any difference.
#   bash bench/same-output.sh [REV]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
REV=${1:-HEAD}
CORPUS=$(realpath "${KUBE_MATURITY_CORPUS:-../shared/corpus}")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kube-maturity-same-output-XXXXXX")
trap 'git -C "$ROOT" worktree remove --force "$WORK/base" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

git worktree add --detach --quiet "$WORK/base" "$REV"
ln -s "$ROOT/node_modules" "$WORK/base/node_modules"
(cd "$WORK/base" && node scripts/build.mjs >/dev/null)
node scripts/build.mjs >/dev/null
npx tsc -p tsconfig.json >/dev/null
node -e "
  const { generateWorkspace } = require('./out/bench/generate.js');
  require('node:fs').renameSync(generateWorkspace(10000).root, process.argv[1]);
" "$WORK/workspace"

status=0
compare() {
  local name=$1 folder=$2
  shift 2
  (cd "$folder" && node "$WORK/base/dist/cli.js" "$@" > "$WORK/before" 2>&1 || true)
  (cd "$folder" && node "$ROOT/dist/cli.js" "$@" > "$WORK/after" 2>&1 || true)
  if cmp -s "$WORK/before" "$WORK/after"; then
    echo "same    $name: $*"
  else
    echo "CHANGED $name: $*"
    diff "$WORK/before" "$WORK/after" | head -20
    status=1
  fi
}
for folder in "$CORPUS" "$WORK/workspace"; do
  name=$([ "$folder" = "$CORPUS" ] && echo corpus || echo "10,000 files")
  for format in text json sarif; do compare "$name" "$folder" check --format "$format" --fail-on none .; done
  compare "$name" "$folder" fix --review --dry-run .
done
exit $status
