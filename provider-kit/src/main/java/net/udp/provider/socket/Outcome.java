package net.udp.provider.socket;

import net.udp.SendCallback;
import net.udp.UdpException;
import org.jspecify.annotations.Nullable;

/**
 * A send whose outcome is decided, to be told to its callback once the send queue's lock is
 * released.
 *
 * @param tag the send's tag
 * @param onSent its callback, or {@code null}
 * @param failure why it failed, or {@code null} when it was sent
 */
record Outcome(long tag, @Nullable SendCallback onSent, @Nullable UdpException failure) {}
