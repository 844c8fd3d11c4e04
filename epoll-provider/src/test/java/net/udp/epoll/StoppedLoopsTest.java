package net.udp.epoll;

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
 * with the reason, touching no descriptor the loop closed (its number may be another file's).
 */
class StoppedLoopsTest {
  @Test
  void socketsOfAClosedGroupCloseAndRefuseToOpen() throws Exception {
    LoopGroup<EpollLoop> loops = EpollProvider.newLoops();
    EpollProvider provider = new EpollProvider(loops);
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
