/**
 * A small property-based testing engine on JUnit 5 alone: {@link net.udp.testkit.property.Gen
 * generators} draw from a recorded sequence of choices, so that shrinking works for every
 * generator without writing a shrinker; {@link net.udp.testkit.property.Property} runs a check
 * over generated values, shrinks a failure to a minimal one, and prints the seed that replays it.
 *
 * <p>System properties: {@code net.udp.testkit.seed=N} replays a seed; {@code
 * net.udp.testkit.tries=N} overrides every property's number of tries; {@code
 * net.udp.testkit.shrinkRuns=N} bounds how many checks shrinking may run.
 */
@NullMarked
package net.udp.testkit.property;

import org.jspecify.annotations.NullMarked;
