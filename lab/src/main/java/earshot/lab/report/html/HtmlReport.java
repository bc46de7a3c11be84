package earshot.lab.report.html;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes one self-contained HTML page: an inline style sheet, inline SVG charts and text; no
 * script, no external style, font or image, so the file reads the same offline and can be mailed
 * as it is. Alerts fold with {@code <details>}, which needs no script. Every text given to it is
 * escaped ({@link Html#escape}); only {@link SvgChart} output, itself escaped, goes in as markup.
 * Every element is closed, so the page also parses as XML (the tests parse it that way).
 */
public final class HtmlReport {

  private static final String STYLE = """
      body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; margin: 24px; color: #222;
             max-width: 1100px; }
      h1 { font-size: 22px; margin-bottom: 4px; }
      h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
      h3 { font-size: 15px; margin: 18px 0 6px 0; }
      p.note { color: #666; font-size: 12px; margin: 4px 0; }
      table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
      th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
      th { background: #f3f5f7; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; }
      .badge { display: inline-block; padding: 1px 7px; border-radius: 9px; font-size: 11px; color: #fff;
               margin-right: 6px; vertical-align: middle; }
      .CRITICAL { background: #b3261e; } .WARNING { background: #d97a00; } .INFO { background: #5f6b7a; }
      .summary { background: #f7f9fb; border-left: 3px solid #1f5fa8; padding: 6px 10px; margin: 6px 0; }
      blockquote { margin: 4px 0 4px 0; padding: 4px 10px; border-left: 3px solid #ccc; background: #fafafa;
                   white-space: pre-wrap; }
      details { margin: 6px 0 12px 0; }
      summary { cursor: pointer; font-weight: bold; }
      svg.chart { display: block; margin: 8px 0; max-width: 100%; height: auto; border: 1px solid #eee; }
      nav ol { columns: 2; font-size: 13px; }
      """;

  private final StringBuilder body = new StringBuilder(1 << 16);
  private final String title;
  private final java.util.ArrayDeque<String> open = new java.util.ArrayDeque<>();

  public HtmlReport(String title) {
    this.title = title;
  }

  /** A heading; {@code id} (may be null) makes it a link target. */
  public HtmlReport heading(int level, String text, String id) {
    return heading(level, text, id, null);
  }

  /** A heading led by a coloured badge (a severity: INFO, WARNING or CRITICAL colour it). */
  public HtmlReport heading(int level, String text, String id, String badge) {
    int h = Math.max(1, Math.min(6, level));
    body.append("<h").append(h);
    if (id != null) {
      body.append(" id=\"").append(Html.escape(id)).append('"');
    }
    body.append('>');
    badge(badge);
    body.append(Html.escape(text)).append("</h").append(h).append(">\n");
    return this;
  }

  private void badge(String badge) {
    if (badge != null) {
      body.append("<span class=\"badge ").append(Html.escape(badge)).append("\">").append(Html.escape(badge))
          .append("</span>");
    }
  }

  public HtmlReport paragraph(String text) {
    body.append("<p>").append(Html.escape(text)).append("</p>\n");
    return this;
  }

  /** A small grey explanation. */
  public HtmlReport note(String text) {
    body.append("<p class=\"note\">").append(Html.escape(text)).append("</p>\n");
    return this;
  }

  /** A highlighted paragraph: what the alert says to a person. */
  public HtmlReport summary(String text) {
    body.append("<p class=\"summary\">").append(Html.escape(text)).append("</p>\n");
    return this;
  }

  /** A quoted customer text with a caption (when, score). */
  public HtmlReport quote(String text, String caption) {
    body.append("<blockquote>").append(Html.escape(text));
    if (caption != null && !caption.isBlank()) {
      body.append("<br/><small>").append(Html.escape(caption)).append("</small>");
    }
    body.append("</blockquote>\n");
    return this;
  }

  /**
   * A table; a cell that reads as a number (digits, sign, point, percent, x) is right-aligned.
   */
  public HtmlReport table(List<String> headers, List<List<String>> rows) {
    body.append("<table>\n<tr>");
    headers.forEach(h -> body.append("<th>").append(Html.escape(h)).append("</th>"));
    body.append("</tr>\n");
    for (List<String> row : rows) {
      body.append("<tr>");
      for (String cell : row) {
        boolean numeric = cell != null && cell.matches("[-+]?[0-9][0-9,.]*\\s?(%|x| min| s)?");
        body.append(numeric ? "<td class=\"num\">" : "<td>").append(Html.escape(cell)).append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** A bulleted list of texts, each optionally a link to an anchor on the page ({@code #id}). */
  public HtmlReport links(List<String> texts, List<String> anchors) {
    body.append("<nav><ol>\n");
    for (int i = 0; i < texts.size(); i++) {
      String anchor = anchors == null ? null : anchors.get(i);
      body.append("<li>");
      if (anchor != null) {
        body.append("<a href=\"#").append(Html.escape(anchor)).append("\">").append(Html.escape(texts.get(i)))
            .append("</a>");
      } else {
        body.append(Html.escape(texts.get(i)));
      }
      body.append("</li>\n");
    }
    body.append("</ol></nav>\n");
    return this;
  }

  /** A chart. */
  public HtmlReport chart(SvgChart chart) {
    body.append(chart.render()).append('\n');
    return this;
  }

  /** Opens a foldable block (closed with {@link #end}); {@code open} shows it unfolded. */
  public HtmlReport details(String summary, String badge, boolean unfolded) {
    body.append(unfolded ? "<details open=\"open\">" : "<details>").append("<summary>");
    badge(badge);
    body.append(Html.escape(summary)).append("</summary>\n");
    open.push("details");
    return this;
  }

  /** Opens a section that can be linked to (closed with {@link #end}). */
  public HtmlReport section(String id) {
    body.append("<section id=\"").append(Html.escape(id)).append("\">\n");
    open.push("section");
    return this;
  }

  /** Closes the last block opened by {@link #details} or {@link #section}. */
  public HtmlReport end() {
    if (open.isEmpty()) {
      throw new IllegalStateException("no open block to close");
    }
    body.append("</").append(open.pop()).append(">\n");
    return this;
  }

  /** The page. */
  public String render() {
    if (!open.isEmpty()) {
      throw new IllegalStateException(open.size() + " block(s) left open");
    }
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>" + Html.escape(title)
        + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
  }

  /** Writes the page as UTF-8, replacing the file. */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, render(), StandardCharsets.UTF_8);
  }
}
