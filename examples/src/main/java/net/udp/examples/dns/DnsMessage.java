package net.udp.examples.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The DNS wire format (RFC 1035), as much of it as the example needs: a query with one question,
 * and a response with A or AAAA records. Names compare without case and without the final dot.
 */
public final class DnsMessage {
  /** The record type of an IPv4 address. */
  public static final int A = 1;

  /** The record type of an IPv6 address (RFC 3596). */
  public static final int AAAA = 28;

  /** The response code of an answer. */
  public static final int NOERROR = 0;

  /** The response code of a query the server could not read. */
  public static final int FORMERR = 1;

  /** The response code of a name the server does not know. */
  public static final int NXDOMAIN = 3;

  /** The response code of a kind of query the server does not answer. */
  public static final int NOTIMP = 4;

  private static final int IN = 1;
  private static final int QR = 0x8000;
  private static final int AA = 0x0400;
  private static final int RD = 0x0100;
  private static final int MAX_LABEL = 63;

  private DnsMessage() {}

  /**
   * A query's question.
   *
   * @param id the query's id, which the response repeats
   * @param name the name asked about, lower case, without the final dot
   * @param type the record type asked for
   * @param opcode the kind of query: 0 for a standard one
   * @param recursionDesired whether the client asked for recursion, which the response repeats
   */
  public record Question(int id, String name, int type, int opcode, boolean recursionDesired) {}

  /**
   * A response.
   *
   * @param id the id of the query it answers
   * @param name the name of its question
   * @param type the type of its question
   * @param rcode its response code
   * @param addresses the addresses of its A and AAAA records
   */
  public record Answer(int id, String name, int type, int rcode, List<InetAddress> addresses) {}

  /** A message that is not what it should be. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  /**
   * Writes a standard query with one question, recursion desired.
   *
   * @param id the query's id, 0 to 65535
   * @param name the name to ask about
   * @param type {@link #A} or {@link #AAAA}
   * @return the message
   */
  public static byte[] query(int id, String name, int type) {
    ByteBuffer out = ByteBuffer.allocate(512);
    out.putShort((short) id).putShort((short) RD).putShort((short) 1).putShort((short) 0).putShort((short) 0).putShort((short) 0);
    writeName(out, name);
    out.putShort((short) type).putShort((short) IN);
    return bytes(out);
  }

  /**
   * Reads a query's header and its one question (records after it, such as EDNS options, are
   * left unread).
   *
   * @param message the datagram
   * @return the question
   * @throws MalformedException if it is not a query with one question
   */
  public static Question question(ByteBuffer message) throws MalformedException {
    ByteBuffer in = message.duplicate();
    try {
      int id = in.getShort() & 0xffff;
      int flags = in.getShort() & 0xffff;
      int questions = in.getShort() & 0xffff;
      in.position(in.position() + 6);
      if ((flags & QR) != 0) {
        throw new MalformedException("a response, not a query");
      }
      if (questions != 1) {
        throw new MalformedException(questions + " questions, not one");
      }
      String name = readName(in);
      int type = in.getShort() & 0xffff;
      return new Question(id, name, type, (flags >> 11) & 0xf, (flags & RD) != 0);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new MalformedException("cut short or garbled: " + e);
    }
  }

  /**
   * Writes the response to a question: authoritative, with an A or AAAA record for each address
   * of the question's type.
   *
   * @param q the question
   * @param rcode the response code
   * @param addresses the addresses to answer with (those of another family are left out)
   * @param ttl how long the answer may be cached, in seconds
   * @return the message
   */
  public static byte[] response(Question q, int rcode, List<InetAddress> addresses, int ttl) {
    List<InetAddress> answers = addresses.stream()
        .filter(a -> q.type() == A ? a instanceof Inet4Address : q.type() == AAAA && a instanceof Inet6Address)
        .toList();
    ByteBuffer out = ByteBuffer.allocate(512);
    int flags = QR | AA | (q.opcode() << 11) | (q.recursionDesired() ? RD : 0) | rcode;
    out.putShort((short) q.id()).putShort((short) flags).putShort((short) 1).putShort((short) answers.size()).putShort((short) 0).putShort((short) 0);
    writeName(out, q.name());
    out.putShort((short) q.type()).putShort((short) IN);
    for (InetAddress a : answers) {
      byte[] raw = a.getAddress();
      out.putShort((short) 0xc00c); // the name: a pointer to the question's, at offset 12
      out.putShort((short) q.type()).putShort((short) IN).putInt(ttl).putShort((short) raw.length).put(raw);
    }
    return bytes(out);
  }

  /**
   * Reads a response: its question and the addresses of its A and AAAA answers.
   *
   * @param message the datagram
   * @return the answer
   * @throws MalformedException if it is not a response with one question
   */
  public static Answer answer(ByteBuffer message) throws MalformedException {
    ByteBuffer in = message.duplicate();
    try {
      int id = in.getShort() & 0xffff;
      int flags = in.getShort() & 0xffff;
      int questions = in.getShort() & 0xffff;
      int answers = in.getShort() & 0xffff;
      in.position(in.position() + 4);
      if ((flags & QR) == 0 || questions != 1) {
        throw new MalformedException("not a response to one question");
      }
      String name = readName(in);
      int type = in.getShort() & 0xffff;
      in.getShort(); // class
      List<InetAddress> addresses = new ArrayList<>();
      for (int i = 0; i < answers; i++) {
        readName(in);
        int rtype = in.getShort() & 0xffff;
        in.getShort(); // class
        in.getInt(); // ttl
        byte[] data = new byte[in.getShort() & 0xffff];
        in.get(data);
        if ((rtype == A && data.length == 4) || (rtype == AAAA && data.length == 16)) {
          addresses.add(InetAddress.getByAddress(name, data));
        }
      }
      return new Answer(id, name, type, flags & 0xf, List.copyOf(addresses));
    } catch (BufferUnderflowException | IllegalArgumentException | UnknownHostException e) {
      throw new MalformedException("cut short or garbled: " + e);
    }
  }

  /**
   * A name as the example compares it: lower case, without the final dot.
   *
   * @param name a name
   * @return it, normalized
   */
  public static String normalize(String name) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return n.toLowerCase(Locale.ROOT);
  }

  private static void writeName(ByteBuffer out, String name) {
    String n = normalize(name);
    if (!n.isEmpty()) {
      for (String label : n.split("\\.", -1)) {
        byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length == 0 || bytes.length > MAX_LABEL) {
          throw new IllegalArgumentException("not a DNS name: " + name);
        }
        out.put((byte) bytes.length).put(bytes);
      }
    }
    out.put((byte) 0);
  }

  /** Reads a name, following compression pointers (at most a few, so that a loop cannot hang). */
  private static String readName(ByteBuffer in) {
    StringBuilder name = new StringBuilder();
    int resumeAt = -1;
    for (int jumps = 0; ; ) {
      int length = in.get() & 0xff;
      if (length == 0) {
        break;
      }
      if ((length & 0xc0) == 0xc0) {
        int target = ((length & 0x3f) << 8) | (in.get() & 0xff);
        if (++jumps > 16) {
          throw new IllegalArgumentException("a loop of name pointers");
        }
        if (resumeAt < 0) {
          resumeAt = in.position();
        }
        in.position(target);
        continue;
      }
      if (length > MAX_LABEL) {
        throw new IllegalArgumentException("a label of " + length + " bytes");
      }
      byte[] label = new byte[length];
      in.get(label);
      if (name.length() > 0) {
        name.append('.');
      }
      name.append(new String(label, StandardCharsets.US_ASCII));
    }
    if (resumeAt >= 0) {
      in.position(resumeAt);
    }
    return normalize(name.toString());
  }

  private static byte[] bytes(ByteBuffer out) {
    byte[] message = new byte[out.position()];
    out.flip().get(message);
    return message;
  }
}
