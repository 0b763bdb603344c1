package io.tentacle.server.cli;

import io.tentacle.server.TentacleServer;
import io.tentacle.sshftp.FtpEndpoint;
import io.tentacle.sshftp.SpoolEndpoint;
import io.tentacle.sshftp.SshEndpoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/** Starts the SFTP/SCP and FTP endpoints on a running Tentacle server's storage and session places. */
final class EndpointStarter implements AutoCloseable {
    private final SshEndpoint ssh;
    private final FtpEndpoint ftp;

    private EndpointStarter(SshEndpoint ssh, FtpEndpoint ftp) {
        this.ssh = ssh;
        this.ftp = ftp;
    }

    static EndpointStarter start(TentacleServer server, SshFtpResolver.Plan plan, Logger log) throws IOException {
        if (plan.ssh() == null && plan.ftp() == null) {
            return new EndpointStarter(null, null);
        }
        SpoolEndpoint endpoint = new SpoolEndpoint(server.config(), server.spool(), server.sessionPlaces());
        SshEndpoint ssh = null;
        try {
            if (plan.ssh() != null) {
                ssh = SshEndpoint.start(endpoint, plan.ssh());
                log.info("SFTP and SCP uploads on port " + ssh.port() + " for user "
                        + plan.ssh().user() + ", host key " + plan.ssh().hostKey() + " (" + ssh.fingerprint() + ")");
            }
            FtpEndpoint ftp = null;
            if (plan.ftp() != null) {
                ftp = FtpEndpoint.start(endpoint, plan.ftp());
                log.info("FTP uploads on port " + ftp.port() + " for user "
                        + plan.ftp().user()
                        + (plan.ftp().tls() == null ? ", without TLS" : ", explicit TLS (AUTH TLS)"));
            }
            return new EndpointStarter(ssh, ftp);
        } catch (IOException | RuntimeException e) {
            if (ssh != null) {
                ssh.close();
            }
            throw e;
        }
    }

    /** The planned endpoints in words, for --check-config. */
    static List<String> describe(SshFtpResolver.Plan plan) {
        List<String> lines = new ArrayList<>();
        if (plan.ssh() != null) {
            lines.add("sftp: port " + plan.ssh().port() + ", user " + plan.ssh().user() + ", host key "
                    + plan.ssh().hostKey() + ", authorized keys " + plan.ssh().authorizedKeys());
        }
        if (plan.ftp() != null) {
            lines.add("ftp: port " + plan.ftp().port() + ", user " + plan.ftp().user()
                    + (plan.ftp().passivePorts() == null
                            ? ""
                            : ", passive ports " + plan.ftp().passivePorts())
                    + (plan.ftp().tls() == null ? "" : ", explicit TLS"));
        }
        return lines;
    }

    @Override
    public void close() {
        if (ftp != null) {
            ftp.close();
        }
        if (ssh != null) {
            ssh.close();
        }
    }
}
