package io.tentacle.sync;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code status.json} beside the state files, for a monitoring agent: when the last pass ran and, per
 * remote, whether it succeeded and when it last did. Replaced atomically after every pass.
 */
final class StatusFile {
    private StatusFile() {}

    static void write(Path file, PassReport report) throws IOException {
        StringBuilder s = new StringBuilder("{\n  \"lastPass\": ")
                .append(Json.quote(report.started()))
                .append(",\n  \"ok\": ")
                .append(report.ok())
                .append(",\n  \"remotes\": [");
        for (int i = 0; i < report.remotes().size(); i++) {
            RemoteReport r = report.remotes().get(i);
            s.append(i == 0 ? "\n    " : ",\n    ")
                    .append("{\"remote\": ")
                    .append(Json.quote(r.remote().label()))
                    .append(", \"ok\": ")
                    .append(r.ok())
                    .append(", \"lastAttempt\": ")
                    .append(Json.quote(report.started()))
                    .append(", \"lastSuccess\": ")
                    .append(Json.quote(r.lastSuccess()))
                    .append(", \"pulledFiles\": ")
                    .append(r.pulledFiles())
                    .append(", \"leftFiles\": ")
                    .append(r.leftFiles())
                    .append(", \"declinedFiles\": ")
                    .append(r.declinedFiles())
                    .append(", \"declined\": ")
                    .append(Json.array(r.declined()))
                    .append(", \"error\": ")
                    .append(
                            r.errors().isEmpty()
                                    ? "null"
                                    : Json.quote(r.errors().get(r.errors().size() - 1)))
                    .append('}');
        }
        s.append("\n  ]\n}\n");
        StateLines.writeAtomically(file, s.toString());
    }
}
