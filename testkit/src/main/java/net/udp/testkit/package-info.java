/**
 * The conformance rules. A provider's test class implements {@link
 * net.udp.testkit.UdpConformance} and returns its provider; JUnit then runs every rule against
 * it. Each rule's display name starts with its id ({@code UDP-3.2}) and its method name with the
 * same id ({@code udp_3_2_...}).
 */
@NullMarked
package net.udp.testkit;

import org.jspecify.annotations.NullMarked;
