package io.tentacle.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Routes file names to subdirectories: {@code regex:dir;regex:dir}, the first regex found anywhere in
 * the name wins, as in the reference server.
 */
public final class Filters {
    private static final Filters NONE = new Filters(List.of());

    /** One {@code regex:dir} pair. */
    public record Rule(Pattern regex, String directory) {
        @Override
        public String toString() {
            return regex.pattern() + ":" + directory;
        }
    }

    private final List<Rule> rules;

    private Filters(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static Filters none() {
        return NONE;
    }

    /** Parses the reference's syntax; throws {@link IllegalArgumentException} naming the bad part. */
    public static Filters parse(String spec) {
        List<Rule> rules = new ArrayList<>();
        for (String part : spec.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int colon = part.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("filter '" + part + "' has no ':' between regex and directory");
            }
            String regex = part.substring(0, colon);
            String directory = stripTrailingSlashes(part.substring(colon + 1));
            checkDirectory(part, directory);
            try {
                rules.add(new Rule(Pattern.compile(regex), directory));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("filter '" + part + "' has a bad regex: " + e.getDescription());
            }
        }
        return new Filters(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The subdirectory for a name, or the empty string for the storage root. */
    public String directoryFor(String name) {
        for (Rule rule : rules) {
            if (rule.regex().matcher(name).find()) {
                return rule.directory();
            }
        }
        return "";
    }

    @Override
    public String toString() {
        return String.join(";", rules.stream().map(Rule::toString).toList());
    }

    private static String stripTrailingSlashes(String directory) {
        String d = directory;
        while (d.endsWith("/")) {
            d = d.substring(0, d.length() - 1);
        }
        return d;
    }

    private static void checkDirectory(String part, String directory) {
        if (directory.isEmpty()) {
            throw new IllegalArgumentException("filter '" + part + "' has no directory");
        }
        if (directory.startsWith("/")) {
            throw new IllegalArgumentException("filter '" + part + "' names an absolute directory");
        }
        for (String segment : directory.split("/")) {
            if (segment.equals("..") || segment.equals(".") || segment.isEmpty()) {
                throw new IllegalArgumentException("filter '" + part + "' leaves the storage directory");
            }
        }
    }
}
