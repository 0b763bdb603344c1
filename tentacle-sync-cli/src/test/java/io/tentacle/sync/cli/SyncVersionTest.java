package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** --version says what the build made, as tentacle-server does: one mechanism, io.tentacle.BuildVersion. */
class SyncVersionTest {
    @Test
    void versionIsTheBuildsOwn() {
        String built = System.getProperty("tentacle.build.version");
        assertThat(built).as("set by the build (surefire)").isNotBlank();
        Cli cli = Cli.run("--version");
        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out().strip()).isEqualTo("tentacle-sync " + built);
    }
}
