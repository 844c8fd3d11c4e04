/**
 * The provider kit: the socket behaviour every net.udp provider shares, written once. A provider
 * built on it extends {@link net.udp.provider.EventLoop} with its way of waiting for events and
 * implements {@link net.udp.provider.OsSocket} with its operating-system calls; the kit's sockets
 * do the rest (configuration and its validation, the life cycle, the send queue with its timeouts,
 * receive modes, callbacks and executors, counters, {@code info()}).
 *
 * <p>Applications never need this module: they require {@code net.udp.api} and find providers at
 * run time.
 */
module net.udp.provider {
  requires transitive net.udp.api;

  exports net.udp.provider;
}
