package net.udp.cli;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Instant;
import net.udp.ReceivedMetadata;

/** What {@code udp listen --meta} shows of a datagram's metadata. */
final class Metadata {
  private Metadata() {}

  private static final String[] ECN = {"not-ECT", "ECT(1)", "ECT(0)", "CE"};

  /**
   * The metadata as a line's middle part, each fact the provider gave.
   *
   * @return for example {@code " to 127.0.0.2 on lo, ECN not-ECT, TTL 64, waited 85 µs"}; empty
   *     when the provider gave none
   */
  static String text(ReceivedMetadata m) {
    StringBuilder text = new StringBuilder();
    InetAddress to = m.destination();
    if (to != null) {
      text.append(" to ").append(to.getHostAddress());
    }
    if (m.interfaceIndex() > 0) {
      text.append(" on ").append(interfaceName(m.interfaceIndex()));
    }
    if (m.ecn() >= 0) {
      text.append(text.isEmpty() ? " " : ", ").append("ECN ").append(ECN[m.ecn()]);
    }
    if (m.hopLimit() >= 0) {
      text.append(text.isEmpty() ? " " : ", ").append("TTL ").append(m.hopLimit());
    }
    if (m.receiveTimeNanos() > 0) {
      Instant now = Instant.now();
      long waited = Math.max(0, now.getEpochSecond() * 1_000_000_000L + now.getNano() - m.receiveTimeNanos());
      text.append(text.isEmpty() ? " " : ", ").append("waited ").append(waited / 1_000).append(" µs");
    }
    if (m.segmentSize() > 0) {
      text.append(text.isEmpty() ? " " : ", ").append("coalesced in segments of ").append(m.segmentSize());
    }
    if (m.truncated()) {
      text.append(text.isEmpty() ? " " : ", ").append("truncated");
    }
    return text.toString();
  }

  private static String interfaceName(int index) {
    try {
      NetworkInterface nif = NetworkInterface.getByIndex(index);
      return nif == null ? "interface " + index : nif.getName();
    } catch (SocketException e) {
      return "interface " + index;
    }
  }
}
