package io.caskade.lab.report;

/** A fixed-width text progress bar: {@code [#########-----------]  45%}. */
final class ProgressBar {

  private final int width;

  ProgressBar(int width) {
    if (width <= 0) {
      throw new IllegalArgumentException("width must be positive: " + width);
    }
    this.width = width;
  }

  String render(double done) {
    double clamped = Math.max(0, Math.min(1, done));
    int filled = (int) Math.round(clamped * width);
    StringBuilder sb = new StringBuilder(width + 8).append('[');
    for (int i = 0; i < width; i++) {
      sb.append(i < filled ? '#' : '-');
    }
    return sb.append("] ").append(String.format("%3d%%", Math.round(clamped * 100))).toString();
  }
}
