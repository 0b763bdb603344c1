package io.tentacle.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A small tmpfs over a directory, to fill a disk on purpose. Mounting needs root; tests skip otherwise. */
public final class Tmpfs {
    private Tmpfs() {}

    /** Mounts a tmpfs of {@code size} (as mount's {@code size=} option: "2m") on {@code dir}, or skips the test. */
    public static void mountOrSkip(Path dir, String size) throws InterruptedException {
        int status;
        try {
            Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
                    .redirectErrorStream(true)
                    .start();
            mount.getInputStream().transferTo(new ByteArrayOutputStream());
            status = mount.waitFor();
        } catch (IOException noMountCommand) {
            status = -1;
        }
        assumeTrue(status == 0, "cannot mount a tmpfs here (needs root)");
    }

    /** Detaches the tmpfs from {@code dir}; its files go with it. */
    public static void unmount(Path dir) throws IOException, InterruptedException {
        new ProcessBuilder("umount", "-l", dir.toString())
                .redirectErrorStream(true)
                .start()
                .waitFor(30, TimeUnit.SECONDS);
    }
}
