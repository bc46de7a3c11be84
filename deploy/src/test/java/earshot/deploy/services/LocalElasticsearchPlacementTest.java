package earshot.deploy.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the local Elasticsearch keeps its folders when the service user cannot reach the project. */
class LocalElasticsearchPlacementTest {

  @TempDir
  Path tmp;
  private Path base;
  private Path open;
  private Path closed;

  @BeforeEach
  void folders() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    base = Files.createDirectories(tmp.resolve("var-tmp"));
    open = Files.createDirectories(tmp.resolve("srv/earshot/.earshot"));
    closed = Files.createDirectories(tmp.resolve("root/earshot/.earshot"));
    Files.setPosixFilePermissions(tmp.resolve("root"), PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void aProjectEveryoneCanEnterKeepsItsFolders() {
    var placement = LocalElasticsearch.Placement.of(open.resolve("dist"), open.resolve("services/elasticsearch"), true,
        base);
    assertThat(placement.distributions()).isEqualTo(open.resolve("dist"));
    assertThat(placement.dir()).isEqualTo(open.resolve("services/elasticsearch"));
    assertThat(placement.note()).isNull();
  }

  @Test
  void notRunAsRootTheNodeRunsAsTheCallerAndNothingMoves() {
    var placement = LocalElasticsearch.Placement.of(closed.resolve("dist"), closed.resolve("services/elasticsearch"),
        false, base);
    assertThat(placement.dir()).isEqualTo(closed.resolve("services/elasticsearch"));
    assertThat(placement.note()).isNull();
  }

  @Test
  void asRootInAClosedHomeBothFoldersMoveToTheSamePlaceEveryTimeAndOneLineSaysWhere() {
    Path dist = closed.resolve("dist");
    Path dir = closed.resolve("services/elasticsearch");
    var placement = LocalElasticsearch.Placement.of(dist, dir, true, base);

    assertThat(placement.dir().getParent()).isEqualTo(base);
    assertThat(placement.dir().getFileName().toString()).matches("earshot-[0-9a-f]{12}");
    assertThat(placement.distributions().getParent()).isEqualTo(base);
    assertThat(placement.distributions().getFileName().toString()).matches("earshot-dist-[0-9a-f]{12}");
    assertThat(placement.note()).doesNotContain("\n")
        .contains("cannot enter " + tmp.resolve("root"))
        .contains(placement.dir().toString()).contains(placement.distributions().toString());
    // the same project gets the same folders (its data survives a restart); another project others
    assertThat(LocalElasticsearch.Placement.of(dist, dir, true, base)).isEqualTo(placement);
    assertThat(LocalElasticsearch.Placement.of(dist, closed.resolve("test-runs/1/elasticsearch"), true, base).dir())
        .isNotEqualTo(placement.dir());
  }

  @Test
  void onlyTheFolderThatCannotBeReachedMoves() {
    var placement = LocalElasticsearch.Placement.of(open.resolve("dist"), closed.resolve("services/elasticsearch"),
        true, base);
    assertThat(placement.distributions()).isEqualTo(open.resolve("dist"));
    assertThat(placement.dir().getParent()).isEqualTo(base);
    assertThat(placement.note()).contains(placement.dir().toString()).doesNotContain(open.toString());
  }

  @Test
  void theFirstClosedFolderOnTheWayIsNamed() {
    assertThat(LocalElasticsearch.Placement.firstClosed(closed.resolve("not/yet/made"))).isEqualTo(tmp.resolve("root"));
    assertThat(LocalElasticsearch.Placement.firstClosed(open.resolve("not/yet/made"))).isNull();
  }
}
