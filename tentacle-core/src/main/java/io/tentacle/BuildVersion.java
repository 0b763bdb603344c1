package io.tentacle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version this code was built as, for {@code --version} and start lines. It comes from a
 * resource Maven fills in, so it is the same from a jar, a shaded jar or {@code target/classes}.
 */
public final class BuildVersion {
    private static final String VERSION = load();

    private BuildVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("io/tentacle/build.properties is missing: build with Maven");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
