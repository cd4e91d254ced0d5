#!/usr/bin/env bash
# `npm run demo`: set up, build, and run the whole demo on loopback until Ctrl-C.
#   - the demo host app  http://127.0.0.1:5173  (apps/demo: the journey, and the embedded portal)
#   - the portal         http://127.0.0.1:4400  (apps/portal: its sandbox sites, and the REST API over the sandbox)
#   - the makers' sign-in http://127.0.0.1:4500  (tools/maker-oauth: a real OAuth server with simulated accounts)
# Server output goes to .onflex/logs/; it is shown here only when a server fails.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
logs=".onflex/logs"
mkdir -p "$logs"

DEMO_PORT=5173
PORTAL_PORT=4400
MAKER_PORT=4500
DEMO_URL="http://127.0.0.1:$DEMO_PORT"
PORTAL_URL="http://127.0.0.1:$PORTAL_PORT"
MAKER_URL="http://127.0.0.1:$MAKER_PORT"

say() { echo "demo: $*"; }
die() {
  echo "demo: $1" >&2
  if [[ -n "${2:-}" && -f "$2" ]]; then
    echo "---- last lines of $2 ----" >&2
    tail -n 40 "$2" >&2
  fi
  exit 1
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$DEMO_PORT" "$PORTAL_PORT" "$MAKER_PORT"; do
  if port_busy "$port"; then
    die "port $port on 127.0.0.1 is already in use. Stop what is using it (another npm run demo?) and try again."
  fi
done

say "setting up (pnpm and dependencies)…"
bash scripts/bootstrap.sh

build() {
  local name="$1" log="$logs/build-$1.log"
  pnpm --filter "@onflex/$name" run build >"$log" 2>&1 || die "building $name failed" "$log"
}
say "building the demo app and the portal…"
build demo
build portal

pids=()
cleanup() {
  trap - EXIT INT TERM
  local pid
  for pid in "${pids[@]}"; do
    # Each server runs in its own process group; end the group so pnpm's children go too.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'echo; say "stopping…"; exit 0' INT TERM

start() {
  local name="$1" log="$logs/$1.log"
  shift
  setsid "$@" >"$log" 2>&1 &
  pids+=("$!")
}

wait_for() {
  local name="$1" url="$2" pid="$3" log="$logs/$1.log"
  for _ in $(seq 1 240); do
    kill -0 "$pid" 2>/dev/null || die "the $name stopped while starting" "$log"
    if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url"; then
      return 0
    fi
    sleep 0.5
  done
  die "the $name did not answer at $url within 2 minutes" "$log"
}

start maker env HOST=127.0.0.1 PORT="$MAKER_PORT" MAKER_REDIRECT_URIS="$PORTAL_URL/device-auth/callback" pnpm --filter @onflex/maker-oauth start
maker_pid="${pids[-1]}"
# The portal's sandbox host sends its webhooks to the demo host's endpoint.
start portal env HOST=127.0.0.1 PORT="$PORTAL_PORT" ONFLEX_MAKER_ISSUER="$MAKER_URL" ONFLEX_SANDBOX_TEST_CHARGE_SPEED=20 ONFLEX_SANDBOX_VIRTUAL_KEY_AFTER_MS=4000 ONFLEX_SANDBOX_GUIDED_AUTH_AFTER_MS=8000 SANDBOX_WEBHOOK_URL="$DEMO_URL/api/onflex/webhooks" pnpm --filter @onflex/portal start
portal_pid="${pids[-1]}"
start demo env HOST=127.0.0.1 PORT="$DEMO_PORT" ONFLEX_PORTAL_URL="$PORTAL_URL" pnpm --filter @onflex/demo start
demo_pid="${pids[-1]}"
wait_for maker "$MAKER_URL/healthz" "$maker_pid"
wait_for portal "$PORTAL_URL/healthz" "$portal_pid"
wait_for demo "$DEMO_URL/healthz" "$demo_pid"

cat <<EOF

  Onflex demo is running (sandbox data only; nothing leaves this machine):

    Journey (start here)   $DEMO_URL/
    Embedded portal        $DEMO_URL/portal   (frames $PORTAL_URL from another origin)
    Portal server          $PORTAL_URL/healthz
    Makers' sign-in        $MAKER_URL/.well-known/openid-configuration   (a real OAuth server; simulated accounts: any email, password "onflex")
    Portal, device host    $DEMO_URL/portal/device   (connect a car: sign in at the makers' sign-in, test charge 20 times faster)
    Portal, VPP host       $DEMO_URL/portal/vpp      (join a programme and manage the enrolment)
    Sandbox                in the journey page (createSandboxApi, 400 ms latency) and behind the portal's REST API
    Webhooks               portal → $DEMO_URL/api/onflex/webhooks (each one verified and logged in demo.log)

  Server logs: $logs/demo.log, $logs/portal.log, $logs/maker.log
  Press Ctrl-C to stop.

EOF

# Stay up until Ctrl-C, or until a server dies (then say which, and show its log).
while true; do
  kill -0 "$maker_pid" 2>/dev/null || die "the makers' sign-in stopped unexpectedly" "$logs/maker.log"
  kill -0 "$portal_pid" 2>/dev/null || die "the portal stopped unexpectedly" "$logs/portal.log"
  kill -0 "$demo_pid" 2>/dev/null || die "the demo app stopped unexpectedly" "$logs/demo.log"
  sleep 1
done
