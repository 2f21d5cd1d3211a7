#!/usr/bin/env bash
# The domain and HTTP suites again, with the machine's clock moved by Debian's `faketime` to the
# instants where date code breaks: the Shanghai day and week boundary (Monday 23:59 → Tuesday
# 00:01), the turn of a year inside ISO week 53 (2026-W53 runs from 2026-12-28 to 2027-01-03) and
# a leap day. Anything that reads the wall clock instead of `ctx.clock`, or lays test data relative
# to the real today, fails here on some of them.
#
# `-f "@…"` starts the clock at the instant and lets it run. FAKETIME_DONT_RESET keeps one
# timeline for every process (vitest's forks, the servers they spawn), as on a real machine;
# without it each new process would start again at the instant, behind its parent. Monotonic time
# stays real so timers and timeouts behave. Each suite gets its own run, so each starts at the
# instant: the domain suite sits just before the boundary, the longer HTTP suite crosses it.
#
# Usage: scripts/test-dates.sh [vitest project…]   (default: domain http)
set -uo pipefail
cd "$(dirname "$0")/.."

# `npm run test:dates` alone still needs faketime: the same set-up step as `npm test`.
bash scripts/test-setup.sh || exit 1

projects=("$@")
[ ${#projects[@]} -eq 0 ] && projects=(domain http)

# label|UTC instant (faketime reads it in the machine's zone: TZ=UTC below). Shanghai is UTC+8.
INSTANTS=(
  "Monday 2026-12-07 23:59 Shanghai|2026-12-07 15:59:00"
  "Tuesday 2026-12-08 00:01 Shanghai|2026-12-07 16:01:00"
  "Thursday 2026-12-31 23:59 Shanghai (ISO week 53, into 2027)|2026-12-31 15:59:00"
  "Friday 2027-01-01 00:01 Shanghai (still 2026-W53)|2026-12-31 16:01:00"
  "leap day Tuesday 2028-02-29 09:00 Shanghai|2028-02-29 01:00:00"
)

# Each run's output is kept, and a failed run's failures are printed again at the very end: CI
# shows only the tail of a long log, and the last run's summary would otherwise hide which test
# failed in an earlier one.
LOGS=test-output/date-runs
rm -rf "$LOGS" && mkdir -p "$LOGS"

failed=()
failed_logs=()
for entry in "${INSTANTS[@]}"; do
  label=${entry%%|*}
  instant=${entry#*|}
  for project in "${projects[@]}"; do
    echo "=== date run: $label ($instant UTC), $project"
    log="$LOGS/$(echo "$instant $project" | tr -c 'A-Za-z0-9\n' '-').log"
    if ! TZ=UTC FAKETIME_DONT_RESET=1 FAKETIME_DONT_FAKE_MONOTONIC=1 \
      faketime -f "@$instant" npx vitest run --project "$project" 2>&1 | tee "$log"; then
      failed+=("$label, $project")
      failed_logs+=("$log")
    fi
  done
done

if [ ${#failed[@]} -gt 0 ]; then
  for i in "${!failed[@]}"; do
    echo
    echo "=== what failed in the date run: ${failed[$i]} (whole log: ${failed_logs[$i]})"
    # vitest's own summary of failures: the FAIL lines, then each failure's message and stack.
    sed 's/\x1b\[[0-9;]*m//g' "${failed_logs[$i]}" | grep -E '^ *(FAIL|×|✗) ' | head -40
    sed 's/\x1b\[[0-9;]*m//g' "${failed_logs[$i]}" |
      awk '/Failed Tests|Failed Suites|Unhandled Errors/ { on = 1 } /Test Files/ { on = 0 } on' | head -150
  done
  echo "date runs failed:" >&2
  printf '  %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "date runs passed: ${#INSTANTS[@]} instants × ${projects[*]}"
