package io.tentacle.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.TestFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test support's temp-file rule (it cannot see core) is the spool's own. */
class TempNameRuleTest {
    @TempDir
    Path dir;

    @Test
    void aTempFileOfTheSpoolIsOneForTheLeakChecks() throws Exception {
        String name = SpoolFiles.createTemp(dir).getFileName().toString();

        assertThat(SpoolFiles.isTempName(name)).isTrue();
        assertThat(TestFiles.isTempName(name)).isTrue();
        assertThat(TestFiles.tempFiles(dir))
                .extracting(p -> p.getFileName().toString())
                .containsExactly(name);
    }

    @Test
    void aVisibleFileIsNotATempFileForEither() {
        for (String name : new String[] {"agent.data", ".tentacle-agent.data", "agent.part", ".hidden.part"}) {
            assertThat(TestFiles.isTempName(name))
                    .as(name)
                    .isEqualTo(SpoolFiles.isTempName(name))
                    .isFalse();
        }
    }
}
