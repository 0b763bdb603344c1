/**
 * The settings of what a spool accepts, which an embedder passes to the server and the puller:
 * {@link io.tentacle.storage.NameRules} (which names are files) and {@link io.tentacle.storage.Filters}
 * (which names go to which subdirectory). The spool itself lives in {@code io.tentacle.internal.storage}.
 */
package io.tentacle.storage;
