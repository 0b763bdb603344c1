package io.tentacle.sshftp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;

/** The server's SSH host key: loaded, or made once (ECDSA P-256, OpenSSH format, mode 0600) when missing. */
final class HostKey {
    private HostKey() {}

    /** Creates the key file when it does not exist; returns whether it did. */
    static boolean createIfMissing(Path file) throws IOException {
        if (Files.exists(file)) {
            return false;
        }
        KeyPair pair;
        try {
            pair = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate a host key: " + e.getMessage(), e);
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
            return false;
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "tentacle-server host key", null, out);
        } catch (IOException | GeneralSecurityException e) {
            Files.deleteIfExists(file);
            throw new IOException("cannot write the host key " + file + ": " + e.getMessage(), e);
        }
        return true;
    }

    /** Loads the key pair; an unreadable or foreign file is an IOException naming it. */
    static KeyPair load(Path file) throws IOException {
        try {
            FileKeyPairProvider provider = new FileKeyPairProvider(file);
            List<KeyPair> keys = new java.util.ArrayList<>();
            provider.loadKeys(null).forEach(keys::add);
            if (keys.isEmpty()) {
                throw new IOException("no private key in " + file);
            }
            return keys.get(0);
        } catch (RuntimeException e) {
            throw new IOException(
                    "cannot read the host key " + file + " (an OpenSSH or PEM private key without passphrase): "
                            + e.getMessage(),
                    e);
        }
    }

    /** As {@code ssh-keygen -l} prints it: {@code SHA256:...}. */
    static String fingerprint(KeyPair pair) {
        return KeyUtils.getFingerPrint(pair.getPublic());
    }
}
