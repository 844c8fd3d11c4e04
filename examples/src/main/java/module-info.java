/**
 * The seed's two examples as an application: {@link net.udp.examples.PingPong} and {@link
 * net.udp.examples.Broadcast}. It requires the API and nothing else; the transport is whichever
 * provider is on the path.
 */
module net.udp.examples {
  requires net.udp.api;
}
