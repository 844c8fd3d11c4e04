/** The {@code epoll} provider's implementation; nothing here is public API but the provider class. */
@NullMarked
package net.udp.epoll;

import org.jspecify.annotations.NullMarked;
