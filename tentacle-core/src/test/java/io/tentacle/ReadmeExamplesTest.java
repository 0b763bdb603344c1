package io.tentacle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A newcomer copies the README's embedding examples: they compile as printed, against the built classes. */
class ReadmeExamplesTest {
    private static final Path README = Path.of("").toAbsolutePath().getParent().resolve("README.md");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PUBLIC_CLASS = Pattern.compile("public (?:final )?class (\\w+)");

    @TempDir
    Path classes;

    @Test
    void everyJavaBlockCompilesAsPrinted() throws IOException {
        List<JavaFileObject> units = new ArrayList<>();
        Matcher block = JAVA_BLOCK.matcher(Files.readString(README));
        while (block.find()) {
            String source = block.group(1);
            Matcher name = PUBLIC_CLASS.matcher(source);
            assertThat(name.find())
                    .as("a complete class, imports included:%n%s", source)
                    .isTrue();
            units.add(new Source(name.group(1), source));
        }
        assertThat(units).as("java blocks in " + README).hasSizeGreaterThanOrEqualTo(3);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = compiler.getTask(
                        diagnostics,
                        null,
                        null,
                        List.of(
                                "-classpath",
                                System.getProperty("java.class.path"),
                                "-d",
                                classes.toString(),
                                "-Xlint:all",
                                "-Werror"),
                        null,
                        units)
                .call();
        assertThat(compiled).as("README examples:%n%s", diagnostics).isTrue();
    }

    @Test
    void theDependencyBlockNamesTheVersionThisBuildInstalls() throws IOException {
        assertThat(Files.readString(README))
                .contains("<artifactId>tentacle-core</artifactId>\n  <version>" + BuildVersion.get() + "</version>");
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String className, String code) {
            super(URI.create("string:///" + className + Kind.SOURCE.extension), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
