package io.tentacle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's layout table says what lives where and what depends on what: it must match the build. */
class ReadmeLayoutTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    private static final Pattern OUR_ARTIFACT = Pattern.compile("<artifactId>(tentacle-[^<]+)</artifactId>");
    private static final Pattern NAMED_MODULE = Pattern.compile("`(tentacle-[a-z-]+)`");

    @Test
    void everyModuleHasARowNamingEachOfItsPackages() throws IOException {
        for (String module : modules()) {
            String row = row(module);
            for (String pkg : packages(module)) {
                assertThat(row)
                        .as("the README's row of %s names its package %s", module, pkg)
                        .satisfiesAnyOf(
                                r -> assertThat(r).contains("`" + pkg + "`"),
                                r -> assertThat(r).contains("`." + pkg.substring(pkg.lastIndexOf('.') + 1) + "`"));
            }
        }
    }

    @Test
    void everyPackageSaysWhatItIsFor() throws IOException {
        for (String module : modules()) {
            for (String pkg : packages(module)) {
                Path dir = sources(module).resolve(pkg.replace('.', '/'));
                assertThat(dir.resolve("package-info.java"))
                        .as("package-info of %s in %s", pkg, module)
                        .isRegularFile();
            }
        }
    }

    @Test
    void theDependsOnColumnNamesExactlyTheModulesOfOursItsPomUses() throws IOException {
        for (String module : modules()) {
            String row = row(module);
            String dependsOn = row.substring(row.lastIndexOf("| ", row.length() - 2));
            assertThat(named(dependsOn))
                    .as("modules of ours that %s depends on, by the README", module)
                    .isEqualTo(dependencies(module));
        }
    }

    private static List<String> modules() throws IOException {
        List<String> modules = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")))
                .results()
                .map(m -> m.group(1))
                .toList();
        assertThat(modules).contains("tentacle-core", "tentacle-sync");
        return modules;
    }

    private static String row(String module) throws IOException {
        return Files.readAllLines(ROOT.resolve("README.md")).stream()
                .filter(line -> line.startsWith("| `" + module + "` |"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the README's layout table has no row for " + module));
    }

    private static Path sources(String module) {
        return ROOT.resolve(module).resolve("src/main/java");
    }

    private static Set<String> packages(String module) throws IOException {
        Path sources = sources(module);
        Set<String> packages = new TreeSet<>();
        if (!Files.isDirectory(sources)) {
            return packages;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")
                            && !f.getFileName().toString().equals("package-info.java"))
                    .forEach(f -> packages.add(
                            sources.relativize(f.getParent()).toString().replace('/', '.')));
        }
        return packages;
    }

    private static Set<String> dependencies(String module) throws IOException {
        Set<String> ours = new TreeSet<>();
        Matcher dependency =
                DEPENDENCY.matcher(Files.readString(ROOT.resolve(module).resolve("pom.xml")));
        while (dependency.find()) {
            String declaration = dependency.group(1);
            Matcher artifact = OUR_ARTIFACT.matcher(declaration);
            if (artifact.find() && !declaration.contains("<scope>test</scope>")) {
                ours.add(artifact.group(1));
            }
        }
        return ours;
    }

    private static Set<String> named(String cell) {
        Set<String> names = new TreeSet<>();
        NAMED_MODULE.matcher(cell).results().forEach(m -> names.add(m.group(1)));
        return names;
    }
}
