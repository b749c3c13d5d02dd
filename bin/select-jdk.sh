# Sourced by .ci/run and the launchers in bin/: picks a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME if it is >= 21, else the newest JDK >= 21 under /usr/lib/jvm (Temurin, OpenJDK, ...),
# else `java` on the PATH if it is >= 21; otherwise it stops with a message saying what to install.

clir_java_major() { # prints the feature version of the java binary given, or nothing
  # The JDK's own `release` file first, read with bash builtins: starting a JVM only to ask its version cost 0.1-0.2 s
  # per candidate on every launcher start, a quarter of a one-shot clir-query. A java without one is asked.
  local java=$1 line v
  [ -L "$java" ] && java=$(readlink -f "$java")
  local release=${java%/bin/java}/release
  if [ -r "$release" ]; then
    while IFS= read -r line; do
      case $line in
        JAVA_VERSION=*)
          v=${line#JAVA_VERSION=}; v=${v//\"/}; v=${v#1.}; v=${v%%[!0-9]*}
          if [ -n "$v" ]; then echo "$v"; return 0; fi ;;
      esac
    done < "$release"
  fi
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
  root=$(cd "${BASH_SOURCE[0]%/*}/.." && pwd)
  jar="$root/$1"
  shift
  clir_select_jdk || exit 1
  if [ ! -f "$jar" ]; then
    echo "clir: $jar not found; build it first with: bin/mvn -B -DskipTests package" >&2
    exit 2
  fi
  # AppCDS: the first run of a freshly built jar dumps the classes it loaded into target/cds/<jar>.jsa at exit, later
  # runs map them instead of loading and verifying them again (see "One-shot command line" in bench/REPORT.md).
  # A rebuilt jar makes the archive stale; the JVM then ignores it but does not rewrite it, so it is removed here.
  # CLIR_CDS=0 turns it off.
  local cds=()
  if [ "${CLIR_CDS:-1}" != "0" ]; then
    local cds_dir archive
    local name=${jar##*/}
    cds_dir="${jar%/*}/cds"
    archive="$cds_dir/${name%.jar}.jsa"
    if { [ -d "$cds_dir" ] || mkdir -p "$cds_dir" 2>/dev/null; } && [ -w "$cds_dir" ]; then
      if [ -f "$archive" ] && [ "$jar" -nt "$archive" ]; then
        rm -f "$archive"
      fi
      # the archive-writing run logs a warning per class it skips: keep JVM warnings off standard output (--json) and
      # CDS's out altogether
      cds=("-XX:SharedArchiveFile=$archive" "-XX:+AutoCreateSharedArchive" "-Xlog:disable" "-Xlog:all=warning,cds*=off:stderr")
    fi
  fi
  # No --add-modules jdk.incubator.vector: the JVM would print "Using incubator modules" on every start, and measured on
  # a one-shot clir-query the module made Lucene's search slower (270-370 ms against 77-112 ms without it, 4 interleaved
  # runs each on the demo index, 2-core machine at load 9-12), since its vector classes start interpreted; embedding
  # dominates indexing. CLIR_JAVA_OPTS="--add-modules jdk.incubator.vector" brings it back. CLIR_LAUNCHER_JVM_OPTS are
  # a launcher's own choices (bin/clir-query's compiler); CLIR_JAVA_OPTS come after them, so a user's flags win.
  exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${cds[@]+"${cds[@]}"} \
    ${CLIR_LAUNCHER_JVM_OPTS:-} ${CLIR_JAVA_OPTS:-} -jar "$jar" "$@"
}
