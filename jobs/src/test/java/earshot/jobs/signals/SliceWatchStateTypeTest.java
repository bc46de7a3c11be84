package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.detect.SeriesState;
import earshot.jobs.detect.slices.SliceWatchState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/**
 * The slice watch's state ({@link SliceWatchState}, held in {@link SeriesState}) is keyed state too:
 * every class in it, down to the values of its maps and the elements of its lists, must be a Flink POJO
 * (no Kryo fallback), so that it serializes fast and evolves by field name.
 */
class SliceWatchStateTypeTest {

  @Test
  void isAFlinkPojoAllTheWayDown() {
    assertThat(StateFields.of(SliceWatchState.class)).containsEntry("slices[].answers.baseCount", double.class)
        .containsEntry("slices[].answers.offSince", long.class)
        .containsEntry("slices[].texts.bad", double.class)
        .containsEntry("slices[].recentNpsLost", double.class)
        .containsEntry("slices[].usualMine", double[].class)
        .containsEntry("slices[].contactDropFiredAt", long.class)
        .containsEntry("tracks[].open", boolean.class)
        .containsEntry("tracks[].history[].observed", double.class);
  }

  @Test
  void isHeldInTheSeriesStateAsAPojo() {
    TypeInformation<SeriesState> series = TypeInformation.of(SeriesState.class);
    assertThat(series).isInstanceOf(PojoTypeInfo.class);
    PojoTypeInfo<SeriesState> pojo = (PojoTypeInfo<SeriesState>) series;
    assertThat(pojo.getTypeAt(pojo.getFieldIndex("sliceWatch"))).isInstanceOf(PojoTypeInfo.class);
  }
}
