package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.detect.SeriesState;
import earshot.jobs.detect.slices.SliceWatchState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.MapTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/**
 * The slice watch's state ({@link SliceWatchState}, held in {@link SeriesState}) is keyed state too:
 * every class in it, down to the values of its maps and the elements of its lists, must be a Flink POJO
 * (no Kryo fallback), so that it serializes fast and evolves by field name.
 */
class SliceWatchStateTypeTest {

  /** Every field below {@code type}, by path; map values are under {@code path[]}, list elements too. */
  private static void flatten(TypeInformation<?> type, String path, Map<String, Class<?>> out) {
    assertThat(type).as(path).isNotInstanceOf(GenericTypeInfo.class);
    if (type instanceof PojoTypeInfo<?> pojo) {
      for (int i = 0; i < pojo.getArity(); i++) {
        var field = pojo.getPojoFieldAt(i).getField();
        String child = path.isEmpty() ? field.getName() : path + "." + field.getName();
        out.put(child, field.getType());
        flatten(pojo.getTypeAt(i), child, out);
      }
    } else if (type instanceof MapTypeInfo<?, ?> map) {
      flatten(map.getKeyTypeInfo(), path + "{}", out);
      flatten(map.getValueTypeInfo(), path + "[]", out);
    } else if (type instanceof ListTypeInfo<?> list) {
      flatten(list.getElementTypeInfo(), path + "[]", out);
    }
  }

  @Test
  void isAFlinkPojoAllTheWayDown() {
    Map<String, Class<?>> fields = new LinkedHashMap<>();
    flatten(TypeInformation.of(SliceWatchState.class), "", fields);
    assertThat(fields).containsEntry("slices[].answers.baseCount", double.class)
        .containsEntry("slices[].answers.offSince", long.class)
        .containsEntry("slices[].texts.bad", double.class)
        .containsEntry("slices[].recentNpsLost", double.class)
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
