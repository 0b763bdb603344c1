/**
 * The sync puller engine: passes that drain isolated Tentacle servers and SSH drops into a Pandora
 * central's incoming directory, at least once and never over a file already there.
 * <p>
 * This is Pandora policy, not protocol: which files are data and which are an agent's configuration
 * ({@code conf/}, {@code md5/}, {@code collections/}), which site an agent lives on, how full the
 * incoming queue may get ({@link io.tentacle.sync.QueueBudget}), the free name a collision gets
 * ({@code agent.12341.data}, which the data server reads as the same agent's), and how a pass walks its remotes ({@link io.tentacle.sync.SyncEngine} runs one
 * {@code RemotePass} or {@code DropPass} per remote). It builds on {@code tentacle-core}'s client
 * ({@link io.tentacle.client.TentacleClient}); embedders that only serve or send files do not need it.
 */
package io.tentacle.sync;
