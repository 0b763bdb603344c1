package io.tentacle.bench;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Scenario 7, the batch codec's choice (issue 15): deflate ({@code java.util.zip}, levels 1 and 6)
 * against zstd ({@code zstd-jni}, levels 1 and 3) on realistic agent XML ({@link AgentXml}), each batch
 * of 1000 files (about 4 MB, the most files a batch holds) compressed as one stream, as a batch is.
 * Ratio, and CPU time of this thread per MB of XML to compress and to decompress (best of 5 passes
 * after 3 unmeasured ones), and what the compressed batch costs on a 2 Mbit/s link.
 */
final class CompressionScenario {
    private static final int FILES_PER_BATCH = 1000;
    private static final long SLOW_LINK_BITS = 2_000_000L;

    private CompressionScenario() {}

    private interface Codec {
        byte[] compress(byte[] in);

        void decompress(byte[] in, int size);
    }

    static void run(Run run) throws Exception {
        int batches = run.settings().quick() ? 2 : 5;
        AgentXml xml = new AgentXml(7);
        List<byte[]> inputs = new ArrayList<>();
        long raw = 0;
        for (int b = 0; b < batches; b++) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream(FILES_PER_BATCH * Settings.FILE_SIZE);
            for (int i = 0; i < FILES_PER_BATCH; i++) {
                batch.writeBytes(xml.file(b * FILES_PER_BATCH + i));
            }
            inputs.add(batch.toByteArray());
            raw += batch.size();
        }
        byte[] single = xml.file(999_999);
        String[] names = {"deflate 1", "deflate 6", "zstd 1", "zstd 3"};
        Codec[] codecs = {deflate(1), deflate(6), zstd(1), zstd(3)};
        for (int c = 0; c < codecs.length; c++) {
            long compressed = 0;
            for (byte[] in : inputs) {
                compressed += codecs[c].compress(in).length;
            }
            double oneFile = single.length / (double) codecs[c].compress(single).length;
            double[] cpu = cpuPerMb(codecs[c], inputs, raw);
            double ratio = raw / (double) compressed;
            double linkSecondsPerMb = 1e6 / ratio * 8 / SLOW_LINK_BITS;
            System.out.printf(
                    "    %s: ratio %.1f (one 4 KB file alone %.1f), compress %.2f ms CPU/MB, decompress %.2f ms CPU/MB,"
                            + " %.3f s per MB of XML on 2 Mbit/s%n",
                    names[c], ratio, oneFile, cpu[0], cpu[1], linkSecondsPerMb);
            run.results()
                    .add(new Results.Row(
                            "7 codec on agent XML, batches of 1000 files (" + raw / batches / 1000 + " KB)",
                            names[c] + ": ratio (4 KB alone); CPU ms/MB compress, decompress; 2 Mbit/s s/MB",
                            Results.num(ratio) + " (" + Results.num(oneFile) + "); " + Results.num(cpu[0]) + ", "
                                    + Results.num(cpu[1]) + "; " + Results.num(linkSecondsPerMb),
                            "-",
                            "-",
                            "-",
                            "-",
                            "-",
                            run.load()));
        }
    }

    /** Best of 5 measured passes over every input, after 3 unmeasured: CPU ms per MB of input, compress and decompress. */
    private static double[] cpuPerMb(Codec codec, List<byte[]> inputs, long raw) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<byte[]> packed = new ArrayList<>();
        inputs.forEach(in -> packed.add(codec.compress(in)));
        double bestIn = Double.MAX_VALUE;
        double bestOut = Double.MAX_VALUE;
        for (int pass = 0; pass < 8; pass++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (byte[] in : inputs) {
                codec.compress(in);
            }
            long t1 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < inputs.size(); i++) {
                codec.decompress(packed.get(i), inputs.get(i).length);
            }
            long t2 = threads.getCurrentThreadCpuTime();
            if (pass >= 3) {
                bestIn = Math.min(bestIn, (t1 - t0) / 1e6 / (raw / 1e6));
                bestOut = Math.min(bestOut, (t2 - t1) / 1e6 / (raw / 1e6));
            }
        }
        return new double[] {bestIn, bestOut};
    }

    private static Codec deflate(int level) {
        return new Codec() {
            @Override
            public byte[] compress(byte[] in) {
                Deflater deflater = new Deflater(level);
                deflater.setInput(in);
                deflater.finish();
                ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 4);
                byte[] buffer = new byte[64 * 1024];
                while (!deflater.finished()) {
                    out.write(buffer, 0, deflater.deflate(buffer));
                }
                deflater.end();
                return out.toByteArray();
            }

            @Override
            public void decompress(byte[] in, int size) {
                Inflater inflater = new Inflater();
                inflater.setInput(in);
                byte[] buffer = new byte[64 * 1024];
                try {
                    while (!inflater.finished()) {
                        inflater.inflate(buffer);
                    }
                } catch (DataFormatException e) {
                    throw new IllegalStateException(e);
                } finally {
                    inflater.end();
                }
            }
        };
    }

    private static Codec zstd(int level) {
        return new Codec() {
            @Override
            public byte[] compress(byte[] in) {
                return Zstd.compress(in, level);
            }

            @Override
            public void decompress(byte[] in, int size) {
                Zstd.decompress(in, size);
            }
        };
    }
}
