package earshot.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: {@code --name value} options, {@code --flag} switches and positional
 * words. Anything not declared by the command is a usage error.
 */
final class Args {

  private final Map<String, List<String>> options = new LinkedHashMap<>();
  private final List<String> positionals = new ArrayList<>();

  private Args() {}

  /**
   * @param valued options that take a value (without the leading dashes)
   * @param flags options without a value
   */
  static Args parse(List<String> raw, Set<String> valued, Set<String> flags) {
    Args args = new Args();
    for (int i = 0; i < raw.size(); i++) {
      String word = raw.get(i);
      if (word.startsWith("--")) {
        String name = word.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (flags.contains(name) && value == null) {
          args.options.computeIfAbsent(name, n -> new ArrayList<>()).add("true");
        } else if (valued.contains(name)) {
          if (value == null) {
            if (i + 1 >= raw.size() || raw.get(i + 1).startsWith("--")) {
              throw new UsageException("--" + name + " needs a value");
            }
            value = raw.get(++i);
          }
          args.options.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        } else {
          throw new UsageException("unknown option --" + name);
        }
      } else {
        args.positionals.add(word);
      }
    }
    return args;
  }

  boolean has(String name) {
    return options.containsKey(name);
  }

  String get(String name, String fallback) {
    List<String> values = options.get(name);
    return values == null ? fallback : values.get(values.size() - 1);
  }

  /** An option that is {@code on} or {@code off}, {@code fallback} when absent; anything else is a usage error. */
  boolean onOff(String name, boolean fallback) {
    String value = get(name, fallback ? "on" : "off");
    if (!value.equals("on") && !value.equals("off")) {
      throw new UsageException("--" + name + " must be on or off, got '" + value + "'");
    }
    return value.equals("on");
  }

  String required(String name) {
    String value = get(name, null);
    if (value == null) {
      throw new UsageException("--" + name + " is required");
    }
    return value;
  }

  List<String> all(String name) {
    return options.getOrDefault(name, List.of());
  }

  Path path(String name) {
    String value = get(name, null);
    return value == null ? null : Path.of(value);
  }

  int integer(String name, int fallback, int min, int max) {
    String value = get(name, null);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }
  }

  double number(String name, double fallback, double min, double max) {
    String value = get(name, null);
    if (value == null) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (!(parsed >= min && parsed <= max)) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a number from " + min + " to " + max + ", got '" + value + "'");
    }
  }

  long longValue(String name, long fallback) {
    String value = get(name, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a whole number, got '" + value + "'");
    }
  }

  List<String> positionals() {
    return positionals;
  }

  /** The single positional word expected, one of {@code choices}. */
  String choice(String what, Set<String> choices) {
    if (positionals.size() != 1 || !choices.contains(positionals.get(0))) {
      throw new UsageException("expected one " + what + ": " + String.join("|", new java.util.TreeSet<>(choices)));
    }
    return positionals.get(0);
  }

  void noPositionals() {
    if (!positionals.isEmpty()) {
      throw new UsageException("unexpected argument '" + positionals.get(0) + "'");
    }
  }
}
