/**
 * The server end: {@link io.tentacle.server.TentacleServer} built from a
 * {@link io.tentacle.server.ServerConfig}, its pipeline (admission, TLS, codec, session), the session
 * that answers each command, uploads and downloads against the spool, the claims that make MV and
 * batches at-least-once, the proxy mode, and the counters a monitor reads.
 */
package io.tentacle.server;
