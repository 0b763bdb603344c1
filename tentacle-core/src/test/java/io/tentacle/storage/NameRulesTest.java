package io.tentacle.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.internal.storage.FileNames;
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
    @ValueSource(
            strings = {
                "agent.data",
                "a b.data",
                "a..b",
                "a.",
                "-rf",
                "ñandú.data",
                "日本.data",
                "x",
                "a%20b",
                "a\"b",
                "a|b",
                "a$b",
                "a!b@c#d&e(f)g",
                "1234.md5",
                "file.conf"
            })
    void ordinaryNamesAreAccepted(String name) {
        assertThat(rules.whyInvalid(FileNames.fromText(name))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", ".", "..", ".hidden", ".tentacle-0123456789abcdef.part", " a", "a ", "\ta", "a\t", "a\u2003"
            })
    void emptyHiddenAndPaddedNamesAreRefused(String name) {
        assertThat(rules.isValid(FileNames.fromText(name))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\nb", "a\rb", "a\u001bb", "a\u007fb", "a\u0085b"})
    void controlCharactersAreRefused(String name) {
        assertThat(rules.whyInvalid(FileNames.fromText(name))).contains("the name contains a control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"invoice\u202Eatad.exe", "a\u200Bb", "a\u200Db", "\uFEFFa", "a\u2066b", "a\u00ADb"})
    void unicodeFormatCharactersAreRefused(String name) {
        assertThat(rules.whyInvalid(FileNames.fromText(name)).orElseThrow())
                .startsWith("the name contains a Unicode format character (U+");
        assertThat(new NameRules("").isValid(FileNames.fromText(name))).isFalse();
    }

    @Test
    void aFormatCharacterOutsideTheBasicPlaneIsNamed() {
        String tagSpace = new String(Character.toChars(0xE0020));
        assertThat(rules.whyInvalid(FileNames.fromText("a" + tagSpace + "b")))
                .contains("the name contains a Unicode format character (U+E0020)");
    }

    /** A Windows agent writes ISO-8859-1 (or windows-1252, where 0x80-0x9F print): the reference takes those bytes. */
    @ParameterizedTest
    @ValueSource(strings = {"Caf\u00e9.12345.data", "\u00c9t\u00e9.1.data", "a\u0085b", "\u0080.1.data", "\u00ff"})
    void bytesThatAreNotUtf8AreTakenAsTheyAre(String wireName) {
        assertThat(rules.whyInvalid(wireName)).isEmpty();
    }

    @Test
    void theRulesLookAtBytes() {
        assertThat(rules.whyInvalid("Caf\u00e9*.data")).contains("the name contains '*'");
        assertThat(rules.whyInvalid("Caf\u00e9\u0000.data")).contains("the name contains a control character");
        NameRules noAccents = new NameRules("\u00e9");
        assertThat(noAccents.whyInvalid(FileNames.fromText("Caf\u00e9"))).contains("the name contains '\u00e9'");
        assertThat(rules.whyInvalid("Caf\u20ac")).contains("the name is not bytes (a char past 0xFF)");
    }

    @Test
    void namesAreLimitedTo255BytesOfUtf8() {
        assertThat(rules.isValid("n".repeat(255))).isTrue();
        assertThat(rules.isValid("n".repeat(256))).isFalse();
        assertThat(rules.isValid(FileNames.fromText("ñ".repeat(127)))).isTrue();
        assertThat(rules.isValid(FileNames.fromText("ñ".repeat(128)))).isFalse();
        assertThat(rules.isValid("ñ".repeat(255))).isTrue(); // ISO-8859-1: one byte each.
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
