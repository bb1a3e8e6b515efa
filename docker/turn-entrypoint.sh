#!/bin/sh
# Fills ${TURN_SECRET} and ${TURN_PEER_IP} of turnserver.conf from the environment and starts
# coturn on the result (the compose "turn" service). With --render TEMPLATE OUTPUT it only writes
# the file (a bare Debian machine; the e2e tests, so that they run the file shipped here).
# Shell built-ins only: the secret never appears on a command line, which `ps` shows to anyone.
set -eu

fail() {
  printf 'turn-entrypoint: %s\n' "$1" >&2
  exit 1
}

render() {
  case ${TURN_SECRET:-} in
    '') fail 'set TURN_SECRET (e.g. `openssl rand -hex 32`), the same as the classroom server'"'"'s' ;;
    *[!A-Za-z0-9+/=_.~-]*) fail 'TURN_SECRET: letters, digits and + / = _ . ~ - only' ;;
  esac
  # Every participant sees credentials signed with it: a short secret could be guessed offline.
  [ "${#TURN_SECRET}" -ge 32 ] || fail 'TURN_SECRET: at least 32 characters'
  case ${TURN_PEER_IP:-} in
    '') fail 'set TURN_PEER_IP to the classroom server'"'"'s media address (its RTC_ANNOUNCED_ADDRESS as an IP)' ;;
    *[!0-9A-Fa-f:.,\ ]*) fail 'TURN_PEER_IP: IP addresses separated by commas, not names' ;;
  esac
  umask 077
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      'static-auth-secret=${TURN_SECRET}') printf 'static-auth-secret=%s\n' "$TURN_SECRET" ;;
      'allowed-peer-ip=${TURN_PEER_IP}')
        set -f
        old_ifs=$IFS
        IFS=', '
        for ip in $TURN_PEER_IP; do printf 'allowed-peer-ip=%s\n' "$ip"; done
        IFS=$old_ifs
        set +f
        ;;
      *) printf '%s\n' "$line" ;;
    esac
  done < "$1" > "$2"
}

if [ "${1:-}" = --render ]; then
  [ $# -eq 3 ] || fail 'usage: turn-entrypoint.sh --render TEMPLATE OUTPUT'
  render "$2" "$3"
  exit 0
fi
render /etc/coturn/turnserver.conf /tmp/turnserver.conf
exec turnserver -c /tmp/turnserver.conf "$@"
