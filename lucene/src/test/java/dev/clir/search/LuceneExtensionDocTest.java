package dev.clir.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.testing.TestModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java of docs/lucene-extension.md, read from the document, compiled and run: the page cannot drift from the
 * API. The {@code import} lines of its code blocks become the imports, everything else one method body, in order;
 * the page names the method's parameters ({@code modelDir}, {@code indexDir}, {@code articlesDir}).
 */
class LuceneExtensionDocTest {
  static final Path DOC = TestModel.projectRoot().resolve("docs/lucene-extension.md");
  private static final Pattern JAVA_BLOCK = Pattern.compile("(?ms)^\\s*```java\\n(.*?)^\\s*```");

  @TempDir Path tmp;

  /** The page's Java blocks, in order, with a list item's indentation removed. */
  static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1).stripIndent());
    }
    return blocks;
  }

  @Test
  void theDocumentsJavaCompilesAndRunsAsWritten() throws Exception {
    List<String> blocks = javaBlocks(Files.readString(DOC));
    assertThat(blocks).as("java blocks in %s", DOC).hasSizeGreaterThanOrEqualTo(3);
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String block : blocks) {
      for (String line : block.split("\n", -1)) {
        (line.startsWith("import ") ? imports : body).append(line).append('\n');
      }
    }
    String source = "package docexample;\n" + imports
        + "public final class LuceneExtensionExample {\n"
        + "  public static void run(java.nio.file.Path modelDir, java.nio.file.Path indexDir,"
        + " java.nio.file.Path articlesDir) throws Exception {\n" + body + "  }\n}\n";
    Path src = tmp.resolve("src/docexample/LuceneExtensionExample.java");
    Path classes = tmp.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(classes);
    Files.writeString(src, source);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    // Surefire runs tests from a manifest-only jar; it passes the real class path in this property.
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    boolean compiled = javac.getTask(diagnostics, null, null,
        List.of("-classpath", classPath, "-d", classes.toString(), "-proc:none", "-Xlint:none"), null,
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(src)).call();
    assertThat(compiled).as("the Java of %s compiles:%n%s%n%s", DOC, diagnostics, numbered(source)).isTrue();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Method run = loader.loadClass("docexample.LuceneExtensionExample")
          .getMethod("run", Path.class, Path.class, Path.class);
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      run.invoke(null, TestModel.dir(), tmp.resolve("index"), tmp.resolve("articles"));
    } catch (InvocationTargetException e) {
      throw new AssertionError("the example of " + DOC + " failed", e.getCause());
    } finally {
      System.setOut(stdout);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    stdout.print(printed);
    // the application's filters (acme, price <= 100) hold whatever the model ranks first; k covers all five
    assertThat(lines(printed, "hit ")).containsExactlyInAnyOrder("r-100", "p-300", "b-400");
    // the parent filter is applied inside the search: zenith articles only, one hit per article
    assertThat(lines(printed, "article ")).containsExactlyInAnyOrder("k-500", "r-200");
    // clir-query's searcher opens the application's index and finds the keyboard article first
    assertThat(lines(printed, "clir-query ")).hasSize(2).first().isEqualTo("k-500");
  }

  private static List<String> lines(String printed, String prefix) {
    return printed.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
  }

  private static String numbered(String source) {
    StringBuilder b = new StringBuilder();
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      b.append(String.format("%4d  %s%n", i + 1, lines[i]));
    }
    return b.toString();
  }
}
