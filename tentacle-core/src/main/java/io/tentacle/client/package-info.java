/**
 * The client end: one {@link io.tentacle.client.TentacleClient} per program (threads, TLS, timeouts)
 * serving any number of {@link io.tentacle.client.Target}s (host, port, password); a
 * {@link io.tentacle.client.TentacleConnection} runs one operation at a time (send, fetch, move, list,
 * probe, batch) and stores what it receives only under its final name once complete.
 */
package io.tentacle.client;
