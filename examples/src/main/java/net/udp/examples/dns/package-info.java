/**
 * A real protocol on net.udp: a small authoritative DNS responder ({@link
 * net.udp.examples.dns.DnsResponder}), which {@code dig} can ask, and a stub resolver ({@link
 * net.udp.examples.dns.DnsResolver}) with timeouts, retries and back-pressure, over the wire
 * format in {@link net.udp.examples.dns.DnsMessage}.
 */
package net.udp.examples.dns;
