package io.tentacle.internal.storage;

import io.tentacle.storage.NameRules;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;

/**
 * File names are bytes. Agents send them as bytes (Windows agents in ISO-8859-1, Unix agents in
 * UTF-8) and the reference server stores and serves them unchanged; so does this library. Inside it a
 * name is a <em>wire name</em>: a {@code String} holding one char per byte (the bytes decoded as
 * ISO-8859-1), which loses nothing and lets the name rules look at bytes. This class turns wire names
 * into file-system paths and back, byte for byte.
 *
 * <p>The JVM turns a {@code String} path into bytes in the platform encoding ({@code sun.jnu.encoding}:
 * UTF-8 under a UTF-8 locale, ASCII under {@code LANG=C}; it cannot be set with {@code -D}), in which
 * a lone byte 0xE9 cannot be written. When {@code java.base/sun.nio.fs} is open to this code
 * ({@code --add-opens java.base/sun.nio.fs=ALL-UNNAMED}, or the {@code Add-Opens} attribute of our
 * jars' manifests, which {@code java -jar} honours), paths are made from, and read as, their raw bytes.
 * Without it, names whose bytes are valid in the platform encoding work as well, and any other name is
 * refused with an {@link UnstorableNameException} that names the fix.
 */
public final class FileNames {
    private static final FileNames PLATFORM = forPlatform();

    private final FileSystem fileSystem;
    private final Constructor<?> fromBytes;
    private final Method toBytes;
    private final Charset platform;
    private final String noRawBytes;

    private FileNames(
            FileSystem fileSystem, Constructor<?> fromBytes, Method toBytes, Charset platform, String noRawBytes) {
        this.fileSystem = fileSystem;
        this.fromBytes = fromBytes;
        this.toBytes = toBytes;
        this.platform = platform;
        this.noRawBytes = noRawBytes;
    }

    private static FileNames forPlatform() {
        FileSystem fs = FileSystems.getDefault();
        Charset platform = platformEncoding();
        try {
            Class<?> unixPath = Class.forName("sun.nio.fs.UnixPath");
            if (!unixPath.isInstance(fs.getPath("x"))) {
                return withoutRawBytes(platform, "the file system is not a Unix one");
            }
            Constructor<?> fromBytes =
                    unixPath.getDeclaredConstructor(Class.forName("sun.nio.fs.UnixFileSystem"), byte[].class);
            Method toBytes = unixPath.getDeclaredMethod("asByteArray");
            fromBytes.setAccessible(true);
            toBytes.setAccessible(true);
            return new FileNames(fs, fromBytes, toBytes, platform, null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // InaccessibleObjectException when the package is not opened: the common case to explain.
            return withoutRawBytes(platform, "java.base/sun.nio.fs is not opened to tentacle");
        }
    }

    /** Paths made by the JVM from {@code String}s only, as when the package is not open; for tests. */
    static FileNames withoutRawBytes(Charset platform, String why) {
        return new FileNames(FileSystems.getDefault(), null, null, platform, why);
    }

    private static Charset platformEncoding() {
        try {
            return Charset.forName(System.getProperty(
                    "sun.jnu.encoding", Charset.defaultCharset().name()));
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    /** True when any byte can be stored and listed; false when only names valid in the platform encoding can. */
    public static boolean rawBytes() {
        return PLATFORM.fromBytes != null;
    }

    /**
     * The relative path of one file name, whose bytes are exactly the wire name's. The name is one
     * segment: no {@code /}, no NUL (checked by callers; see {@link NameRules}).
     */
    public static Path path(String wireName) throws UnstorableNameException {
        return PLATFORM.toPath(wireName);
    }

    /** The wire name of a path's last segment, from its bytes as they are on disk. */
    public static String nameOf(Path path) throws UnstorableNameException {
        return PLATFORM.toName(path.getFileName());
    }

    /** The wire name of a text as UTF-8 bytes, as a Unix agent writes it: for names typed by people and tests. */
    public static String fromText(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The bytes of a wire name. */
    public static byte[] bytes(String wireName) {
        return wireName.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** True when every char of {@code name} is one byte, as in every name read from the wire or the disk. */
    public static boolean isWireName(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /**
     * A wire name for people: the text, when its bytes are UTF-8; otherwise each byte past ASCII as
     * {@code \xNN} ({@code Caf\xe9.12345.data}), which says exactly which bytes the name has.
     */
    public static String display(String wireName) {
        if (isAscii(wireName)) {
            return wireName;
        }
        String utf8 = strictDecode(bytes(wireName), StandardCharsets.UTF_8);
        if (utf8 != null) {
            return utf8;
        }
        StringBuilder out = new StringBuilder(wireName.length() + 16);
        for (int i = 0; i < wireName.length(); i++) {
            char c = wireName.charAt(i);
            if (c < 0x80) {
                out.append(c);
            } else {
                out.append(String.format("\\x%02x", (int) c));
            }
        }
        return out.toString();
    }

    Path toPath(String wireName) throws UnstorableNameException {
        if (isAscii(wireName)) {
            return fileSystem.getPath(wireName); // Every platform encoding is ASCII at heart.
        }
        if (!isWireName(wireName)) {
            throw new IllegalArgumentException("not a wire name (a char past 0xFF): " + wireName);
        }
        byte[] bytes = bytes(wireName);
        if (fromBytes != null) {
            try {
                return (Path) fromBytes.newInstance(fileSystem, bytes);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("sun.nio.fs.UnixPath could not be made from bytes", e);
            }
        }
        String text = strictDecode(bytes, platform);
        if (text == null) {
            throw new UnstorableNameException(display(wireName), whyNot());
        }
        return fileSystem.getPath(text);
    }

    String toName(Path fileName) throws UnstorableNameException {
        if (toBytes != null && toBytes.getDeclaringClass().isInstance(fileName)) {
            try {
                return new String((byte[]) toBytes.invoke(fileName), StandardCharsets.ISO_8859_1);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the bytes of a sun.nio.fs.UnixPath could not be read", e);
            }
        }
        String text = fileName.toString();
        if (text.indexOf('\uFFFD') >= 0) {
            // The JVM decoded bytes invalid in the platform encoding as U+FFFD: the real name is lost.
            throw new UnstorableNameException(text, whyNot());
        }
        return new String(text.getBytes(platform), StandardCharsets.ISO_8859_1);
    }

    private String whyNot() {
        return "its bytes are not valid " + platform.name() + ", the JVM's encoding of file names, and any other bytes"
                + " need java.base/sun.nio.fs opened" + (noRawBytes == null ? "" : " (" + noRawBytes + ")")
                + ": run java with --add-opens java.base/sun.nio.fs=ALL-UNNAMED"
                + " (the tentacle jars' manifests and launchers do)";
    }

    private static boolean isAscii(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The text of {@code bytes} in {@code charset}, or null when they are not valid in it. */
    public static String strictDecode(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
