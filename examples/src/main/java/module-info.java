/**
 * The seed's two examples as an application: {@link net.udp.examples.PingPong} and {@link
 * net.udp.examples.Broadcast}, and a DNS responder and resolver ({@link net.udp.examples.dns}). It
 * requires the API and nothing else; the transport is whichever provider is on the path.
 */
module net.udp.examples {
  requires net.udp.api;

  exports net.udp.examples.dns;
}
