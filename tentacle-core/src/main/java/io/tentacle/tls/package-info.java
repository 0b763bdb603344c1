/**
 * TLS from the operator's PEM files: contexts for both ends, a CA trust that says in words why it
 * refuses a certificate, and the checks of one's own certificate and key made before any connection.
 */
package io.tentacle.tls;
