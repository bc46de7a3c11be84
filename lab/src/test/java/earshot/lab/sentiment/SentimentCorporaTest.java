package earshot.lab.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The negative-heavy resample of a test set (the asked shares, drawn without replacement, the same for a
 * seed), and the parsers of the extra training sets on small hand-written files.
 */
class SentimentCorporaTest {

  @Test
  void resamplingKeepsTheLimitingClassWholeAndDrawsTheOthersToTheAskedShares() {
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      rows.add(new String[] {"neg " + i, "negative"});
    }
    for (int i = 0; i < 900; i++) {
      rows.add(new String[] {"neu " + i, "neutral"});
    }
    for (int i = 0; i < 400; i++) {
      rows.add(new String[] {"pos " + i, "positive"});
    }
    double[] shares = {0.6, 0.25, 0.15};
    List<String[]> sample = SentimentCorpora.resample(rows, shares, 7);
    assertThat(sample.stream().filter(r -> r[1].equals("negative")).count()).isEqualTo(600);
    assertThat(sample.stream().filter(r -> r[1].equals("neutral")).count()).isEqualTo(250);
    assertThat(sample.stream().filter(r -> r[1].equals("positive")).count()).isEqualTo(150);
    assertThat(sample.stream().map(r -> r[0]).distinct().count()).as("no text drawn twice").isEqualTo(1000);
    assertThat(rows).containsAll(sample);
    // Shuffled: the first hundred are not all of one class.
    assertThat(sample.subList(0, 100).stream().map(r -> r[1]).distinct().count()).isEqualTo(3);
    List<String[]> again = SentimentCorpora.resample(rows, shares, 7);
    assertThat(again.stream().map(r -> r[0]).toList()).isEqualTo(sample.stream().map(r -> r[0]).toList());
    List<String[]> other = SentimentCorpora.resample(rows, shares, 8);
    assertThat(other.stream().map(r -> r[0]).toList()).isNotEqualTo(sample.stream().map(r -> r[0]).toList());
  }

  @Test
  void brandEmotionsMapTheThreeAnswersAndLeaveOutTheUndecidedAndTheEmpty() {
    String csv = """
        tweet_text,emotion_in_tweet_is_directed_at,is_there_an_emotion_directed_at_a_brand_or_product
        "My phone died again, battery is useless",Phone,Negative emotion
        Loving the new tablet app &amp; its design,Tablet App,Positive emotion
        Store opens at nine tomorrow,,No emotion toward brand or product
        ,,No emotion toward brand or product
        no idea what to make of this,,I can't tell
        "A quoted, two-line
        text",Phone,Positive emotion
        """;
    List<String[]> rows = SentimentCorpora.brands(csv);
    assertThat(rows).extracting(r -> r[1]).containsExactly("negative", "positive", "neutral", "positive");
    assertThat(rows.get(0)[0]).isEqualTo("My phone died again, battery is useless");
    assertThat(rows.get(1)[0]).as("entities undone").isEqualTo("Loving the new tablet app & its design");
    assertThat(rows.get(3)[0]).as("kept on one line").isEqualTo("A quoted, two-line text");
  }

  @Test
  void brandEmotionsFindTheirColumnsByName() {
    String csv = """
        is_there_an_emotion_directed_at_a_brand_or_product,tweet_text
        Negative emotion,queue for an hour and still no help
        """;
    assertThat(SentimentCorpora.brands(csv)).singleElement()
        .satisfies(r -> assertThat(r).containsExactly("queue for an hour and still no help", "negative"));
  }

  @Test
  void emotionTweetsReadBothSplitsAndKeepEachTextIdOnce() {
    String train = """
        textID,text,selected_text,sentiment
        a1, my order never arrived,never arrived,negative
        b2,Just landed in town,Just landed in town,neutral
        c3,"thanks, that was quick!",thanks,positive
        d4,,,neutral
        e5,something odd,odd,unknown
        """;
    String test = """
        textID,text,sentiment
        a1, my order never arrived,negative
        f6,great support today,positive
        """;
    Set<String> ids = new HashSet<>();
    List<String[]> rows = new ArrayList<>(SentimentCorpora.emotionTweets(train, ids));
    rows.addAll(SentimentCorpora.emotionTweets(test, ids));
    assertThat(rows).extracting(r -> r[0]).containsExactly("my order never arrived", "Just landed in town",
        "thanks, that was quick!", "great support today");
    assertThat(rows).extracting(r -> r[1]).containsExactly("negative", "neutral", "positive", "positive");
  }

  @Test
  void sandersAndAppleTweetsKeepTheThreeClassesAndRefuseAFileWithoutTheirColumns() {
    String sanders = """
        "Topic","Sentiment","TweetId","TweetDate","TweetText"
        "acme","negative","1","Tue Oct 18 2011","my order is late, again"
        "acme","irrelevant","2","Tue Oct 18 2011","hola"
        "acme","Neutral","3","Tue Oct 18 2011","when does the store open?"
        """;
    assertThat(SentimentCorpora.sanders(sanders)).extracting(r -> r[0] + "/" + r[1])
        .containsExactly("my order is late, again/negative", "when does the store open?/neutral");
    String apple = """
        _unit_id,sentiment,text
        1,1,phone died after the update
        2,not_relevant,shares up 2%
        3,5,love the battery
        """;
    assertThat(SentimentCorpora.apple(apple)).extracting(r -> r[0] + "/" + r[1])
        .containsExactly("phone died after the update/negative", "love the battery/positive");
    assertThatThrownBy(() -> SentimentCorpora.sanders("Topic,Sentiment\nacme,negative\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TweetText column");
    assertThatThrownBy(() -> SentimentCorpora.apple("sentiment,tweet\n1,late again\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text column");
  }

  @Test
  void complaintsKeepBothLabelsJoinUnquotedCommasAndEachTweetOnce() {
    String csv = """
        101,@shop can I return online purchases in store?,0,apparel
        102,"@shop charged twice, no reply",1,other
        103,@shop unquoted, comma text,1,food
        102,"@shop the same id again",0,other
        104,too short,1
        105,@shop another label,2,other
        106,   ,1,other
        """;
    assertThat(SentimentCorpora.complaints(csv)).extracting(r -> r[0] + "/" + r[1]).containsExactly(
        "@shop can I return online purchases in store?/not-complaint", "@shop charged twice, no reply/complaint",
        "@shop unquoted, comma text/complaint");
  }

  @Test
  void newTextsDropWhatIsSeenAlreadyComparedTrimmedAndLowerCased() {
    Set<String> seen = new HashSet<>(Set.of(SentimentCorpora.key("In a test file")));
    List<String[]> rows = List.of(new String[] {" in A TEST file", "neutral"}, new String[] {"new one", "positive"},
        new String[] {"New One", "negative"});
    assertThat(SentimentCorpora.newTexts(rows, seen)).singleElement()
        .satisfies(r -> assertThat(r).containsExactly("new one", "positive"));
    assertThat(seen).contains("new one");
  }
}
