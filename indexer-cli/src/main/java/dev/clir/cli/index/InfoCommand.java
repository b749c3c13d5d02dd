package dev.clir.cli.index;

import dev.clir.cli.ExitCodes;
import dev.clir.index.RecordedModel;
import dev.clir.cli.Json;
import dev.clir.cli.KeyValueReport;
import dev.clir.index.IndexInfo;
import dev.clir.index.IndexMetadata;
import dev.clir.index.IndexOpener;
import dev.clir.model.Fingerprint;
import dev.clir.search.MetadataFilter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clir-index info}: what an index holds and how it was made, without loading a model. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Show an index's model, fingerprint, dimension, vector format, chunking, counts and size on disk.")
final class InfoCommand implements Callable<Integer> {
  @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index directory.")
  Path index;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  /** The fields --filter can use, as users write them. */
  private List<String> filterFields() {
    try (Directory dir = FSDirectory.open(index); DirectoryReader reader = IndexOpener.openReader(index, dir)) {
      return List.copyOf(MetadataFilter.filterableFields(reader));
    } catch (IOException e) {
      throw IndexOpener.explain(index, e);
    }
  }

  @Override
  public Integer call() {
    IndexInfo info = IndexInfo.read(index);
    IndexMetadata m = info.metadata();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("index", index.toAbsolutePath().toString());
    out.put("model", m.modelId());
    out.put("modelDirectory", info.commitData().get(RecordedModel.DIRECTORY_KEY));
    out.put("fingerprint", m.modelFingerprint());
    out.put("dimension", m.dimension());
    out.put("similarity", m.similarity().name().toLowerCase(java.util.Locale.ROOT));
    Map<String, Object> prefixes = new LinkedHashMap<>();
    prefixes.put("query", m.queryPrefix());
    prefixes.put("passage", m.passagePrefix());
    out.put("prefixes", prefixes);
    out.put("pooling", m.pooling().label());
    out.put("vectorFormat", m.vectorFormat().label());
    Map<String, Object> hnsw = new LinkedHashMap<>();
    hnsw.put("m", m.hnsw().m());
    hnsw.put("beamWidth", m.hnsw().beamWidth());
    out.put("hnsw", hnsw);
    out.put("passageTokens", m.passageTokens());
    out.put("chunkOverlap", m.chunking().overlapTokens());
    out.put("titleInPassages", m.chunking().includeTitle());
    out.put("documents", info.stats().documents());
    out.put("passages", info.stats().passages());
    out.put("segments", info.stats().segments());
    out.put("sizeOnDiskBytes", info.stats().sizeOnDiskBytes());
    out.put("filterFields", filterFields());
    out.put("clirVersion", m.clirVersion());
    out.put("luceneVersion", info.commitLuceneVersion() + " (created by Lucene " + info.createdVersionMajor() + ")");
    if (json) {
      System.out.println(Json.pretty(out));
    } else {
      out.put("fingerprint", Fingerprint.shortForm(m.modelFingerprint()) + "…  (" + m.modelFingerprint() + ")");
      out.put("sizeOnDiskBytes", String.format(java.util.Locale.ROOT, "%.1f MiB", info.stats().sizeOnDiskBytes() / 1048576.0));
      KeyValueReport.print(out, System.out);
    }
    return ExitCodes.OK;
  }
}
