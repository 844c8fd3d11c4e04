/**
 * What the api needs inside and is not API: address text and raw socket addresses, the provider
 * registry, and the records behind {@link net.udp.UdpSocketInfo} and {@link net.udp.UdpCounters}.
 * Not exported: providers, the kit included, use the public API only.
 */
@NullMarked
package net.udp.internal;

import org.jspecify.annotations.NullMarked;
