package dev.clir.solr;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.lucene.util.Version;
import org.junit.jupiter.api.Test;

/**
 * Solr 9.10 runs on Lucene 9.12, and a plugin must use the server's Lucene: the parent pom's Lucene 10 must not reach
 * this module, directly or through clir-engine. The build bans it (maven-enforcer bannedDependencies in solr/pom.xml);
 * this checks what the JVM actually loaded.
 */
class LuceneOnClasspathIsSolrsTest {
  @Test
  void luceneIsVersion9() {
    assertThat(Version.LATEST.major).as("Lucene on the classpath: %s", Version.LATEST).isEqualTo(9);
    assertThat(Version.LATEST.minor).isEqualTo(12);
  }

  @Test
  void theEngineClassesUsedHereLoadWithoutLucene10() throws Exception {
    // Loading and linking these would fail if they needed Lucene 10 classes.
    for (String c : new String[] {"dev.clir.embed.OnnxEmbedder", "dev.clir.chunk.PassageSplitter", "dev.clir.model.ModelDirectory"}) {
      Class.forName(c, true, getClass().getClassLoader());
    }
  }
}
