package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.MapTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;

/** The fields of a keyed-state class as Flink sees them, asserting that none falls back to Kryo. */
final class StateFields {

  private StateFields() {}

  /** Every field below {@code type}, by path; map keys are under {@code path{}}, map values and list elements under {@code path[]}. */
  static Map<String, Class<?>> of(Class<?> type) {
    Map<String, Class<?>> fields = new LinkedHashMap<>();
    flatten(TypeInformation.of(type), "", fields);
    return fields;
  }

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
}
