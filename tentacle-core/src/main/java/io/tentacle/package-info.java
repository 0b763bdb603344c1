/**
 * Tentacle for Java: the protocol on Netty. {@link io.tentacle.protocol} is the wire (codec and
 * message model), {@link io.tentacle.server} and {@link io.tentacle.client} the two ends an
 * embedder uses, {@link io.tentacle.tls} their PEM set-up, {@link io.tentacle.storage} the settings
 * of what a spool accepts, {@link io.tentacle.report} how a tool reports its health to Pandora.
 * {@code io.tentacle.internal.*} is shared by the project's own modules and is not API.
 */
package io.tentacle;
