package dev.clir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import org.junit.jupiter.api.Test;

/** The live bar as a terminal shows it (#20 item 6): labelled times, a status apart from the speed, a steady width. */
class ProgressBarTest {
  /** Keeps the last line the bar drew, as a terminal would show it. */
  static final class Screen implements ProgressBarConsumer {
    String last = "";

    @Override
    public int getMaxRenderedLength() {
      return Progress.Bar.WIDTH_FOR_STATUS; // the narrowest that shows a status
    }

    @Override
    public void accept(String rendered) {
      last = rendered;
    }

    @Override
    public void close() {}
  }

  @Test
  void timesAreLabelledAndTheStatusStandsApart() {
    Screen screen = new Screen();
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Indexing").setInitialMax(150)
        .setRenderer(new Progress.LabelledRenderer(" docs")).setConsumer(screen)
        .startsFrom(0, Duration.ofSeconds(10)).build()) {
      bar.stepTo(50);
      bar.setExtraMessage(Progress.Bar.status("62 passages"));
      bar.refresh();
      String shown = screen.last.replaceAll("\u001B\\[[0-9;]*m", "");
      assertThat(shown).contains("50/150").contains("(elapsed 0:00:").contains(", ETA 0:00:").contains("docs/s · 62 passages");
      assertThat(shown.strip().length()).isLessThanOrEqualTo(Progress.Bar.WIDTH_FOR_STATUS);
      assertThat(shown).as("the bar keeps room beside the status").containsPattern("│[ █▏▎▍▌▋▊▉]{15,}│");
      int width = shown.length();
      bar.stepTo(100);
      bar.setExtraMessage(Progress.Bar.status("124 passages"));
      bar.refresh();
      assertThat(screen.last.replaceAll("\u001B\\[[0-9;]*m", "")).as("the bar keeps its width").hasSize(width);
    }
  }
}
