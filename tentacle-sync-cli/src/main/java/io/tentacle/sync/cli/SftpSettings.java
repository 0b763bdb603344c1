package io.tentacle.sync.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The SSH drops of {@code sync_address} ({@code sftp://...}) with {@code sync_sftp_key},
 * {@code sync_sftp_known_hosts} and {@code sync_min_age}.
 */
record SftpSettings(
        List<SftpAddress> addresses,
        SyncSettings.FileSetting key,
        SyncSettings.FileSetting knownHosts,
        Duration minAge) {

    /** Reads the key and checks the known-hosts file: a mistake in either is a configuration error, not a failed pass. */
    List<SftpDrop> drops(Duration timeout) throws ConfigException {
        if (addresses.isEmpty()) {
            return List.of();
        }
        List<KeyPair> identities;
        try {
            identities = SftpDrop.loadIdentities(key.path());
        } catch (IOException e) {
            throw new ConfigException(key.where() + ": cannot read the private key '" + key.path() + "': "
                    + e.getMessage() + " (an OpenSSH or PEM key without a passphrase, readable by this user)");
        }
        if (!Files.isRegularFile(knownHosts.path()) || !Files.isReadable(knownHosts.path())) {
            throw new ConfigException(
                    knownHosts.where() + ": cannot read '" + knownHosts.path() + "'; create it with the"
                            + " drops' host keys (ssh-keyscan -p PORT HOST >> FILE, after checking the fingerprint)");
        }
        List<SftpDrop> drops = new ArrayList<>();
        for (SftpAddress address : addresses) {
            drops.add(new SftpDrop(address, identities, knownHosts.path(), timeout, minAge));
        }
        return drops;
    }
}
