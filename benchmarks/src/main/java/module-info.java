/**
 * JMH benchmarks of net.udp's receive and send paths beside the plain JDK and Netty. They run on
 * the class path from {@code target/benchmarks.jar}; {@code benchmarks/run} runs them with the C
 * reference and writes the report.
 */
module net.udp.benchmarks {
  requires net.udp.api;
  requires jmh.core;
  requires HdrHistogram; // an automatic module: the jar names none
  requires io.netty.buffer;
  requires io.netty.common;
  requires io.netty.transport;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;
  requires jdk.management; // IdleCost reads the process's CPU time
  requires static org.jspecify;
}
