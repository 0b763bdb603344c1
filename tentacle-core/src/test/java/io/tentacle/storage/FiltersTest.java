package io.tentacle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FiltersTest {
    private final Filters pandora = Filters.parse(".*\\.conf:conf;.*\\.md5:md5;.*\\.zip:collections");

    @Test
    void theFirstRegexFoundAnywhereInTheNameWins() {
        assertThat(pandora.directoryFor("agent.conf")).isEqualTo("conf");
        assertThat(pandora.directoryFor("agent.md5")).isEqualTo("md5");
        assertThat(pandora.directoryFor("c1.zip")).isEqualTo("collections");
        assertThat(pandora.directoryFor("agent.data")).isEmpty();
        // find(), not matches(): the regex need not cover the whole name.
        assertThat(pandora.directoryFor("agent.conf.data")).isEqualTo("conf");
        assertThat(pandora.directoryFor("a.md5.conf")).isEqualTo("conf");
        assertThat(Filters.parse("conf:c1;\\.conf$:c2").directoryFor("x.conf")).isEqualTo("c1");
        assertThat(Filters.parse("^a:first;b:second").directoryFor("ba")).isEqualTo("second");
    }

    @Test
    void noFiltersRouteEverythingToTheRoot() {
        assertThat(Filters.none().isEmpty()).isTrue();
        assertThat(Filters.none().directoryFor("a.conf")).isEmpty();
        assertThat(Filters.parse("").isEmpty()).isTrue();
        assertThat(Filters.parse(" ; ;").isEmpty()).isTrue();
    }

    @Test
    void specsAreCleanedAndPrintedBack() {
        Filters filters = Filters.parse(";x:a/b/;;y:c//");
        assertThat(filters.rules()).hasSize(2);
        assertThat(filters.directoryFor("x")).isEqualTo("a/b");
        assertThat(filters.directoryFor("y")).isEqualTo("c");
        assertThat(filters).hasToString("x:a/b;y:c");
        assertThat(pandora).hasToString(".*\\.conf:conf;.*\\.md5:md5;.*\\.zip:collections");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "conf|has no ':'",
                "x:|has no directory",
                "x:/|has no directory",
                "x:/etc|names an absolute directory",
                "x:..|leaves the storage directory",
                "x:a/../..|leaves the storage directory",
                "x:./a|leaves the storage directory",
                "x:a//b|leaves the storage directory",
                "(x:a|has a bad regex",
                "x:a;*:b|has a bad regex"
            })
    void badSpecsAreRefusedNamingTheBadPart(String spec, String message) {
        assertThatThrownBy(() -> Filters.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
