package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.internal.storage.FileNames;
import io.tentacle.testing.RawClient;
import io.tentacle.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names are bytes: a Windows agent's ISO-8859-1 name ({@code Caf\xe9}, not UTF-8) sent by Debian's Perl
 * {@code tentacle_client} is stored, listed and served byte for byte, as the reference server does.
 * The JVM cannot even spell such a name as a path, so the tests name it through {@code sh} and
 * {@code printf} and look at the directory through Python's byte-level {@code os.listdir}.
 */
class ByteNamesTest extends ServerTestSupport {
    /** {@code Café.12345.data} as a Windows agent writes it: é is the single byte 0xE9. */
    private static final String LATIN1 = "Caf\u00e9.12345.data";

    private static final String LATIN1_PRINTF = "Caf\\351.12345.data";

    @TempDir
    Path work;

    @BeforeEach
    void requirePeers() throws Exception {
        Tools.require("tentacle_client");
        Tools.require("python3");
        dir = Files.createDirectories(dir.resolve("spool"));
    }

    @Test
    void aLatin1NameIsStoredListedAndServedByteForByte() throws Exception {
        assertThat(FileNames.rawBytes())
                .as("surefire opens java.base/sun.nio.fs, as the jars' manifests do")
                .isTrue();
        start(b -> b.insecure(true));
        sh("printf 'windows data' > \"$(printf '" + LATIN1_PRINTF + "')\"");
        sh("tentacle_client -a 127.0.0.1 -p " + port() + " \"$(printf '" + LATIN1_PRINTF + "')\"");

        assertThat(bytesListing(dir)).containsExactly(hex(LATIN1));

        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("LS <>");
            String size = c.readLine();
            assertThat(size).startsWith("LS SIZE ");
            c.writeLine("LS OK");
            byte[] listing = c.readBytes(Integer.parseInt(size.substring("LS SIZE ".length())));
            assertThat(listing).isEqualTo((".\n..\n" + LATIN1 + "\n").getBytes(StandardCharsets.ISO_8859_1));
        }

        Path fetched = Files.createDirectories(work.resolve("fetched"));
        sh(fetched, "tentacle_client -a 127.0.0.1 -p " + port() + " -g \"$(printf '" + LATIN1_PRINTF + "')\"");
        assertThat(bytesListing(fetched)).containsExactly(hex(LATIN1));
        assertThat(sh(fetched, "cat \"$(printf '" + LATIN1_PRINTF + "')\"")).isEqualTo("windows data");
    }

    @Test
    void aUtf8NameStaysTheUtf8Name() throws Exception {
        start(b -> {});
        Files.writeString(work.resolve("Café.1.data"), "unix data"); // Java writes it as UTF-8: C3 A9.
        sh("tentacle_client -a 127.0.0.1 -p " + port() + " Café.1.data");
        assertThat(bytesListing(dir))
                .containsExactly(HexFormat.of().formatHex("Café.1.data".getBytes(StandardCharsets.UTF_8)));
        assertThat(dir.resolve("Café.1.data")).hasContent("unix data");
    }

    private String sh(String script) throws Exception {
        return sh(work, script);
    }

    private static String sh(Path in, String script) throws Exception {
        return Tools.run(in, "sh", "-c", script).assertSuccess().output();
    }

    /** The names in {@code directory} as hex of their bytes, read by Python's byte-level listing. */
    private static java.util.List<String> bytesListing(Path directory) throws Exception {
        String out = Tools.run(
                        directory,
                        "python3",
                        "-c",
                        "import os; print(' '.join(sorted(n.hex() for n in os.listdir(b'.'))))")
                .assertSuccess()
                .output()
                .trim();
        return out.isEmpty() ? java.util.List.of() : java.util.List.of(out.split(" "));
    }

    private static String hex(String wireName) {
        return HexFormat.of().formatHex(FileNames.bytes(wireName));
    }
}
