# Sourced by the test_serve_*.sh tests: starts `ergraph serve` on a free
# loopback port and makes sure it is stopped on every path out.
#   serve_start ARGS...   sets serve_pid, serve_port (needs $ergraph, $tmp)
#   serve_stop            SIGTERM, then waits (bounded) for it to end
serve_pid=""
serve_cleanup() {
  if [ -n "$serve_pid" ]; then
    kill "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap serve_cleanup EXIT

serve_start() {
  : >"$tmp/serve.out"
  "$ergraph" serve --port 0 "$@" >"$tmp/serve.out" 2>"$tmp/serve.err" &
  serve_pid=$!
  local i
  for i in $(seq 600); do
    grep -q 'http://' "$tmp/serve.out" && break
    if ! kill -0 "$serve_pid" 2>/dev/null; then
      echo "ergraph serve did not start:"; cat "$tmp/serve.err"; return 1
    fi
    sleep 0.1
  done
  serve_port=$(grep -o 'http://127.0.0.1:[0-9]*/' "$tmp/serve.out" | grep -o ':[0-9][0-9]*/' | tr -d :/)
  [ -n "$serve_port" ] || { echo "no address printed:"; cat "$tmp/serve.out"; return 1; }
}

serve_stop() {
  kill -TERM "$serve_pid"
  local i
  for i in $(seq 100); do
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$serve_pid" 2>/dev/null; then echo "ergraph serve did not stop"; return 1; fi
  wait "$serve_pid" || { echo "ergraph serve stopped with status $?"; return 1; }
  serve_pid=""
}
