package dev.airlock.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code --name value} options, {@code --flag} switches and positional arguments. */
final class Args {
  private final Map<String, String> options;
  private final List<String> positional;

  private Args(Map<String, String> options, List<String> positional) {
    this.options = options;
    this.positional = positional;
  }

  /** A missing or malformed argument: exit status 2. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  private static final java.util.Set<String> SWITCHES = java.util.Set.of("keep-state");

  static Args parse(String[] args) {
    Map<String, String> opts = new HashMap<>();
    List<String> pos = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--")) {
        String name = a.substring(2);
        int eq = name.indexOf('=');
        if (eq > 0) {
          opts.put(name.substring(0, eq), name.substring(eq + 1));
        } else if (SWITCHES.contains(name)) {
          opts.put(name, "true");
        } else {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--" + name + " needs a value");
          }
          opts.put(name, args[++i]);
        }
      } else {
        pos.add(a);
      }
    }
    return new Args(opts, pos);
  }

  Optional<String> opt(String name) {
    return Optional.ofNullable(options.get(name));
  }

  String required(String name) {
    String v = options.get(name);
    if (v == null || v.isBlank()) {
      throw new UsageException("--" + name + " is required");
    }
    return v;
  }

  int intOpt(String name, int dflt) {
    String v = options.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a number");
    }
  }

  boolean flag(String name) {
    return "true".equals(options.get(name));
  }

  List<String> positional() {
    return positional;
  }
}
