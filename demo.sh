#!/usr/bin/env bash
# Starts the Nordic SCA demo: a real Keycloak with our providers, theme and the nordic-bank realm,
# on the embedded H2 database, at http://localhost:8080, and the demo bank's web app (an OIDC client
# of that realm) at http://localhost:3000. Needs only a JDK 17+.
#
#   ./demo.sh            build, then start (the second run reuses the download and keeps the data)
#   ./demo.sh --reset    forget the demo's database and credentials first, then start fresh
#
# Ctrl-C stops Keycloak and the web app cleanly.
set -euo pipefail
cd "$(dirname "$0")"

reset=false
for arg in "$@"; do
  case "$arg" in
    --reset) reset=true ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

port=${NORDIC_SCA_DEMO_PORT:-8080}
# The realm's client nordic-bank-web allows redirects to http://localhost:3000/* only.
web_port=3000
keycloak_version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)
# The project's own version: the first <version> in pom.xml (the parent's).
project_version=$(sed -n 's:^    <version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)
demo_dir=.demo
keycloak_home=$demo_dir/keycloak-$keycloak_version
credentials=$demo_dir/credentials

# Plain bash for HTTP, so the demo needs nothing beyond a JDK.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
answers_200() {
  local status
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: localhost:%s\r\n\r\n' "$1" "$port" >&3
  read -r -t 5 status <&3 || status=
  exec 3>&-
  [[ $status == *" 200 "* ]]
}

if port_in_use "$port"; then
  echo "Something already listens on port $port (another demo, or the integration tests)." >&2
  echo "Stop it, or choose another port: NORDIC_SCA_DEMO_PORT=8081 ./demo.sh" >&2
  exit 1
fi

if $reset; then
  echo "Resetting the demo: removing its database, credentials and code card."
  rm -rf "$keycloak_home/data/h2" "$credentials" "$demo_dir/demo-code-card.txt"
fi

echo "Building Nordic SCA and laying out Keycloak $keycloak_version under $demo_dir/ ..."
./mvnw -B -q -Pdemo -DskipTests package

# Random credentials, made once and kept with the demo's data; nothing secret lives in the repository.
if [[ ! -f $credentials ]]; then
  random() { head -c 18 /dev/urandom | base64 | tr '+/' '-_'; }
  umask 077
  cat > "$credentials" <<CREDENTIALS
KC_BOOTSTRAP_ADMIN_USERNAME=admin
KC_BOOTSTRAP_ADMIN_PASSWORD=$(random)
NORDIC_SCA_DEMO_PASSWORD=$(random)
CREDENTIALS
fi
# The code card pepper (a secret outside the database), made once like the passwords; a bank keeps
# it in its vault (README, "The pepper").
if ! grep -q '^NORDIC_SCA_CODE_CARD_PEPPERS=' "$credentials"; then
  echo "NORDIC_SCA_CODE_CARD_PEPPERS=demo:$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')" >> "$credentials"
fi
set -a
# shellcheck disable=SC1090
source "$credentials"
set +a

# The demo sends SMS codes and app pushes to this console (the log senders): the server turns the
# SMS log sender on, and the realm's steps choose it at import. Production uses Twilio and FCM or
# the bank's push backend (README); the posture report at start names these demo-only choices.
export NORDIC_SCA_SMS_SENDER=log NORDIC_SCA_PUSH_SENDER=log
# The pepper through the environment, not the command line (which every local user can read).
export KC_SPI_CREDENTIAL__NORDIC_SCA_CODE_CARD__PEPPERS="$NORDIC_SCA_CODE_CARD_PEPPERS"
# declarative-ui: the admin console's "Nordic SCA" tab under Realm settings (experimental in 26.7).
# add-req-params-*: a payment's authorization_details up to 4096 characters; a longer one is refused, not dropped.
"$keycloak_home/bin/kc.sh" start-dev --http-port="$port" --import-realm --features=declarative-ui \
  --spi-nordic-sca-sms-sender--log--enabled=true \
  --spi-login-protocol--openid-connect--add-req-params-max-size=4096 \
  --spi-login-protocol--openid-connect--add-req-params-fail-fast=true &
keycloak_pid=$!
web_pid=
stop_web_app() {
  if [[ -n $web_pid ]]; then
    kill -TERM "$web_pid" 2>/dev/null || true
    wait "$web_pid" 2>/dev/null || true
    web_pid=
  fi
}
stop() {
  trap - INT TERM
  echo
  echo "Stopping the web app and Keycloak ..."
  stop_web_app
  kill -TERM "$keycloak_pid" 2>/dev/null || true
  wait "$keycloak_pid" 2>/dev/null || true
  exit 0
}
trap stop INT TERM

base=http://localhost:$port
for _ in $(seq 1 180); do
  if answers_200 /realms/nordic-bank/.well-known/openid-configuration 2>/dev/null; then
    card_file=$demo_dir/demo-code-card.txt
    if ! java demo/DemoCodeCard.java "$base" "$KC_BOOTSTRAP_ADMIN_USERNAME" "$KC_BOOTSTRAP_ADMIN_PASSWORD" \
        nordic-bank demo "$card_file"; then
      echo "Could not issue the demo user's code card; sign-in stops at the code card step." >&2
    fi
    # The demo bank's web app, once Keycloak answers (it reads the realm's discovery document).
    if port_in_use "$web_port"; then
      web_app="(not started: something already listens on port $web_port)"
    else
      java -jar "demo-web/target/nordic-sca-demo-web-$project_version.jar" --issuer="$base/realms/nordic-bank" --port="$web_port" &
      web_pid=$!
      web_app=http://localhost:$web_port
    fi
    cat <<BANNER

================================================================================
 Nordic SCA demo is running (Keycloak $keycloak_version, H2 database in $keycloak_home/data)

 The bank's web site (demo web app, OIDC client nordic-bank-web): $web_app
   "Sign in" shows what Keycloak tells a web app (acr, amr, auth_time) and what it checked;
   "Pay 1 250,00 EUR to Nordic Power Oy" asks you to approve exactly that payment.
 The bank's call centre (CIBA: user code, event ID read out, approval in the app): http://localhost:$web_port/call-centre

 Log in as a bank customer (the account console signs in through the browser flow):
   $base/realms/nordic-bank/account
   username: demo
   password: $NORDIC_SCA_DEMO_PASSWORD
   then the security number the page asks for, from the demo user's code card:

$(cat "$card_file" 2>/dev/null)

   or press "Try another way" and choose "SMS code": the demo sends the SMS to this
   console ("SMS to +46•••••••67: ..."); production sends through Twilio (README).

 After the card, the demo asks to activate the bank's app. The companion app plays the phone:
   java -jar companion/target/nordic-sca-companion-$project_version.jar enroll '<text under the QR code>'
   then press "Done". From the next sign-in on, the app is the first choice:
   java -jar companion/target/nordic-sca-companion-$project_version.jar approve --event-id <the event ID the browser shows>

 Admin console:
   $base/admin/master/console/#/nordic-bank
   username: $KC_BOOTSTRAP_ADMIN_USERNAME
   password: $KC_BOOTSTRAP_ADMIN_PASSWORD

 OIDC client: nordic-bank-web (public, PKCE S256, redirect http://localhost:3000/*), used by the web app above
 Discovery: $base/realms/nordic-bank/.well-known/openid-configuration
 Nordic SCA: $base/realms/nordic-bank/nordic-sca

 Ctrl-C stops Keycloak and the web app; ./demo.sh starts them again with the same data; ./demo.sh --reset starts afresh.
================================================================================

BANNER
    break
  fi
  if ! kill -0 "$keycloak_pid" 2>/dev/null; then
    echo "Keycloak stopped during start-up; see the log above." >&2
    exit 1
  fi
  sleep 1
done

wait "$keycloak_pid" || status=$?
stop_web_app
exit "${status:-0}"
