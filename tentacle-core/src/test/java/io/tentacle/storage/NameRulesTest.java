package io.tentacle.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameRulesTest {
    private final NameRules rules = NameRules.standard();

    @Test
    void everyCharacterTheReferenceForbidsIsRefused() {
        assertThat(NameRules.REFERENCE_INVALID_CHARS).isEqualTo("?[]/\\=+<>:;',*~");
        for (char c : NameRules.REFERENCE_INVALID_CHARS.toCharArray()) {
            assertThat(rules.whyInvalid("a" + c + "b.data")).as("'%s'", c).contains("the name contains '" + c + "'");
            assertThat(rules.isValid(c + "data")).as("'%s' first", c).isFalse();
            assertThat(rules.isValid("data" + c)).as("'%s' last", c).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent.data", "a b.data", "a..b", "a.", "-rf", "ñandú.data", "日本.data", "x", "a%20b", "a\"b", "a|b",
        "a$b", "a!b@c#d&e(f)g", "1234.md5", "file.conf"})
    void ordinaryNamesAreAccepted(String name) {
        assertThat(rules.whyInvalid(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", ".hidden", ".tentacle-0123456789abcdef.part", " a", "a ", "\ta", "a\t", "a\u2003"})
    void emptyHiddenAndPaddedNamesAreRefused(String name) {
        assertThat(rules.isValid(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\nb", "a\rb", "a\u001bb", "a\u007fb", "a\u0085b"})
    void controlCharactersAreRefused(String name) {
        assertThat(rules.whyInvalid(name)).contains("the name contains a control character");
    }

    @Test
    void bytesThatWereNotUtf8AreRefused() {
        assertThat(rules.whyInvalid("a\uFFFDb")).contains("the name is not valid UTF-8");
    }

    @Test
    void namesAreLimitedTo255BytesOfUtf8() {
        assertThat(rules.isValid("n".repeat(255))).isTrue();
        assertThat(rules.isValid("n".repeat(256))).isFalse();
        assertThat(rules.isValid("ñ".repeat(127))).isTrue();
        assertThat(rules.isValid("ñ".repeat(128))).isFalse();
    }

    @Test
    void customCharacterSets() {
        NameRules lax = new NameRules("");
        assertThat(lax.isValid("a*b")).isTrue();
        assertThat(lax.isValid("..")).isFalse();
        assertThat(new NameRules("#").isValid("a#b")).isFalse();
    }
}
