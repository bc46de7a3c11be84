package earshot.lab.report.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class HtmlTest {

  @Test
  void escapesMarkupQuotesAndCharactersXmlRefuses() throws Exception {
    assertThat(Html.escape("</svg><script>x</script>")).isEqualTo("&lt;/svg&gt;&lt;script&gt;x&lt;/script&gt;");
    assertThat(Html.escape("a & \"b\" 'c'")).isEqualTo("a &amp; &quot;b&quot; &#39;c&#39;");
    assertThat(Html.escape("bell\u0007 lone\uD800 ok\uD83D\uDE00")).isEqualTo("bell\uFFFD lone\uFFFD ok\uD83D\uDE00");
    assertThat(Html.escape(null)).isEmpty();
  }

  @Test
  void aPageOfHostileTextParsesAsXmlWithTheTextIntact() throws Exception {
    String hostile = "\"><img src=x onerror=alert(1)> </details></section>\u0000 & more";
    HtmlReport page = new HtmlReport(hostile).heading(1, hostile, hostile, hostile).paragraph(hostile).note(hostile)
        .summary(hostile).quote(hostile, hostile).table(List.of(hostile), List.of(List.of(hostile)))
        .links(List.of(hostile), List.of(hostile)).details(hostile, "WARNING", false).section(hostile).paragraph("in")
        .end().end();
    String html = page.render();
    assertThat(html).doesNotContain("<img").doesNotContain("\u0000");
    Document doc = XmlPages.parse(html);
    assertThat(XmlPages.elements(doc, "img")).isEmpty();
    assertThat(XmlPages.elements(doc, "p").get(0).getTextContent()).isEqualTo(hostile.replace('\u0000', '\uFFFD'));
    assertThat(XmlPages.elements(doc, "details")).hasSize(1);
    assertThat(XmlPages.elements(doc, "section")).hasSize(1);
  }

  @Test
  void refusesToCloseWhatIsNotOpenOrToRenderWhatIsLeftOpen() {
    assertThatThrownBy(() -> new HtmlReport("t").end()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new HtmlReport("t").section("s").render()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void writesNumbersWithoutTrailingZeros() {
    assertThat(Html.number(12.500, 2)).isEqualTo("12.5");
    assertThat(Html.number(-0.0001, 2)).isEqualTo("0");
    assertThat(Html.number(Double.NaN, 2)).isEqualTo("-");
    assertThat(Html.number(3, 0)).isEqualTo("3");
  }
}
