package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earshot.schemas.SentimentLabel;
import org.junit.jupiter.api.Test;

class LabelledTextsTest {

  @Test
  void threeClassFile() {
    LabelledTexts texts = LabelledTexts.parse("cx", "Great, thanks!\tpositive\r\n\nWhere is it?\tNEUTRAL\n"
        + "He said \"fine\tbut\" no\tnegative\n");
    assertThat(texts.binary()).isFalse();
    assertThat(texts.texts()).containsExactly(new LabelledText("Great, thanks!", SentimentLabel.POSITIVE),
        new LabelledText("Where is it?", SentimentLabel.NEUTRAL),
        new LabelledText("He said \"fine\tbut\" no", SentimentLabel.NEGATIVE));
  }

  @Test
  void binaryFileWithTheUciQuirks() {
    // U+0085 (NEL) inside a sentence is not a line break; trailing spaces before the TAB are dropped.
    LabelledTexts texts = LabelledTexts.parse("imdb", "A bit\u0085long  \t0\nLoved it.  \t1\n");
    assertThat(texts.binary()).isTrue();
    assertThat(texts.texts()).containsExactly(new LabelledText("A bit\u0085long", SentimentLabel.NEGATIVE),
        new LabelledText("Loved it.", SentimentLabel.POSITIVE));
  }

  @Test
  void badLinesAreReportedWithTheirNumber() {
    assertThatThrownBy(() -> LabelledTexts.parse("f.tsv", "ok\tpositive\nno tab here\n"))
        .hasMessage("f.tsv line 2: expected text<TAB>label");
    assertThatThrownBy(() -> LabelledTexts.parse("f.tsv", "ok\tgood\n"))
        .hasMessage("f.tsv line 1: label 'good' is not negative, neutral, positive, 0, 1, complaint or not-complaint");
    assertThatThrownBy(() -> LabelledTexts.parse("f.tsv", "a\t1\nb\tpositive\n"))
        .hasMessage("f.tsv line 2: mixes 0/1 labels with named labels");
    assertThatThrownBy(() -> LabelledTexts.parse("f.tsv", "a\tcomplaint\nb\tnegative\n"))
        .hasMessage("f.tsv line 2: mixes complaint/not-complaint labels with named labels");
  }

  @Test
  void complaintFile() {
    LabelledTexts texts = LabelledTexts.parse("complaints", "@shop where is my order?\tNot-Complaint\n"
        + "@shop charged twice, no reply\tcomplaint\n");
    assertThat(texts.kind()).isEqualTo(LabelledTexts.Kind.COMPLAINT);
    assertThat(texts.binary()).isFalse();
    assertThat(texts.texts()).containsExactly(new LabelledText("@shop where is my order?", SentimentLabel.NEUTRAL),
        new LabelledText("@shop charged twice, no reply", SentimentLabel.NEGATIVE));
  }
}
