# Sourced by .ci/run and the launchers in bin/: picks a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME if it is >= 21, else the newest JDK >= 21 under /usr/lib/jvm (Temurin, OpenJDK, ...),
# else `java` on the PATH if it is >= 21; otherwise it stops with a message saying what to install.

clir_java_major() { # prints the feature version of the java binary given, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

clir_select_jdk() {
  local min=21 candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(clir_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then export JAVA_HOME; return 0; fi
  fi
  for candidate in /usr/lib/jvm/*/; do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(clir_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate; best_major=$major
    fi
  done
  if [ -z "$best" ] && command -v java >/dev/null 2>&1; then
    major=$(clir_java_major java)
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then
      best=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    fi
  fi
  if [ -z "$best" ]; then
    echo "clir: no JDK >= $min found (JAVA_HOME=${JAVA_HOME:-unset}; nothing suitable under /usr/lib/jvm or on PATH)." >&2
    echo "clir: install one (e.g. Temurin 21 or 25) and set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME=$best
}

# Runs one of the project's runnable jars (path relative to the project root) with a JDK >= 21.
clir_run_jar() {
  local jar root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  jar="$root/$1"
  shift
  clir_select_jdk || exit 1
  if [ ! -f "$jar" ]; then
    echo "clir: $jar not found; build it first with: bin/mvn -B -DskipTests package" >&2
    exit 2
  fi
  exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector ${CLIR_JAVA_OPTS:-} -jar "$jar" "$@"
}
