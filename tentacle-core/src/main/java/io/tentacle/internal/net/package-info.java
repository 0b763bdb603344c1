/**
 * Not API: how sockets are driven. Native epoll where its library loads (Linux x86_64), NIO
 * elsewhere or when {@code -Dtentacle.transport=nio} asks; one choice per process, used by the server,
 * the client and the proxy's upstream, and named in the server's start line; and what the kernel still
 * holds of a connection's bytes, so that bytes still leaving on a slow link are not taken for a silent peer.
 */
package io.tentacle.internal.net;
