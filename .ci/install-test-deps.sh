#!/usr/bin/env bash
# Installs and starts what the test suite's server fixtures need on a Debian 12 machine.
# Idempotent: safe to run on every CI run. Must run as root.
#
#  - Debian packages started by the fixtures themselves (each on a free port, in a temp dir):
#    haproxy, dnsmasq, nginx, prometheus-alertmanager, nftables + iproute2 (network namespaces),
#    socat (listeners inside namespaces), python3-minimal (the delay line's tun helper),
#    dnsutils (dig, for debugging DNS fixtures by hand), procps.
#  - chromium, chromium-driver: the status page tests load the daemon's page in headless Chromium,
#    driven through chromedriver's WebDriver API to lay it out at desktop and phone size.
#  - The packaged services are never left running: they would hold standard ports (53, 80, 9093)
#    that nothing in the suite needs, and dnsmasq on :53 would shadow the host's resolver.
#  - The machine's PostgreSQL and Redis are started if they are not running.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps.sh must run as root (it installs Debian packages)" >&2
  exit 1
fi

PACKAGES=(haproxy dnsmasq nginx prometheus-alertmanager nftables iproute2 socat python3-minimal dnsutils procps chromium chromium-driver)
# packaging's integration tests: systemd-analyze (verify, security --offline), systemd-sysusers and
# systemd-tmpfiles (the .deb's postinst), setpriv (running the daemon as the service user).
PACKAGES+=(systemd util-linux)
# the load-balancer tower's certificate test generates a short-lived self-signed certificate with openssl.
PACKAGES+=(openssl)

# Keep apt from starting the packaged services while installing (restored afterwards when we
# created the policy file ourselves).
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  created_policy=1
fi
cleanup_policy() {
  if [ "$created_policy" -eq 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
}
trap cleanup_policy EXIT

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Stop and disable the packaged daemons: the fixtures start their own instances.
for svc in dnsmasq nginx haproxy prometheus-alertmanager; do
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl disable --now "$svc" >/dev/null 2>&1 || true
  else
    service "$svc" stop >/dev/null 2>&1 || true
    if command -v update-rc.d >/dev/null 2>&1; then update-rc.d "$svc" disable >/dev/null 2>&1 || true; fi
  fi
done

# The machine's PostgreSQL (used by tests that do not stop or break the server).
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  echo "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi

# The machine's Redis.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "starting Redis on 127.0.0.1:6379"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi

echo "test dependencies ready"
