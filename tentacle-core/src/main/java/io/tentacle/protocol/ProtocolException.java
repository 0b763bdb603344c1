package io.tentacle.protocol;

import io.netty.handler.codec.DecoderException;

/** The peer broke the framing rules: the connection cannot go on. */
public class ProtocolException extends DecoderException {
    public ProtocolException(String message) {
        super(message);
    }
}
