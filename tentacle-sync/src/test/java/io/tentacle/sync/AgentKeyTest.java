package io.tentacle.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.internal.storage.FileNames;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AgentKeyTest {
    /** The agent hashes its name's bytes as they are on the wire: ISO-8859-1 from Windows, UTF-8 from Unix. */
    @Test
    void theMd5IsOverTheNamesBytesOnTheWire() throws Exception {
        String windows = "Caf\u00e9"; // The wire name of the single byte 0xE9.
        assertThat(AgentKey.md5Hex(windows)).isEqualTo(md5(new byte[] {'C', 'a', 'f', (byte) 0xe9}));
        String unix = FileNames.fromText("Caf\u00e9"); // C3 A9.
        assertThat(AgentKey.md5Hex(unix)).isEqualTo(md5(new byte[] {'C', 'a', 'f', (byte) 0xc3, (byte) 0xa9}));
        assertThat(AgentKey.configurationKeys(
                        AgentKey.ofDataFile(windows + ".12345.data").orElseThrow()))
                .containsExactly(md5(new byte[] {'C', 'a', 'f', (byte) 0xe9}));
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
