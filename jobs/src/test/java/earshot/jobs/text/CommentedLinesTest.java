package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Comment and blank lines are skipped, comments kept, and content lines keep their numbers and text. */
class CommentedLinesTest {

  @Test
  void contentLinesKeepTheirNumberInTheFileAndCommentsAreKept() throws IOException {
    String text = "# first comment\n\nclasses\tx\n   \n#second  \n  # indented: content\nw=a\t1 \n";
    CommentedLines lines = new CommentedLines(new BufferedReader(new StringReader(text)));
    List<CommentedLines.Line> content = new ArrayList<>();
    CommentedLines.Line line;
    while ((line = lines.next()) != null) {
      content.add(line);
    }
    assertThat(content).containsExactly(new CommentedLines.Line(3, "classes\tx"),
        new CommentedLines.Line(6, "  # indented: content"), new CommentedLines.Line(7, "w=a\t1 "));
    assertThat(lines.comments()).containsExactly("first comment", "second");
  }

  @Test
  void anInputOfCommentsAloneHasNoContent() throws IOException {
    CommentedLines lines = new CommentedLines(new BufferedReader(new StringReader("#only\n\n#")));
    assertThat(lines.next()).isNull();
    assertThat(lines.comments()).containsExactly("only", "");
  }
}
