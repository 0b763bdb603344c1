package io.tentacle.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FreeNamesTest {
    /** Pandora's data server (DataServer.pm): the names it reads, the captured part being the agent key. */
    private static final Pattern DATA_SERVER = Pattern.compile("^(.*)[\\._]\\d+\\.data$");

    @Test
    void aDataFileNameGetsItsNumberExtended() {
        assertThat(FreeNames.alternative("md5.1764600000.data", 1)).isEqualTo("md5.17646000001.data");
        assertThat(FreeNames.alternative("md5.1764600000.data", 12)).isEqualTo("md5.176460000012.data");
        assertThat(FreeNames.alternative("Agent_7.123.data", 1)).isEqualTo("Agent_7.1231.data");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0123456789abcdef0123456789abcdef.1764600000.data",
                "win agent.32767.data",
                "Caf\u00e9.0.data",
                "a.b.c_42.data",
                "x_1.2.data",
                "1.2.data"
            })
    void everyAlternativeOfADataFileIsReadWithTheSameAgentKey(String name) {
        String key = agentKey(name);
        assertThat(key).as(name).isNotNull();
        for (int n = 1; n <= 100; n++) {
            assertThat(agentKey(FreeNames.alternative(name, n)))
                    .as(name + " #" + n)
                    .isEqualTo(key);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"report.xml", "README", "agent.data", "agent.12.data_BADXML", "agent-.data", "a.b"})
    void anyOtherNameKeepsItsExtensionLastAndNeverBecomesOneTheDataServerReads(String name) {
        for (int n = 1; n <= 100; n++) {
            String alternative = FreeNames.alternative(name, n);
            assertThat(DATA_SERVER.matcher(alternative).matches())
                    .as(alternative)
                    .isFalse();
            int dot = name.lastIndexOf('.');
            if (dot > 0) {
                assertThat(alternative).endsWith(name.substring(dot));
            }
        }
        assertThat(FreeNames.alternative("report.xml", 3)).isEqualTo("report-3.xml");
        assertThat(FreeNames.alternative("README", 1)).isEqualTo("README-1");
    }

    @Test
    void storeTakesTheNameOrTheFirstFreeAlternative() throws Exception {
        Set<String> taken = Set.of("a.5.data", "a.51.data", "a.52.data");
        List<String> tried = new ArrayList<>();
        String stored = FreeNames.store("a.5.data", candidate -> {
            tried.add(candidate);
            return !taken.contains(candidate);
        });
        assertThat(stored).isEqualTo("a.53.data");
        assertThat(tried).containsExactly("a.5.data", "a.51.data", "a.52.data", "a.53.data");
        assertThat(FreeNames.store("b.1.data", candidate -> true)).isEqualTo("b.1.data");
    }

    @Test
    void storeGivesUpWithAReasonWhenNoNameIsFree() {
        assertThatThrownBy(() -> FreeNames.store("a.1.data", candidate -> false))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("alternatives are all taken");
        String longest = "k".repeat(248) + ".1.data";
        assertThatThrownBy(() -> FreeNames.store(longest, candidate -> false))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("no free name fits in 255 bytes");
    }

    private static String agentKey(String name) {
        Matcher m = DATA_SERVER.matcher(name);
        return m.matches() ? m.group(1) : null;
    }
}
