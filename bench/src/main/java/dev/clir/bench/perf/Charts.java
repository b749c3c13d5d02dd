package dev.clir.bench.perf;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts of the report, drawn headless with XChart in one plain style. */
final class Charts {
  static final int WIDTH = 760;
  static final int HEIGHT = 430;

  private Charts() {}

  /** One XY series: points in order of x. */
  record Series(String name, double[] x, double[] y) {}

  static void line(Path file, String title, String xTitle, String yTitle, boolean logX, boolean logY, List<Series> series) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    style(chart.getStyler());
    chart.getStyler().setXAxisLogarithmic(logX);
    chart.getStyler().setYAxisLogarithmic(logY);
    chart.getStyler().setMarkerSize(6);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    for (Series s : series) {
      if (s.x().length > 0) {
        chart.addSeries(s.name(), s.x(), s.y()).setMarker(SeriesMarkers.CIRCLE);
      }
    }
    save(chart, file);
  }

  static void bars(Path file, String title, String yTitle, List<String> categories, Map<String, List<Double>> series,
      boolean stacked) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle).build();
    style(chart.getStyler());
    chart.getStyler().setStacked(stacked);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setAvailableSpaceFill(0.7);
    if (categories.size() > 4) {
      chart.getStyler().setXAxisLabelRotation(20);
    }
    series.forEach((name, values) -> chart.addSeries(name, categories, values));
    save(chart, file);
  }

  private static void style(Styler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setAntiAlias(true);
    if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
      a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      a.setPlotGridLinesColor(new Color(225, 225, 225));
    }
  }

  private static void save(Chart<?, ?> chart, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + file, e);
    }
  }
}
