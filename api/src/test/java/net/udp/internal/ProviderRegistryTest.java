package net.udp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.udp.ReceiveCallback;
import net.udp.Udp;
import net.udp.UdpProviderException;
import net.udp.UdpSocket;
import net.udp.spi.UdpProvider;
import net.udp.spi.UdpProvider.Availability;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

  /** A provider that only answers the registry's questions. */
  private static class Named extends UdpProvider {
    private final String name;
    private final int priority;
    private final Availability availability;
    private final String version;

    Named(String name, int priority, Availability availability) {
      this(name, priority, availability, API_VERSION);
    }

    Named(String name, int priority, Availability availability, String version) {
      this.name = name;
      this.priority = priority;
      this.availability = availability;
      this.version = version;
    }

    @Override
    public String apiVersion() {
      return version;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int priority() {
      return priority;
    }

    @Override
    public Availability availability() {
      return availability;
    }

    @Override
    public UdpSocket newSocket(@Nullable ReceiveCallback callback) {
      throw new UnsupportedOperationException("selection tests make no sockets");
    }
  }

  private static final Named NIO = new Named("nio", 10, Availability.ok());
  private static final Named EPOLL = new Named("epoll", 20, Availability.ok());
  private static final Named EPOLL_DENIED =
      new Named("epoll", 20, Availability.unavailable("native access is denied"));

  private static List<ProviderRegistry.Entry> found(UdpProvider... providers) {
    return java.util.Arrays.stream(providers)
        .map(p -> new ProviderRegistry.Entry(p.name(), p, p.availability()))
        .toList();
  }

  @Test
  void noProviderIsAnErrorThatSaysWhatToPutOnThePath() {
    UdpProviderException e = assertThrows(UdpProviderException.class, () -> ProviderRegistry.select(List.of(), null));
    assertTrue(String.valueOf(e.getMessage()).contains("no UDP provider found"), e.getMessage());
    assertTrue(String.valueOf(e.getMessage()).contains("net.udp.nio"), e.getMessage());
  }

  @Test
  void theHighestPriorityAvailableProviderWins() {
    assertSame(EPOLL, ProviderRegistry.select(found(NIO, EPOLL), null));
    assertSame(EPOLL, ProviderRegistry.select(found(EPOLL, NIO), null));
  }

  @Test
  void anUnavailableProviderIsPassedOver() {
    assertSame(NIO, ProviderRegistry.select(found(EPOLL_DENIED, NIO), null));
  }

  @Test
  void whenNoneIsAvailableTheErrorListsEachAndWhy() {
    Named nioDown = new Named("nio", 10, Availability.unavailable("no selector"));
    UdpProviderException e =
        assertThrows(UdpProviderException.class, () -> ProviderRegistry.select(found(EPOLL_DENIED, nioDown), null));
    assertEquals(
        "no available UDP provider: found epoll (unavailable: native access is denied), nio (unavailable: no selector)",
        e.getMessage());
  }

  @Test
  void theSystemPropertyForcesAProviderEvenOfLowerPriority() {
    assertSame(NIO, ProviderRegistry.select(found(NIO, EPOLL), "nio"));
    assertSame(NIO, ProviderRegistry.select(found(NIO, EPOLL), " nio "));
  }

  @Test
  void aBlankPropertyMeansNoChoice() {
    assertSame(EPOLL, ProviderRegistry.select(found(NIO, EPOLL), ""));
  }

  @Test
  void anUnknownForcedNameIsAnErrorThatListsWhatWasFound() {
    UdpProviderException e =
        assertThrows(UdpProviderException.class, () -> ProviderRegistry.select(found(NIO, EPOLL_DENIED), "kqueue"));
    assertEquals(
        "no UDP provider named \"kqueue\" (set by -Dnet.udp.provider): found nio (available),"
            + " epoll (unavailable: native access is denied)",
        e.getMessage());
  }

  @Test
  void aForcedProviderThatIsUnavailableSaysWhy() {
    UdpProviderException e =
        assertThrows(UdpProviderException.class, () -> ProviderRegistry.select(found(NIO, EPOLL_DENIED), "epoll"));
    assertEquals(
        "UDP provider \"epoll\" (set by -Dnet.udp.provider) is unavailable: native access is denied", e.getMessage());
  }

  @Test
  void aLookupByNameIgnoresPriority() {
    assertSame(NIO, ProviderRegistry.byName(found(EPOLL, NIO), "nio", ""));
  }

  @Test
  void aProviderThatCannotLoadIsListedAsUnavailable() {
    var broken = new ProviderRegistry.Entry("(unloadable)", null, Availability.unavailable("UnsupportedClassVersionError"));
    assertSame(NIO, ProviderRegistry.select(List.of(broken, found(NIO).get(0)), null));
    UdpProviderException e = assertThrows(UdpProviderException.class, () -> ProviderRegistry.select(List.of(broken), null));
    assertTrue(String.valueOf(e.getMessage()).contains("(unloadable) (unavailable: UnsupportedClassVersionError)"), e.getMessage());
  }

  @Test
  void aProviderThatMissesAClassNamesItAndTheJarThatHoldsIt() {
    String kit = ProviderRegistry.unloadable(new java.util.ServiceConfigurationError(
        "net.udp.spi.UdpProvider: Provider net.udp.nio.NioProvider could not be instantiated",
        new NoClassDefFoundError("net/udp/provider/EventLoop")));
    assertTrue(kit.endsWith("could not be instantiated: it needs net.udp.provider.EventLoop, which is not on the path: add udp-provider-kit, "
        + "which the provider's POM declares"), kit);
    String other = ProviderRegistry.unloadable(new java.util.ServiceConfigurationError("could not be instantiated",
        new IllegalStateException("wrapped", new ClassNotFoundException("org.example.Native"))));
    assertTrue(other.endsWith("it needs org.example.Native, which is not on the path: add a library the provider needs"), other);
    String plain = ProviderRegistry.unloadable(new java.util.ServiceConfigurationError("bad configuration file"));
    assertEquals("bad configuration file", plain);
  }

  @Test
  void anAvailabilityCheckThatThrowsMakesTheProviderUnavailable() {
    UdpProvider throwing =
        new Named("odd", 5, Availability.ok()) {
          @Override
          public Availability availability() {
            throw new IllegalStateException("boom");
          }
        };
    ProviderRegistry.Entry entry = ProviderRegistry.Entry.of(throwing);
    assertEquals(false, entry.availability().available());
    assertTrue(entry.availability().reason().contains("boom"));
  }

  @Test
  void withNoProviderOnThePathTheFacadeSaysSo() {
    // The api module's own tests run without any provider module.
    assertTrue(Udp.providers().isEmpty());
    UdpProviderException e = assertThrows(UdpProviderException.class, Udp::newSocket);
    assertTrue(String.valueOf(e.getMessage()).startsWith("no UDP provider found"), e.getMessage());
    assertThrows(UdpProviderException.class, () -> Udp.provider("nio"));
  }

  @Test
  void anUnavailableProviderMustSayWhy() {
    assertThrows(IllegalArgumentException.class, () -> Availability.unavailable(" "));
  }

  // ------------------------------------------------------------------------------ API versions

  @Test
  void aProviderBuiltForThisApiIsAvailable() {
    ProviderRegistry.Entry e = ProviderRegistry.Entry.of(new Named("nio", 10, Availability.ok(), UdpProvider.API_VERSION));
    assertTrue(e.availability().available(), e.toString());
  }

  /** The next major version after this API's: a provider built for it cannot run here. */
  private static final String OTHER_MAJOR = (Integer.parseInt(UdpProvider.API_VERSION.split("\\.", -1)[0]) + 1) + ".0";

  @Test
  void aProviderOfAnotherMajorVersionIsUnavailableAndSaysWhy() {
    ProviderRegistry.Entry e = ProviderRegistry.Entry.of(new Named("epoll", 20, Availability.ok(), OTHER_MAJOR));
    assertEquals(false, e.availability().available());
    assertTrue(e.availability().reason().contains("built for net.udp API " + OTHER_MAJOR), e.availability().reason());
    assertTrue(e.availability().reason().contains("this is net.udp API " + UdpProvider.API_VERSION), e.availability().reason());
  }

  @Test
  void aVersionMismatchIsPassedOverByTheDefaultAndNamedByTheLookup() {
    ProviderRegistry.Entry newer = ProviderRegistry.Entry.of(new Named("epoll", 20, Availability.ok(), OTHER_MAJOR));
    ProviderRegistry.Entry nio = ProviderRegistry.Entry.of(NIO);
    assertSame(NIO, ProviderRegistry.select(List.of(newer, nio), null));
    UdpProviderException e = assertThrows(UdpProviderException.class, () -> ProviderRegistry.byName(List.of(newer, nio), "epoll", ""));
    assertTrue(String.valueOf(e.getMessage()).contains("built for net.udp API " + OTHER_MAJOR), e.getMessage());
  }

  @Test
  void versionsAreMajorDotMinorAndANewerMinorIsRefused() {
    String[] parts = UdpProvider.API_VERSION.split("\\.", -1);
    int major = Integer.parseInt(parts[0]);
    int minor = Integer.parseInt(parts[1]);
    assertEquals(null, ProviderRegistry.versionProblem(UdpProvider.API_VERSION));
    String newerMinor = major + "." + (minor + 1);
    assertTrue(String.valueOf(ProviderRegistry.versionProblem(newerMinor)).contains("upgrade udp-api"),
        String.valueOf(ProviderRegistry.versionProblem(newerMinor)));
    if (minor > 0) {
      assertEquals(null, ProviderRegistry.versionProblem(major + "." + (minor - 1)));
    }
    assertTrue(String.valueOf(ProviderRegistry.versionProblem((major + 1) + ".0")).contains("same major version"));
    for (String bad : new String[] {"", "1", "1.", ".1", "1.0.0", "one.zero", "-1.0", "1.-1", "1.0 "}) {
      assertTrue(String.valueOf(ProviderRegistry.versionProblem(bad)).contains("is not MAJOR.MINOR"), bad);
    }
  }

  @Test
  void aProviderBuiltBeforeVersionsExistedIsUnavailableAndSaysWhy() {
    UdpProvider old = new Named("old", 5, Availability.ok()) {
      @Override
      public String apiVersion() {
        throw new AbstractMethodError("net.udp.old.OldProvider.apiVersion()"); // what the JVM throws for it
      }
    };
    ProviderRegistry.Entry e = ProviderRegistry.Entry.of(old);
    assertEquals(false, e.availability().available());
    assertTrue(e.availability().reason().contains("older net.udp API"), e.availability().reason());
  }
}
