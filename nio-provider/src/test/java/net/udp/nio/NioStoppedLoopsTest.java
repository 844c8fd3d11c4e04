package net.udp.nio;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.udp.UdpException;
import net.udp.UdpSocket;
import net.udp.provider.LoopGroup;
import org.junit.jupiter.api.Test;

/**
 * Sockets whose loops were closed under them: closing them still works, and opening one fails
 * with a {@link UdpException} that says why, not with the selector's own exception.
 */
class NioStoppedLoopsTest {
  @Test
  void socketsOfAClosedGroupCloseAndRefuseToOpen() throws Exception {
    LoopGroup<NioLoop> loops = NioProvider.newLoops();
    NioProvider provider = new NioProvider(loops);
    UdpSocket open = provider.newSocket(null).listen("127.0.0.1", 0);
    UdpSocket unbound = provider.newSocket(null);
    assertTrue(loops.close(Duration.ofSeconds(10)), "the loops stop");
    open.close();
    open.closeFuture().get(10, TimeUnit.SECONDS);
    UdpException e = assertThrows(UdpException.class, () -> unbound.listen("127.0.0.1", 0));
    assertTrue(String.valueOf(e.getMessage()).contains("stopped"), () -> "the reason: " + e);
    unbound.close();
  }
}
