package io.tentacle.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What {@code PASS} carries: the hex MD5 of the raw MD5 of the password, as the reference computes it. */
public final class PasswordDigest {
    private PasswordDigest() {}

    public static String of(String password) {
        byte[] once = md5(password.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md5(once));
    }

    /** Compares in constant time, so the reply time does not leak how much of a guess was right. */
    public static boolean matches(String password, String digest) {
        return MessageDigest.isEqual(
                of(password).getBytes(StandardCharsets.US_ASCII), digest.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] md5(byte[] input) {
        try {
            return MessageDigest.getInstance("MD5").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
