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

    @ParameterizedTest
    @ValueSource(strings = {"invoice\u202Eatad.exe", "a\u200Bb", "a\u200Db", "\uFEFFa", "a\u2066b", "a\u00ADb"})
    void unicodeFormatCharactersAreRefused(String name) {
        assertThat(rules.whyInvalid(name).orElseThrow()).startsWith("the name contains a Unicode format character (U+");
        assertThat(new NameRules("").isValid(name)).isFalse();
    }

    @Test
    void aFormatCharacterOutsideTheBasicPlaneIsNamed() {
        String tagSpace = new String(Character.toChars(0xE0020));
        assertThat(rules.whyInvalid("a" + tagSpace + "b")).contains("the name contains a Unicode format character (U+E0020)");
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

    /** An embedder's own character set cannot open a way out of the directory. */
    @ParameterizedTest
    @ValueSource(strings = {"", "#", "?*"})
    void slashNulAndDotDotAreRefusedWhateverTheCharacterSet(String invalidChars) {
        NameRules custom = new NameRules(invalidChars);
        assertThat(custom.whyInvalid("a/b")).contains("the name contains '/'");
        assertThat(custom.whyInvalid("../x")).isPresent();
        assertThat(custom.whyInvalid("x/../../y")).contains("the name contains '/'");
        assertThat(custom.whyInvalid("/etc/passwd")).contains("the name contains '/'");
        assertThat(custom.whyInvalid("a\u0000b")).contains("the name contains a control character");
        assertThat(custom.whyInvalid("..")).contains("the name is '..'");
        assertThat(custom.whyInvalid(".")).contains("the name is '.'");
        assertThat(custom.isValid("a..b")).isTrue();
    }

    @Test
    void customCharacterSets() {
        NameRules lax = new NameRules("");
        assertThat(lax.isValid("a*b")).isTrue();
        assertThat(lax.isValid("..")).isFalse();
        assertThat(new NameRules("#").isValid("a#b")).isFalse();
    }
}
