#!/usr/bin/env bash
# ansible-rulebook's rules engine (Drools, through drools_jpy) runs in a Java 17 (or later) runtime.
# Install Debian's openjdk-17-jre-headless when no such `java` is on PATH; do nothing otherwise.
#   tests/setup/install-java.sh
set -euo pipefail

java_ok() {
    command -v java >/dev/null 2>&1 || return 1
    local major
    major=$(java -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -n 1)
    [ -n "$major" ] && [ "$major" -ge 17 ]
}

if java_ok; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-java: no Java 17 runtime and no apt-get; install a Java 17 (or later) runtime for ansible-rulebook" >&2
    exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
echo "install-java: installing openjdk-17-jre-headless (ansible-rulebook needs Java 17)"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
java_ok || { echo "install-java: java 17 is still not on PATH" >&2; exit 1; }
java -version 2>&1 | head -n 1
