package dev.tapekit.tools.tape;

import java.util.ArrayList;
import java.util.List;

/**
 * A text table as {@code proxmox-tape} prints one: a box of Unicode lines, a header row, one row per
 * item, columns as wide as their widest cell. An empty table prints its header alone.
 */
final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  Table row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
    }
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(c == null ? "" : String.valueOf(c));
    }
    rows.add(r);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  String render() {
    int[] width = new int[headers.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = headers.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, width, '┌', '┬', '┐', '─');
    cells(sb, width, headers);
    line(sb, width, '╞', '╪', '╡', '═');
    for (int k = 0; k < rows.size(); k++) {
      cells(sb, width, rows.get(k));
      if (k < rows.size() - 1) {
        line(sb, width, '├', '┼', '┤', '─');
      }
    }
    line(sb, width, '└', '┴', '┘', '─');
    return sb.toString();
  }

  private static void line(StringBuilder sb, int[] width, char left, char middle, char right, char fill) {
    sb.append(left);
    for (int i = 0; i < width.length; i++) {
      sb.append(String.valueOf(fill).repeat(width[i] + 2)).append(i < width.length - 1 ? middle : right);
    }
    sb.append('\n');
  }

  private static void cells(StringBuilder sb, int[] width, List<String> cells) {
    sb.append('│');
    for (int i = 0; i < width.length; i++) {
      String c = cells.get(i);
      sb.append(' ').append(c).append(" ".repeat(width[i] - c.length())).append(" │");
    }
    sb.append('\n');
  }
}
