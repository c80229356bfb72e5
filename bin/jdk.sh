# Sourced by Stele's scripts: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME, the java on PATH, then the usual install folders.

stele_java_major() { # prints the feature version of the java binary $1, or 0
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1 | grep . || echo 0
}

stele_find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" \
      "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")" \
      /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    if [ "$(stele_java_major "$candidate/bin/java")" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! STELE_JDK=$(stele_find_jdk); then
  echo "stele: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm)." >&2
  echo "stele: install one (for example: apt-get install openjdk-21-jdk) or set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME="$STELE_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
