package io.tentacle.bench;

/** Scenario 5, the sync puller: waits for io.tentacle.sync to be merged. */
final class PullerScenario {
    private PullerScenario() {
    }

    static void run(Run run) {
        run.note("puller scenario not available yet: io.tentacle.sync is not on this branch");
    }
}
