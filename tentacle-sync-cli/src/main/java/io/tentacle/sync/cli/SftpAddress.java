package io.tentacle.sync.cli;

import io.tentacle.sync.Remote;

/**
 * An SSH drop in {@code sync_address}: {@code sftp://[user@]host[:port][/path]}, IPv6 hosts in
 * brackets. The defaults are what agents with {@code transfer_mode ssh} use: user {@code pandora},
 * port 22, {@code /var/spool/pandora/data_in}.
 */
record SftpAddress(String user, Remote remote, String path) {
    static final String SCHEME = "sftp://";
    static final String DEFAULT_USER = "pandora";
    static final int DEFAULT_PORT = 22;
    static final String DEFAULT_PATH = "/var/spool/pandora/data_in";

    static boolean isSftp(String spec) {
        return spec.strip().regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /** @throws IllegalArgumentException naming what is wrong */
    static SftpAddress parse(String spec) {
        String s = spec.strip();
        String rest = s.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? DEFAULT_PATH : rest.substring(slash);
        String user = DEFAULT_USER;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            user = authority.substring(0, at);
            authority = authority.substring(at + 1);
            if (user.isEmpty() || !user.matches("[A-Za-z0-9._][A-Za-z0-9._-]*")) {
                throw new IllegalArgumentException("'" + s + "' has a bad user name '" + user + "'");
            }
        }
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("'" + s + "' names no host (sftp://[user@]host[:port][/path])");
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("'" + s + "' has a control character in its path");
        }
        return new SftpAddress(user, Remote.parse(authority, DEFAULT_PORT), path);
    }

    /** As the operator reads it, always with user, port and path. */
    String label() {
        return SCHEME + user + "@" + remote.label() + path;
    }
}
