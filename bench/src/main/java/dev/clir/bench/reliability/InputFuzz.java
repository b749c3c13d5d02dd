package dev.clir.bench.reliability;

import dev.clir.corpus.DocumentSource;
import dev.clir.corpus.DocumentSources;
import dev.clir.corpus.FieldMapping;
import dev.clir.corpus.InputFormatException;
import dev.clir.eval.Qrels;
import dev.clir.eval.QueryFileReader;
import dev.clir.index.BulkIndexer;
import dev.clir.index.ClirIndexWriter;
import dev.clir.index.IndexConfig;
import dev.clir.intent.LabeledTextFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Bad input as a population: seeded mutations (flipped and inserted bytes, invalid UTF-8, quotes, braces, tabs and
 * line breaks in odd places, cut, repeated and swapped lines, very long lines, deep nesting) of valid files of every
 * format clir reads, each read the way the commands read it. Every input must end in success or in the documented
 * input error ({@link InputFormatException}, exit 3, whose message starts with the file, and the line where there
 * is one; a skipped record names file and line too): never another exception, a hang or running out of memory.
 */
public final class InputFuzz {

  /** A reader of user files, as a command uses it. */
  public enum Target {
    JSONL("documents.jsonl", "clir-index --input (JSON Lines)"),
    CSV("documents.csv", "clir-index --input (CSV)"),
    TSV("documents.tsv", "clir-index --input (TSV)"),
    DIRECTORY("documents", "clir-index --input (directory of .html, .md, .txt)"),
    QUERIES_TSV("queries.tsv", "clir-query --queries / eval (TSV)"),
    QUERIES_JSONL("queries.jsonl", "clir-query --queries / eval (JSON Lines)"),
    QRELS("qrels.txt", "clir-query eval --qrels"),
    INTENTS_TSV("intents.tsv", "clir-index intents train (TSV)"),
    INTENTS_JSONL("intents.jsonl", "clir-index intents train (JSON Lines)");

    public final String fileName;
    public final String command;

    Target(String fileName, String command) {
      this.fileName = fileName;
      this.command = command;
    }
  }

  /** How one input ended. */
  public enum Outcome {
    ACCEPTED,
    INPUT_ERROR,
    UNEXPECTED
  }

  /** One input; {@code detail} is the error's message, or what was unexpected. */
  public record Result(Target target, long seed, Outcome outcome, String detail) {}

  private static final Map<Target, String> SEEDS = new EnumMap<>(Target.class);
  private static final String[] TOKENS = {"\"", "{", "}", "[", "]", ",", ":", "\t", "\n", "\r", "\r\n", "\u0000", "\\",
      "\\u", "\\ud800", "null", "true", "1e999", "-1", "<", ">", "</p>", "<!--", "&#x0;", "&amp", "\uFEFF", "#",
      "\u2028", "🙂", "ไทย", "\"\"", "id", "text", "label", "<title>", "<html lang=\"", "=", " "};
  private static final byte[][] BAD_BYTES = {{(byte) 0xC0}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};

  static {
    SEEDS.put(Target.JSONL, """
        {"id":"a1","title":"Reset your password","text":"Choose a new one from the sign-in screen.","lang":"en","meta":{"category":"account"}}
        {"id":"a2","title":"Router","text":"Restart the router.\\nThen wait two minutes.","url":"https://example.com/a2"}
        """);
    SEEDS.put(Target.CSV, """
        id,title,text,lang
        a1,Reset your password,"Choose a new one, from the sign-in screen.",en
        a2,Router,"Restart the router.
        Then wait ""two"" minutes.",en
        """);
    SEEDS.put(Target.TSV, "id\ttitle\ttext\tmeta.category\na1\tReset\tChoose a new one.\taccount\na2\tRouter\tRestart it.\tdevice\n");
    SEEDS.put(Target.DIRECTORY, "<html lang=\"en\"><head><title>Reset</title></head><body><h1>Reset your password</h1>"
        + "<p>Choose a new one &amp; sign in.</p><script>var x = 1;</script></body></html>\n");
    SEEDS.put(Target.QUERIES_TSV, "q1\tComo redefinir minha senha?\tpt\nq2\tWhere is my invoice\n");
    SEEDS.put(Target.QUERIES_JSONL, """
        {"id":"q1","text":"Como redefinir minha senha?","lang":"pt"}
        {"id":2,"text":"ลืมรหัสผ่าน","lang":"th"}
        """);
    SEEDS.put(Target.QRELS, "q1 0 a1 1\nq2 0 a2 2\nq2 0 a1 0\n");
    SEEDS.put(Target.INTENTS_TSV, "label\ttext\nbilling\tWhere is my invoice\nbilling\tI want a refund\n"
        + "account\tReset my password\naccount\tI am locked out\n");
    SEEDS.put(Target.INTENTS_JSONL, """
        {"label":"billing","text":"Where is my invoice"}
        {"label":"billing","text":"I want a refund"}
        {"label":"account","text":"Reset my password"}
        {"label":"account","text":"I am locked out"}
        """);
  }

  private final Path work;
  private final HashingEmbedder embedder = new HashingEmbedder();
  private final long timeoutSeconds;
  private ExecutorService worker = newWorker();

  /** @param timeoutSeconds how long one input may take before it counts as a hang */
  public InputFuzz(Path workDir, long timeoutSeconds) {
    this.work = workDir;
    this.timeoutSeconds = timeoutSeconds;
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-input");
      t.setDaemon(true);
      return t;
    });
  }

  /** The input made from {@code seed} for {@code target}: the valid seed file with 1 to 4 mutations. */
  public static byte[] input(Target target, long seed) {
    Random random = new Random(seed);
    byte[] bytes = SEEDS.get(target).getBytes(StandardCharsets.UTF_8);
    int mutations = 1 + random.nextInt(4);
    for (int i = 0; i < mutations; i++) {
      bytes = mutate(bytes, random);
    }
    return bytes;
  }

  private static byte[] mutate(byte[] in, Random random) {
    int n = in.length;
    int at = n == 0 ? 0 : random.nextInt(n + 1);
    return switch (random.nextInt(10)) {
      case 0 -> { // flip a byte
        byte[] out = in.clone();
        if (n > 0) {
          out[random.nextInt(n)] ^= (byte) (1 + random.nextInt(255));
        }
        yield out;
      }
      case 1, 2 -> insert(in, at, TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
      case 3 -> insert(in, at, BAD_BYTES[random.nextInt(BAD_BYTES.length)]);
      case 4 -> { // delete a range
        int len = n - at == 0 ? 0 : random.nextInt(Math.min(40, n - at) + 1);
        byte[] out = new byte[n - len];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(in, at + len, out, at, n - at - len);
        yield out;
      }
      case 5 -> Arrays.copyOf(in, at); // cut short
      case 6 -> { // repeat a range many times (a long line, or many records)
        int len = n - at == 0 ? 0 : 1 + random.nextInt(Math.min(60, n - at));
        byte[] piece = Arrays.copyOfRange(in, at, at + len);
        int times = 1 + random.nextInt(random.nextBoolean() ? 5 : 2000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, at);
        for (int t = 0; t < times; t++) {
          out.write(piece, 0, piece.length);
        }
        out.write(in, at, n - at);
        yield out.toByteArray();
      }
      case 7 -> { // deep nesting
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        yield insert(in, at, open.repeat(200 + random.nextInt(3000)).getBytes(StandardCharsets.UTF_8));
      }
      case 8 -> { // swap two lines
        List<String> lines = new ArrayList<>(Arrays.asList(new String(in, StandardCharsets.ISO_8859_1).split("\n", -1)));
        if (lines.size() > 1) {
          java.util.Collections.swap(lines, random.nextInt(lines.size()), random.nextInt(lines.size()));
        }
        yield String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
      }
      default -> insert(in, at, new byte[] {(byte) random.nextInt(256)});
    };
  }

  private static byte[] insert(byte[] in, int at, byte[] what) {
    byte[] out = new byte[in.length + what.length];
    System.arraycopy(in, 0, out, 0, at);
    System.arraycopy(what, 0, out, at, what.length);
    System.arraycopy(in, at, out, at + what.length, in.length - at);
    return out;
  }

  /** Reads the input made from {@code seed}. */
  public Result run(Target target, long seed) {
    return run(target, seed, input(target, seed));
  }

  /** Reads {@code bytes} as a {@code target} file (also how kept failures are replayed). */
  public Result run(Target target, long seed, byte[] bytes) {
    Path dir = work.resolve("fuzz-" + target.name().toLowerCase() + "-" + Long.toHexString(seed));
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(target.fileName);
      if (target == Target.DIRECTORY) {
        Files.createDirectories(file.resolve("sub"));
        Files.write(file.resolve("page.html"), bytes);
        Files.write(file.resolve("sub").resolve("notes.md"), bytes);
        Files.write(file.resolve("plain.txt"), bytes);
      } else {
        Files.write(file, bytes);
      }
      Future<Result> read = worker.submit(() -> read(target, seed, file));
      try {
        return read.get(timeoutSeconds, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        read.cancel(true);
        worker.shutdownNow();
        worker = newWorker();
        return new Result(target, seed, Outcome.UNEXPECTED, "no answer within " + timeoutSeconds + " s (a hang?)");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof InputFormatException ife) {
          String problem = documented(ife, file);
          return new Result(target, seed, problem == null ? Outcome.INPUT_ERROR : Outcome.UNEXPECTED,
              problem == null ? ife.getMessage() : problem);
        }
        return new Result(target, seed, Outcome.UNEXPECTED, cause.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(target, seed, Outcome.UNEXPECTED, "interrupted");
    } finally {
      TempFiles.deleteQuietly(dir);
    }
  }

  /** Why an input error is not the documented one, or {@code null} when it is. */
  private static String documented(InputFormatException e, Path file) {
    String name = file.toString();
    if (e.origin() == null || !e.origin().file().startsWith(name) || !e.getMessage().startsWith(e.origin().toString())) {
      return "an input error that does not start with the file " + name + ": " + e.getMessage();
    }
    return null;
  }

  /** Reads like the command does. */
  private Result read(InputFuzz.Target target, long seed, Path file) {
    switch (target) {
      case JSONL, CSV, TSV, DIRECTORY -> {
        IndexConfig config = IndexConfig.builder(file).build();
        try (DocumentSource source = DocumentSources.open(file, FieldMapping.DEFAULT, null);
            ClirIndexWriter writer = ClirIndexWriter.open(config, new ByteBuffersDirectory(), embedder)) {
          BulkIndexer.Summary summary = new BulkIndexer(writer,
              new BulkIndexer.Options(1000, 16, BulkIndexer.OnError.SKIP), null).run(source);
          // file:line: problem, the file being one inside the directory for a directory
          java.util.regex.Pattern named = java.util.regex.Pattern.compile(
              java.util.regex.Pattern.quote(file.toString()) + "(/[^:]+)?:[1-9][0-9]*: .+", java.util.regex.Pattern.DOTALL);
          for (String failure : summary.failures()) {
            if (!named.matcher(failure).matches()) {
              return new Result(target, seed, Outcome.UNEXPECTED, "a skipped record that does not name file and line: "
                  + failure);
            }
          }
          if (summary.failed() > 0) {
            return new Result(target, seed, Outcome.INPUT_ERROR, summary.failures().get(0));
          }
        }
      }
      case QUERIES_TSV, QUERIES_JSONL -> QueryFileReader.read(file);
      case QRELS -> Qrels.read(file);
      case INTENTS_TSV, INTENTS_JSONL -> LabeledTextFiles.readTraining(file);
    }
    return new Result(target, seed, Outcome.ACCEPTED, null);
  }

  /** {@code perTarget} inputs for every target. */
  public List<Result> runAll(long seed, int perTarget) {
    return SeededRuns.of(Target.values(), seed, perTarget, this::run);
  }
}
