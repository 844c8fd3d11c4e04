/**
 * The benchmarks: {@link net.udp.benchmarks.DrainBenchmark} (the receive hot path alone), {@link
 * net.udp.benchmarks.ThroughputBenchmark}, {@link net.udp.benchmarks.LatencyBenchmark} and {@link
 * net.udp.benchmarks.SendBenchmark}, each over the same contenders ({@link
 * net.udp.benchmarks.Contender}).
 */
@NullMarked
package net.udp.benchmarks;

import org.jspecify.annotations.NullMarked;
