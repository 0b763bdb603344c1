package io.tentacle.protocol;

/** A command or reply: one line of text, written without its trailing {@code \n}. */
public interface WireMessage {
    String toLine();
}
