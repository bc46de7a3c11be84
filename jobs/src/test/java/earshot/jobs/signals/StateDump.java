package earshot.jobs.signals;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every value of a keyed-state object as {@code path=value} lines, read by reflection the way Flink's
 * POJO serializer sees it (public fields, not static or transient): map entries under {@code path{key}}
 * in key order, list and array elements under {@code path[i]} (an array of primitives on one line), Avro
 * records as their JSON. Two objects
 * hold the same state when their lines are equal; a newer class may add lines, never change one.
 */
final class StateDump {

  private StateDump() {}

  static List<String> of(Object state) {
    List<String> lines = new ArrayList<>();
    dump(state, "", lines, 0);
    return lines;
  }

  private static void dump(Object value, String path, List<String> out, int depth) {
    if (depth > 32) {
      throw new IllegalStateException("state nested deeper than 32 at " + path);
    }
    if (value == null || value instanceof Number || value instanceof Boolean || value instanceof CharSequence
        || value instanceof Character || value instanceof Enum<?> || value instanceof SpecificRecord) {
      out.add(path + "=" + value);
    } else if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      out.add(path + ".size=" + map.size());
      sorted.forEach((k, v) -> dump(v, path + "{" + k + "}", out, depth + 1));
    } else if (value instanceof Collection<?> collection) {
      out.add(path + ".size=" + collection.size());
      int i = 0;
      for (Object element : collection) {
        dump(element, path + "[" + i++ + "]", out, depth + 1);
      }
    } else if (value.getClass().isArray() && value.getClass().getComponentType().isPrimitive()) {
      out.add(path + "=" + primitives(value));
    } else if (value.getClass().isArray()) {
      int length = Array.getLength(value);
      out.add(path + ".length=" + length);
      for (int i = 0; i < length; i++) {
        dump(Array.get(value, i), path + "[" + i + "]", out, depth + 1);
      }
    } else {
      for (Field field : fields(value.getClass())) {
        try {
          dump(field.get(value), path.isEmpty() ? field.getName() : path + "." + field.getName(), out, depth + 1);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** A primitive array on one line, each element as its wrapper prints it. */
  private static String primitives(Object array) {
    StringBuilder line = new StringBuilder("[");
    for (int i = 0; i < Array.getLength(array); i++) {
      line.append(i == 0 ? "" : ", ").append(Array.get(array, i));
    }
    return line.append(']').toString();
  }

  private static List<Field> fields(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isPublic(modifiers) && !Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers)) {
          fields.add(field);
        }
      }
    }
    fields.sort(java.util.Comparator.comparing(Field::getName));
    return fields;
  }
}
