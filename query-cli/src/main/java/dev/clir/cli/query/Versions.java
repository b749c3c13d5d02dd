package dev.clir.cli.query;

import dev.clir.index.IndexMetadata;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: clir's version and what it runs on. */
final class Versions implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"clir-query " + IndexMetadata.CLIR_VERSION,
        "Lucene " + org.apache.lucene.util.Version.LATEST + ", JDK " + Runtime.version()};
  }
}
