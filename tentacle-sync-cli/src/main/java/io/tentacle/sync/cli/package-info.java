/**
 * {@code tentacle-sync}, the puller: the {@code sync_*} keys of {@code pandora_server.conf} and its
 * flags resolved into a sync configuration, one pass from cron or passes as a daemon, shards, the
 * dry run, SFTP drops, and the console report of each pass.
 */
package io.tentacle.sync.cli;
