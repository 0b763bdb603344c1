package io.tentacle.client;

import java.util.AbstractList;
import java.util.Collections;
import java.util.List;
import java.util.RandomAccess;

/**
 * The names an {@code LS} kept, and how many more the server listed than fit in memory: each name is
 * charged its bytes plus {@link #NAME_OVERHEAD} against {@link ClientConfig#maxListBytes}, so a
 * listing of millions of one-letter names costs no more memory than a listing of long ones.
 */
public final class Listing extends AbstractList<String> implements RandomAccess {
    /** What the JVM spends on a name beyond its bytes: the String, its array, the list's slot. */
    public static final int NAME_OVERHEAD = 64;

    private final List<String> names;
    private final long leftOut;

    Listing(List<String> names, long leftOut) {
        this.names = Collections.unmodifiableList(names); // Not copied: the listing is done with it.
        this.leftOut = leftOut;
    }

    /** Names the server listed after the memory bound was reached; a later listing shows them once these are gone. */
    public long leftOut() {
        return leftOut;
    }

    @Override
    public String get(int index) {
        return names.get(index);
    }

    @Override
    public int size() {
        return names.size();
    }
}
