package net.udp.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import net.udp.UdpProviderException;
import net.udp.spi.UdpProvider;
import net.udp.spi.UdpProvider.Availability;
import org.jspecify.annotations.Nullable;

/**
 * Finds providers and chooses one, as DESIGN.md says: the available provider with the highest
 * priority, unless a name is forced; no provider, or an unknown name, is an error that lists what
 * was found and why each was unavailable.
 */
public final class ProviderRegistry {
  /** The system property that forces a provider by name. */
  public static final String PROPERTY = "net.udp.provider";

  private ProviderRegistry() {}

  /**
   * One provider found on the path, or one that failed to load (then {@code provider} is null and
   * the availability says why).
   *
   * @param name the provider's name, or the failing class's description
   * @param provider the provider, or {@code null} when it could not be loaded
   * @param availability whether it can be used
   */
  public record Entry(String name, @Nullable UdpProvider provider, Availability availability) {
    static Entry of(UdpProvider provider) {
      Availability availability;
      try {
        String problem = versionProblem(provider.apiVersion());
        availability = problem != null ? Availability.unavailable(problem) : provider.availability();
      } catch (AbstractMethodError e) {
        availability = Availability.unavailable(
            "built against an older net.udp API that had no version (" + UdpProvider.API_VERSION + " needs apiVersion()): use a release of the provider built for this API");
      } catch (RuntimeException | LinkageError e) {
        availability = Availability.unavailable("availability check failed: " + e);
      }
      return new Entry(provider.name(), provider, availability);
    }

    @Override
    public String toString() {
      return name + " (" + availability + ")";
    }
  }

  /**
   * Loads every provider visible to a class loader, in a stable order (priority, then name). A
   * provider that fails to load (for example one compiled for a newer Java) is listed as
   * unavailable instead of failing the lookup.
   *
   * @param loader the class loader to search, or {@code null} for the system class loader
   * @return the providers found
   */
  public static List<Entry> load(@Nullable ClassLoader loader) {
    List<Entry> entries = new ArrayList<>();
    Iterator<UdpProvider> it = ServiceLoader.load(UdpProvider.class, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        entries.add(Entry.of(it.next()));
      } catch (ServiceConfigurationError e) {
        entries.add(new Entry("(unloadable)", null, Availability.unavailable(unloadable(e))));
      }
    }
    entries.sort(ORDER);
    return List.copyOf(entries);
  }

  /**
   * Why a provider could not be loaded, naming the class it missed and, for the provider kit, the
   * jar that holds it: the loader's own message says only that it "could not be instantiated".
   *
   * @param e what the service loader threw
   * @return the reason
   */
  static String unloadable(ServiceConfigurationError e) {
    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
        String missing = String.valueOf(t.getMessage()).replace('/', '.');
        String jar = missing.startsWith("net.udp.provider.") ? "udp-provider-kit, which the provider's POM declares"
            : "a library the provider needs";
        return reason + ": it needs " + missing + ", which is not on the path: add " + jar;
      }
    }
    return reason;
  }

  private static final Comparator<Entry> ORDER =
      Comparator.comparingInt((Entry e) -> e.provider() == null ? Integer.MIN_VALUE : e.provider().priority())
          .reversed()
          .thenComparing(Entry::name);

  /**
   * Chooses the default provider.
   *
   * @param entries what was found
   * @param forcedName the value of {@code net.udp.provider}, or {@code null} when unset
   * @return the chosen provider
   * @throws UdpProviderException when nothing fits, with what was found and why
   */
  public static UdpProvider select(List<Entry> entries, @Nullable String forcedName) {
    if (forcedName != null && !forcedName.isBlank()) {
      return byName(entries, forcedName.strip(), " (set by -D" + PROPERTY + ")");
    }
    if (entries.isEmpty()) {
      throw new UdpProviderException(
          "no UDP provider found: put a provider module such as net.udp.nio (udp-nio.jar) on the"
              + " module path or class path");
    }
    return entries.stream()
        .filter(e -> e.availability().available() && e.provider() != null)
        .sorted(ORDER)
        .map(Entry::provider)
        .findFirst()
        .orElseThrow(() -> new UdpProviderException("no available UDP provider: found " + describe(entries)));
  }

  /**
   * Finds a provider by name.
   *
   * @param entries what was found
   * @param name the name asked for
   * @param origin where the name came from, appended to messages
   * @return the provider
   * @throws UdpProviderException when no provider has that name, or it is unavailable
   */
  public static UdpProvider byName(List<Entry> entries, String name, String origin) {
    for (Entry e : entries) {
      UdpProvider provider = e.provider();
      if (provider != null && e.name().equals(name)) {
        if (!e.availability().available()) {
          throw new UdpProviderException(
              "UDP provider \"" + name + "\"" + origin + " is unavailable: " + e.availability().reason());
        }
        return provider;
      }
    }
    String found = entries.isEmpty() ? "no provider at all" : describe(entries);
    throw new UdpProviderException("no UDP provider named \"" + name + "\"" + origin + ": found " + found);
  }

  /**
   * Checks a provider's API version against this API's, as {@link UdpProvider#API_VERSION}
   * describes: the same major version, and a minor version no newer than this API's.
   *
   * @param version what the provider says it was built against
   * @return {@code null} when this API can run it, else why not
   */
  public static @Nullable String versionProblem(@Nullable String version) {
    int[] mine = java.util.Objects.requireNonNull(parseVersion(UdpProvider.API_VERSION), "API_VERSION is MAJOR.MINOR");
    int[] theirs = version == null ? null : parseVersion(version);
    String api = "this is net.udp API " + UdpProvider.API_VERSION;
    if (theirs == null) {
      return "its API version \"" + version + "\" is not MAJOR.MINOR (" + api + ")";
    }
    if (theirs[0] != mine[0]) {
      return "built for net.udp API " + version + ", " + api + ": use a release of the provider and the API with the same major version";
    }
    if (theirs[1] > mine[1]) {
      return "built for net.udp API " + version + ", newer than this one (" + UdpProvider.API_VERSION + "): upgrade udp-api";
    }
    return null;
  }

  private static int @Nullable [] parseVersion(String version) {
    int dot = version.indexOf('.');
    if (dot <= 0 || dot != version.lastIndexOf('.') || dot == version.length() - 1) {
      return null;
    }
    try {
      int major = Integer.parseInt(version.substring(0, dot));
      int minor = Integer.parseInt(version.substring(dot + 1));
      return major < 0 || minor < 0 || !version.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')) ? null : new int[] {major, minor};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String describe(List<Entry> entries) {
    return entries.stream().map(Entry::toString).collect(Collectors.joining(", "));
  }
}
