/**
 * The wire: requests and replies as sealed records ({@link io.tentacle.protocol.Request},
 * {@link io.tentacle.protocol.Reply}), the frame decoder that turns bytes into them and into payload
 * chunks without holding a file in memory, the line encoder, the password digest, and the batch
 * extension's stream format. No sockets, no files: everything here runs on an {@code EmbeddedChannel}.
 */
package io.tentacle.protocol;
