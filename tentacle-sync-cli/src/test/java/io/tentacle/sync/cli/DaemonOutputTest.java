package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.sync.PassReport;
import io.tentacle.sync.Remote;
import io.tentacle.sync.RemoteReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A daemon's output is a log: stamped lines, and a remote that stays down told twice, not every pass. */
class DaemonOutputTest {
    private static final Remote REMOTE = new Remote("10.0.0.1", 41121);

    private static PassReport pass(boolean up) {
        RemoteReport remote = RemoteReport.builder(REMOTE)
                .reachable(up)
                .errors(up ? List.of() : List.of("unreachable: cannot connect to 10.0.0.1:41121: Connection refused"))
                .build();
        return new PassReport(Instant.now(), Duration.ZERO, false, 0, List.of(remote));
    }

    @Test
    void aRemoteThatStaysDownIsToldWhenItGoesDownAndWhenItComesBack() {
        StringWriter out = new StringWriter();
        ConsoleReporter reporter = new ConsoleReporter(
                new PrintWriter(out),
                new PrintWriter(new StringWriter()),
                ConsoleReporter.Verbosity.NORMAL,
                false,
                false,
                true);

        for (int i = 0; i < 5; i++) {
            reporter.report(pass(false));
        }
        reporter.report(pass(true));
        reporter.report(pass(true));

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .matches(
                        "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d 10\\.0\\.0\\.1:41121: UNREACHABLE, .*Connection refused");
        assertThat(lines.get(1))
                .matches(
                        "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d 10\\.0\\.0\\.1:41121: back after 5 failed pass\\(es\\) since .*");
    }
}
