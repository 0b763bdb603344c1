/**
 * {@code tentacle-server}, a drop-in for the Perl {@code tentacle_server}: the same flags and
 * configuration file, resolved into a launch plan, checked before anything listens, then run with
 * the reference's logging, daemon mode and pid file, plus the SSH/FTP endpoints and monitoring.
 */
package io.tentacle.server.cli;
