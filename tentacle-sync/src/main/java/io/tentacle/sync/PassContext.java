package io.tentacle.sync;

import java.util.function.Consumer;

/**
 * What one pass against one remote works with, a Tentacle remote's or a drop's alike: the settings,
 * the remote, the incoming directory and its queue limit, the site map, who hears of each file, and
 * the signal that stops the pass.
 */
record PassContext(
        SyncConfig config,
        Remote remote,
        Incoming incoming,
        QueueBudget budget,
        SiteMap sites,
        SyncListener listener,
        StopSignal stop) {

    /** A fresh count of this pass's files and errors. */
    PassTally tally() {
        return new PassTally(remote, incoming, budget, sites, listener);
    }

    /** The configuration exchange that ends the pass; its failures go to {@code error}. */
    ConfigurationExchange exchange(Consumer<String> error) {
        return new ConfigurationExchange(config, remote, incoming, sites, listener, stop, error);
    }
}
