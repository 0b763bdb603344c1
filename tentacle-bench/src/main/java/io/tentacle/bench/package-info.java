/**
 * {@code tentacle-bench}: side-by-side measurements of our server and puller, the Perl reference and
 * the machine's own limit, in one run; the figures go to {@code docs/BENCHMARKS.md}.
 */
package io.tentacle.bench;
