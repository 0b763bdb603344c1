/**
 * What the tests of every module share: {@link io.tentacle.testing.RawClient} (the protocol by
 * hand), {@link io.tentacle.testing.TestPki} (certificates and keys), {@link io.tentacle.testing.NoLeaks}
 * (descriptors and temp files), {@link io.tentacle.testing.LogCapture} and
 * {@link io.tentacle.testing.QuietServerLog}, {@link io.tentacle.testing.Poll},
 * {@link io.tentacle.testing.RateLimitedRelay}, {@link io.tentacle.testing.TestFiles},
 * {@link io.tentacle.testing.Tools} (skips a test when a peer program is absent) and
 * {@link io.tentacle.testing.ServerProcess} (the one way to run a server in a JVM of its own).
 *
 * <p>This module does not depend on tentacle-core, on purpose. Core's own tests are the largest users
 * of these classes, and Maven allows no cycle: had test support depended on core, core's tests could
 * not have used it and would have kept copies. So nothing here names a tentacle class: the server's
 * logger is found by its name, the leak check warms the JDK up without a server, the temp-file rule
 * is written again (core's {@code TempNameRuleTest} checks it against the spool's), and
 * {@code ServerProcess} takes the main class to run, which the caller's module provides (core's tests:
 * {@code io.tentacle.server.StandaloneServer}; the CLI's tests: the command itself; the bench:
 * {@code OurServer}).
 */
package io.tentacle.testing;
