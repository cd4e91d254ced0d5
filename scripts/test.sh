#!/usr/bin/env bash
# The one test command (`npm test`, and CI's .ci/run). Runs every check in turn and keeps
# going after a failure, so one run shows everything that is wrong. Each step's output
# follows a header; at the end a table gives each step's result and duration, and the
# last line is exactly `onflex: N passed, M failed`, where N and M add up unit tests,
# Playwright tests and stories, and every failed non-test step (typecheck, lint, a build,
# publint, size-limit, the benchmark) counts as one failure.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
out="$root/.onflex/test"
rm -rf "$out"
mkdir -p "$out"

# Output goes through tee, so tools see no terminal; keep CI logs free of colour codes.
[[ -t 1 ]] || export NO_COLOR=1
# Node runs on the TypeScript sources (tsx, Playwright's spec files) resolve @onflex/* through
# the packages' "@onflex/source" export condition, as Vite and tsc do (ARCHITECTURE.md).
export NODE_OPTIONS="--conditions=@onflex/source${NODE_OPTIONS:+ $NODE_OPTIONS}"
# The e2e web servers are built by the "build apps" step; Playwright only starts them.
export ONFLEX_E2E_PREBUILT=1

passed=0
failed=0
step_no=0
names=()
results=()
durations=()
notes=()

now_ms() { date +%s%3N; }

# Reads "<passed> <failed>" from a JSON report; prints nothing when the report is missing
# or unreadable, which the caller counts as a failure of the step itself.
count_vitest() {
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(r.numPassedTests, r.numFailedTests);
  ' "$1" 2>/dev/null
}
count_playwright() {
  node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).stats;
    console.log(s.expected + s.flaky, s.unexpected);
  ' "$1" 2>/dev/null
}
# The stories' figure from their Vitest JSON report and the step's duration in ms: story
# runs (each story once per theme project), passed, failed, and time per run.
stories_figure() {
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const runs = r.testResults.flatMap((file) => file.assertionResults);
    const stories = new Set(runs.map((run) => run.meta?.storyId ?? run.fullName)).size;
    const inBrowser = runs.reduce((sum, run) => sum + (run.duration ?? 0), 0);
    const per = (ms) => (runs.length ? Math.round(ms / runs.length) : 0);
    console.log(
      `stories: ${runs.length} run (${stories} stories, light and dark), ${r.numPassedTests} passed, ${r.numFailedTests} failed; ` +
        `${per(Number(process.argv[2]))} ms per story run for the step, ${per(inBrowser)} ms in the browser`,
    );
  ' "$1" "$2" 2>/dev/null || echo "stories: no report"
}

# run_step <name> <kind> <timeout> <command...>
#   kind "check": a failure counts once.
#   kind "vitest" | "playwright" | "stories": tests are counted from the step's report
#   (.onflex/test/vitest.json, playwright.json, stories.json); a
#   non-zero exit with no failed test (a crash, a file that did not load) counts once.
run_step() {
  local name="$1" kind="$2" limit="$3"
  shift 3
  step_no=$((step_no + 1))
  local log="$out/step-$step_no.log"
  echo
  echo "================================================================"
  echo "== [$step_no] $name"
  echo "================================================================"
  local start
  start=$(now_ms)
  timeout --kill-after=15s "$limit" "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local elapsed=$(($(now_ms) - start))
  local p=0 f=0 counts="" note=""
  case "$kind" in
    vitest) counts=$(count_vitest "$out/vitest.json") ;;
    playwright) counts=$(count_playwright "$out/playwright.json") ;;
    stories) counts=$(count_vitest "$out/stories.json") ;;
  esac
  if [[ "$kind" == "check" ]]; then
    [[ $rc -ne 0 ]] && f=1
  else
    if [[ -n "$counts" ]]; then
      read -r p f <<<"$counts"
      note="$p passed, $f failed"
    else
      note="no report"
    fi
    if [[ $rc -ne 0 && $f -eq 0 ]]; then
      f=1
      note="$note; exit $rc"
    fi
  fi
  [[ $rc -eq 124 || $rc -eq 137 ]] && note="timed out after $limit${note:+; $note}"
  passed=$((passed + p))
  failed=$((failed + f))
  names+=("$name")
  if [[ $rc -eq 0 && $f -eq 0 ]]; then results+=("ok"); else results+=("FAILED"); fi
  durations+=("$elapsed")
  notes+=("$note")
}

run_step "bootstrap (pnpm, deps, chromium, postgres)" check 15m bash scripts/bootstrap.sh --browser --postgres
run_step "typecheck" check 10m pnpm typecheck
run_step "lint" check 10m pnpm lint
run_step "unit tests (vitest)" vitest 15m \
  pnpm vitest run --project '!storybook*' --reporter=default --reporter=json --outputFile.json="$out/vitest.json"
run_step "build packages" check 10m pnpm build
for pkg in packages/*/; do
  pkg="${pkg%/}"
  run_step "publint ${pkg#packages/}" check 2m pnpm publint --strict "$pkg"
done
run_step "size-limit" check 5m pnpm size-limit
run_step "storybook build" check 15m pnpm build-storybook
# Every story as a test through Storybook's Vitest integration: the "storybook" and
# "storybook-dark" projects of vite.config.ts (Chromium; play function; addon-a11y's axe).
run_step "stories (vitest, light and dark)" stories 15m \
  pnpm vitest run --project 'storybook*' --reporter=default --reporter=json --outputFile.json="$out/stories.json"
stories_figure "$out/stories.json" "${durations[-1]}" | tee -a "$out/step-$step_no.log"
run_step "build apps (demo, portal)" check 10m pnpm --filter @onflex/demo --filter @onflex/portal run build
run_step "e2e (playwright)" playwright 20m env PLAYWRIGHT_JSON_OUTPUT_FILE="$out/playwright.json" pnpm playwright test
bench="apps/portal/bench/entry.bench.ts"
if [[ -f "$bench" ]]; then
  run_step "portal benchmark (figures only)" check 10m pnpm tsx "$bench"
else
  echo
  echo "== portal benchmark: $bench does not exist yet, skipped"
fi
run_step "first-step benchmark (figures only)" check 10m pnpm tsx apps/portal/bench/first-step.bench.ts

echo
echo "================================================================"
echo "== summary"
echo "================================================================"
printf '%-4s %-44s %-7s %9s  %s\n' "#" "step" "result" "seconds" "tests"
total_ms=0
for i in "${!names[@]}"; do
  ms=${durations[$i]}
  total_ms=$((total_ms + ms))
  printf '%-4s %-44s %-7s %9s  %s\n' "$((i + 1))" "${names[$i]}" "${results[$i]}" "$(printf '%d.%01d' $((ms / 1000)) $((ms % 1000 / 100)))" "${notes[$i]}"
done
printf '%-4s %-44s %-7s %9s\n' "" "total" "" "$((total_ms / 1000))"
echo "onflex: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
