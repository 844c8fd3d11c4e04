/** The {@code nio} provider's implementation; nothing here is public API. */
@NullMarked
package net.udp.nio;

import org.jspecify.annotations.NullMarked;
