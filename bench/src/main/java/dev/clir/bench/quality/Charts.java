package dev.clir.bench.quality;

import dev.clir.bench.intent.SibReport;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * One PNG per benchmark with XChart: grouped bars of the primary metric per question language, one bar per setup
 * (mode and vector format); one for the SIB-200 intent evaluation. Rendered off-screen; the JVM must be headless on machines without a display.
 */
final class Charts {
  static final int WIDTH = 960;
  static final int HEIGHT = 480;

  /**
   * Colours per setup: blues for vector, greens for hybrid, browns for auto (dark = float32, light = quantized),
   * grey for BM25.
   */
  private static final Color[] VECTOR = {new Color(0x1f4e9c), new Color(0x6f9fe0), new Color(0xa9c6ef), new Color(0xd3e2f7)};
  private static final Color[] HYBRID = {new Color(0x1e7b3c), new Color(0x72c28a), new Color(0xa8dab6), new Color(0xd4eddb)};
  private static final Color[] AUTO = {new Color(0xa0521d), new Color(0xd98b4f), new Color(0xecbc94), new Color(0xf6dfcc)};
  private static final Color BM25 = new Color(0x8a8a8a);
  private static final Color[] FEW_SHOT = {new Color(0xf6c28b), new Color(0xee9a45), new Color(0xc4620f)};

  private Charts() {}

  /** The chart's file name for a benchmark. */
  static String fileName(BenchmarkResult r) {
    return r.benchmark().id() + ".png";
  }

  static void write(QualityReport report, BenchmarkResult r, Path file) throws IOException {
    String metric = r.benchmark().primary().label();
    CategoryChart chart = chart(r.benchmark().title() + ": " + metric + " by question language (" + report.model().id()
        + ")", "question language → English knowledge base", metric);
    List<String> categories = new ArrayList<>();
    List<String> langs = r.benchmark().languages();
    for (String lang : langs) {
      categories.add(Languages.name(lang) + " (" + lang + ")");
    }
    List<Color> colors = new ArrayList<>();
    int vectors = 0;
    int hybrids = 0;
    int autos = 0;
    for (BenchmarkResult.SetupResult s : r.setups()) {
      List<Double> values = new ArrayList<>();
      for (String lang : langs) {
        LanguageScores ls = s.languages().get(lang);
        double v = ls == null ? Double.NaN : ls.mean(r.benchmark().primary());
        values.add(Double.isNaN(v) ? 0.0 : v);
      }
      chart.addSeries(s.setup().label(), categories, values);
      colors.add(switch (s.setup().mode()) {
        case VECTOR -> VECTOR[Math.min(vectors++, VECTOR.length - 1)];
        case HYBRID -> HYBRID[Math.min(hybrids++, HYBRID.length - 1)];
        case AUTO -> AUTO[Math.min(autos++, AUTO.length - 1)];
        case KEYWORD -> BM25;
      });
    }
    chart.getStyler().setSeriesColors(colors.toArray(Color[]::new));
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
  }

  /**
   * SIB-200 intent accuracy per language: one bar per classifier (zero-shot, trained on English only), then the
   * default classifier with k target-language examples per label added (oranges, darker = more examples).
   */
  static void writeIntents(QualityReport report, SibReport sib, Path file) throws IOException {
    CategoryChart chart = chart("SIB-200 topics labelled in " + sib.source() + " only: accuracy by language ("
        + report.model().id() + ")", "language of the classified sentence", "accuracy");
    List<String> categories = IntentSection.languages(sib);
    List<Color> colors = new ArrayList<>();
    int zeroShot = 0;
    int fewShot = 0;
    for (Map.Entry<String, List<Double>> e : IntentSection.chartSeries(sib).entrySet()) {
      chart.addSeries(e.getKey(), categories, e.getValue());
      boolean few = e.getKey().contains(" per label");
      colors.add(few ? FEW_SHOT[Math.min(fewShot++, FEW_SHOT.length - 1)] : VECTOR[Math.min(zeroShot++, VECTOR.length - 1)]);
    }
    chart.getStyler().setSeriesColors(colors.toArray(Color[]::new));
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
  }

  /** An empty bar chart from 0 to 1 in the report's style. */
  private static CategoryChart chart(String title, String xAxis, String yAxis) {
    System.setProperty("java.awt.headless", "true");
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xAxis)
        .yAxisTitle(yAxis).build();
    var style = chart.getStyler();
    style.setLegendPosition(LegendPosition.OutsideE);
    style.setYAxisMin(0.0);
    style.setYAxisMax(1.0);
    style.setYAxisDecimalPattern("0.00");
    style.setChartBackgroundColor(Color.WHITE);
    style.setPlotBackgroundColor(Color.WHITE);
    style.setPlotGridLinesColor(new Color(0xdddddd));
    style.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    style.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    style.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    style.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    style.setLabelsVisible(true);
    style.setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
    style.setLabelsRotation(0);
    style.setLabelsPosition(1.0);
    style.setLabelsFontColorAutomaticEnabled(true);
    style.setAvailableSpaceFill(0.85);
    style.setAntiAlias(true);
    style.setDecimalPattern("0.00");
    return chart;
  }
}
