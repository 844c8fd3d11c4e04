/**
 * The {@code udp} command: the seed's two demos ({@code pingpong}, {@code broadcast}), a
 * netcat-style tool ({@code listen}, {@code send}, {@code echo}) and a quick bench. Compiled
 * against the API only; it finds its transport as any application does.
 */
module net.udp.cli {
  requires net.udp.api;
  requires info.picocli;
  requires static org.jspecify;

  opens net.udp.cli to
      info.picocli;
}
