package net.udp.testkit.faults;

import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import net.udp.spi.UdpProvider;
import net.udp.testkit.Capability;
import net.udp.testkit.plain.PlainProvider;

/**
 * For every rule, a fault it must catch: the plain provider with one realistic bug, the rule that
 * must fail, and words its failure must contain. The Reactive Streams TCK's {@code
 * requireTestFailure} is the model: a rule that passes a broken provider is itself broken.
 */
public final class FaultCatalog {
  private FaultCatalog() {}

  /**
   * A fault and the rule that catches it.
   *
   * @param rule the rule's id, {@code UDP-1.4}
   * @param fault what is broken
   * @param base the correct provider the fault is put into
   * @param lacks what that provider lacks
   * @param inject how the fault is put in
   * @param message words the rule's failure must contain
   */
  public record Case(String rule, String fault, Supplier<UdpProvider> base, Set<Capability> lacks, FaultyProvider.Fault inject, String message) {
    /**
     * The faulty provider, new.
     *
     * @return it
     */
    public UdpProvider provider() {
      return new FaultyProvider(fault, base.get(), inject);
    }

    /**
     * Whether the base is a provider other than the plain one, which must be shown to pass the rule itself.
     *
     * @return whether
     */
    public boolean specialBase() {
      return !lacks.equals(PlainProvider.lacks());
    }

    @Override
    public String toString() {
      return rule + " catches a provider that " + fault;
    }
  }

  private static Case c(String rule, String fault, FaultyProvider.Fault inject, String message) {
    return new Case(rule, fault, PlainProvider::new, PlainProvider.lacks(), inject, message);
  }

  /** The plain provider with a fault in how it opens server groups. */
  private static Case group(String rule, String fault, FaultyProvider.GroupFault inject, String message) {
    return c(rule, fault, new FaultyProvider.InGroups(inject), message);
  }

  /** The plain provider connecting in user space, which can send empty datagrams when connected. */
  private static Case emptyWhenConnected(String rule, String fault, FaultyProvider.Fault inject, String message) {
    Set<Capability> lacks = EnumSet.noneOf(Capability.class);
    lacks.addAll(PlainProvider.lacks());
    lacks.remove(Capability.EMPTY_WHEN_CONNECTED);
    return new Case(rule, fault, PlainProvider::connectingInUserSpace, Set.copyOf(lacks), inject, message);
  }

  /** The plain provider queuing every send made outside its callbacks, so that its send queue fills. */
  private static Case queuing(String rule, String fault, FaultyProvider.Fault inject, String message) {
    return new Case(rule, fault, PlainProvider::queuingEverySend, PlainProvider.lacks(), inject, message);
  }

  /**
   * Every case.
   *
   * @return the cases, in rule order
   */
  public static List<Case> all() {
    return List.of(
        c("UDP-1.1", "flips a bit in IPv4 payloads", ReceiveFaults::corruptsLongIPv4Payloads, "array contents differ"),
        c("UDP-1.2", "reports an IPv6 sender's port as its own", ReceiveFaults::ownPortForIPv6Senders, "the sender's address and port"),
        c("UDP-1.3", "shows IPv4 senders as ::ffff: addresses on a dual-stack socket", ReceiveFaults::mapsIPv4Senders, "an IPv4 sender must appear as IPv4"),
        c("UDP-1.4", "drops every twentieth datagram", ReceiveFaults::dropsEveryTwentieth, " datagrams; only "),
        c("UDP-1.5", "sends a first datagram from a throwaway socket", ReceiveFaults::firstSendFromAThrowawaySocket, "the socket is not bound yet"),
        c("UDP-1.6", "remembers senders by address alone", ReceiveFaults::sendersCachedByAddress, "sender"),
        c("UDP-1.7", "remembers senders in a table of hash slots, trusting the slot", AddressFaults::sendersCachedBySlot, "says it came from another"),
        c("UDP-1.8", "stages every send in one buffer of the socket's, with no lock", ThreadFaults::sendsStagedInOneSharedBuffer, "lost or sent as another's"),
        c("UDP-2.1", "does not count truncation", ReceiveFaults::uncountedTruncation, "datagramsTruncated"),
        c("UDP-2.1", "counts a datagram that exactly fills the buffer as truncated", ReceiveFaults::exactFitCountedAsTruncated, "datagramsTruncated"),
        c("UDP-2.2", "sets both versions' buffer size for one", ReceiveFaults::bufferSizeForBothVersions, "maxReceiveIPv4BufferSize after setBufferSize(100, 4)"),
        c("UDP-2.2", "sets the IPv4 buffer size only when asked for both", InputFaults::noVersionSetsIPv4Only, "maxReceiveIPv6BufferSize after setBufferSize(150)"),
        c("UDP-2.3", "starts IPv6 at the IPv4 maximum", ReceiveFaults::ipv6DefaultIsTheIPv4Maximum, "array lengths differ, expected: <65527>"),
        c("UDP-2.4", "cuts oversized datagrams down and sends them", ReceiveFaults::cutsOversizedDatagrams, "succeeded; a failure was expected"),
        c("UDP-3.1", "makes receive() deliver one datagram", ReceiveFaults::receiveIsOneShot, "expected 50 datagrams; only 1 arrived"),
        c("UDP-3.2", "makes receiveOne() receive continuously", ReceiveFaults::receiveOneIsContinuous, "receiveOne delivers one datagram per call"),
        c("UDP-3.2", "reads ahead in receiveOne(): delivers one a call, holds the rest", ReceiveFaults::receiveOneReadsAhead, "not read ahead and held"),
        c("UDP-3.3", "ignores pause()", ReceiveFaults::pauseIsIgnored, "info().receiving() after pause()"),
        c("UDP-3.4", "makes receiveOne() receive continuously", ReceiveFaults::receiveOneIsContinuous, "allows no more deliveries"),
        c("UDP-3.4", "leaves a waiting receiveOne() armed through pause()", CallbackFaults::pauseSparesAWaitingReceiveOne, "allows no more deliveries"),
        c("UDP-3.5", "ignores the executor", ReceiveFaults::executorIsIgnored, "callback ran on plain-callbacks"),
        c("UDP-3.5", "runs each receive callback as a task of its own on the executor", CallbackFaults::eachCallbackATaskOfItsOwn, "callbacks of one socket overlapped"),
        c("UDP-3.5", "takes back the payload it handed to a callback on an executor", CallbackFaults::executorPayloadTakenBack, "read after its callback returned"),
        c("UDP-3.3", "runs the callbacks it handed its busy executor after pause()", CallbackFaults::eachCallbackATaskOfItsOwn, "(callbacks on an executor, busy when the pause came)"),
        c("UDP-3.3", "makes receiveOne() receive continuously", ReceiveFaults::receiveOneIsContinuous, "receiveOne() hands over one datagram of those held"),
        c("UDP-3.3", "says a socket armed by receiveOne() is paused", InfoFaults::receivingOnlyWhenContinuous, "its datagram held and waiting for the busy executor"),
        c("UDP-3.3", "leaves a receiving socket receiving on receiveOne()", ReceiveFaults::receiveOneIgnoredWhileReceiving, "hands over one of them, then pauses"),
        c("UDP-3.6", "hands callbacks writable payloads", ReceiveFaults::writablePayloads, "must be read-only"),
        c("UDP-3.7", "runs send callbacks off the executor", ReceiveFaults::sendCallbacksOffTheExecutor, "a send callback ran on send-callbacks"),
        c("UDP-3.8", "makes setCallback wait for the next receive()", ReceiveFaults::setCallbackWaitsForReceive, "datagrams for the new callback"),
        c("UDP-3.8", "hands the datagram a replaced callback was running with to the new callback too", ThreadFaults::replacedMidCallHandedOnAgain, "out of order"),
        c("UDP-3.9", "lets one more callback begin after pause() called during a callback", ReceiveFaults::pauseDuringACallbackLetsOneMore, "a callback began after pause() returned"),
        c("UDP-3.9", "counts the running callback as receiveOne()'s one", ReceiveFaults::receiveOneDuringACallbackCountsIt, "the one datagram receiveOne() called during a callback delivers after it"),
        c("UDP-3.10", "ignores setConcurrentCallbacks", CloseFaults::ignoresConcurrentCallbacks, "did not run at once"),
        c("UDP-3.11", "drops what arrives while no callback is set", CallbackFaults::dropsWhileNoCallback, "the datagrams that arrived while no callback was set"),
        c("UDP-3.12", "keeps a held one-shot datagram's mark through close, so the reopened socket claims to receive", CallbackFaults::oneShotMarkOutlivesTheClose, "opened again after a close"),
        c("UDP-4.1", "calls send callbacks twice", SendFaults::callsBackTwice, "a send callback ran twice"),
        c("UDP-4.2", "completes sendAsync's future at once", SendFaults::futuresCompleteAtOnce, "Expected java.util.concurrent.ExecutionException to be thrown"),
        c("UDP-4.3", "resolves names on the caller's thread and throws", SendFaults::resolvesOnTheCallersThread, "unknown host"),
        c("UDP-4.4", "reopens a closed socket to send", SendFaults::sendReopens, "send 7 succeeded; a failure was expected"),
        c("UDP-4.4", "tells a failed send's outcome again when the next fails", SendFaults::failedOutcomesToldAgain, "of two sends to an address after close"),
        c("UDP-4.4", "fails a send without a destination after close as not connected", CloseFaults::closedWriteFailsAsNotConnected, "a send without a destination after close"),
        c("UDP-4.4", "ignores close() of a socket never opened", CloseFaults::closeOfANeverOpenedSocketIgnored, "send 9 succeeded; a failure was expected"),
        c("UDP-4.5", "always allows broadcast", SendFaults::broadcastAlwaysOn, "send 1 succeeded; a failure was expected"),
        c("UDP-4.6", "calls a send to port 0 sent", SendFaults::portZeroIsSent, "send 1 succeeded; a failure was expected"),
        c("UDP-4.7", "never sends empty datagrams", SendFaults::emptyDatagramsAreNotSent, "expected the empty datagram within"),
        c("UDP-4.8", "ignores the timeout", SendFaults::timeoutIsIgnored, "send 1 succeeded; a failure was expected"),
        c("UDP-4.9", "moves the caller's buffer position", SendFaults::consumesTheBuffer, "send moved the caller's position or limit"),
        c("UDP-4.9", "copies a heap buffer from its array's start", SendFaults::copiesFromTheArraysStart, "sent from a thread"),
        c("UDP-4.9", "stages a callback's direct buffers uncopied", SendFaults::stagesDirectBuffersUncopied, "sent from a receive callback"),
        c("UDP-4.9", "stages a callback's segmented sends uncopied", SegmentFaults::stagesSegmentedSendsUncopied, "sent from a receive callback"),
        c("UDP-4.9", "stages a callback's segmented heap slices from their array's start", SegmentFaults::stagesSegmentedSlicesFromTheArraysStart, "sent from a receive callback"),
        c("UDP-4.10", "ignores the error listener", SendFaults::errorListenerIsIgnored, "the error listener was not told"),
        c("UDP-4.11", "sends Strings as ISO-8859-1", SendFaults::stringsAsLatin1, "array lengths differ, expected: <15> but was: <9>"),
        c("UDP-4.12", "loses a callback's sends to a close", SendFaults::closeLosesSendsFromACallback, "no send callback within"),
        c("UDP-4.13", "lets sends to an address overtake sends to a name", SendFaults::literalsOvertakeNames, "send callbacks out of the order of the sends"),
        c("UDP-4.14", "forgets waiting sends at close", SendFaults::closeForgetsWaitingSends, "no send callback within"),
        c("UDP-5.1", "ignores connect's filter", PeerFaults::ignoresConnect, "a datagram from someone other than the peer arrived"),
        c("UDP-5.1", "only pretends to connect to an IPv6 peer", PeerFaults::ignoresConnectToIPv6, "other than the peer arrived (IPv6)"),
        c("UDP-5.2", "calls a connected socket's sends elsewhere sent", PeerFaults::sendsElsewhereVanish, "send 3 succeeded; a failure was expected"),
        c("UDP-5.3", "ignores a second connect", PeerFaults::secondConnectIgnored, "Expected java.lang.IllegalStateException to be thrown"),
        c("UDP-5.4", "closes the socket on a receive error", PeerFaults::receiveErrorsClose, "an ICMP error must not close the socket"),
        c("UDP-5.5", "runs onConnected on the caller's thread", PeerFaults::onConnectedInline, "onConnected ran on the caller's thread"),
        c("UDP-5.5", "hands onConnected to its executor before connecting", CallbackFaults::onConnectedBeforeConnecting, "found the socket connected to the peer"),
        c("UDP-5.6", "rebinds to a new port on connect", PeerFaults::connectRebinds, "the port after connect"),
        emptyWhenConnected("UDP-5.7", "never sends empty datagrams on a connected socket", PeerFaults::emptyWritesVanish, "expected the empty datagram written within"),
        c("UDP-5.8", "keeps what waited before connect", PeerFaults::connectKeepsWhatWaited, "the first datagram delivered after connect"),
        c("UDP-5.9", "makes connect on a receiving socket wait for a datagram", PeerFaults::connectWaitsForADatagram, "connect on a receiving socket did not return within"),
        c("UDP-6.1", "ignores reusePort", PeerFaults::reusePortIgnored, "Address already in use"),
        c("UDP-6.2", "inverts the broadcast flag", PeerFaults::broadcastFlagInverted, "info().broadcast() after broadcast(true)"),
        c("UDP-6.3", "shares every port", PeerFaults::reusePortAlwaysOn, "Expected net.udp.UdpException to be thrown"),
        c("UDP-6.4", "ignores reusePort on a bound socket", PeerFaults::lateReusePortIgnored, "Expected java.lang.IllegalStateException to be thrown"),
        c("UDP-7.1", "binds a port alone on IPv4 only", PeerFaults::portAloneBindsIPv4, "ipv6() of a socket bound to a port alone"),
        c("UDP-7.2", "ignores enableIPv", PeerFaults::ignoresEnableIPv, "ipv4() of an IPv6-only socket"),
        c("UDP-7.3", "ignores enableIPv", PeerFaults::ignoresEnableIPv, "ipv6() of an IPv4-only socket"),
        c("UDP-7.4", "ignores preferIPv", PeerFaults::preferenceIgnored, "expected: <java.net.Inet6Address> but was: <java.net.Inet4Address>"),
        c("UDP-7.4", "resolves a name by preference alone, whatever versions the socket carries", AddressFaults::namesResolvedByPreferenceAlone, "though the socket can use one of the name's addresses"),
        c("UDP-7.5", "ignores enableIPv on a bound socket", PeerFaults::lateEnableIPvIgnored, "Expected java.lang.IllegalStateException to be thrown"),
        c("UDP-7.6", "ignores enableIPv", PeerFaults::ignoresEnableIPv, "Enabled()"),
        c("UDP-7.6", "reports a socket bound to ::1 as dual-stack", InfoFaults::boundIPv6ClaimsIPv4, "ipv4() of a socket bound to ::1"),
        c("UDP-7.7", "prefers IPv6 by default", PeerFaults::prefersIPv6ByDefault, "the resolver gave"),
        c("UDP-7.8", "caches the last destination across sockets, by port", PeerFaults::destinationCacheByPort, "arrived at 127.0.0.1"),
        c("UDP-8.1", "claims versions for an unbound socket", InfoFaults::unboundClaimsVersions, "ipv4() of a socket not bound"),
        c("UDP-8.2", "says closed when open", InfoFaults::infoAlwaysClosed, "closed() after listen"),
        c("UDP-8.3", "leaves the peer out of info()", InfoFaults::peerLeftOut, "connected() after connect"),
        c("UDP-8.4", "shows a closed socket's old addresses", InfoFaults::closedKeepsAddresses, "localAddress() after close"),
        c("UDP-8.5", "counts UDP headers into bytes sent", InfoFaults::countsHeaders, "bytesSent"),
        c("UDP-8.6", "forgets the user data", InfoFaults::userDataForgotten, "userData()"),
        c("UDP-8.7", "ignores Udp's default timeout", InfoFaults::defaultTimeoutIgnored, "expected: <Optional[PT3S]> but was: <Optional.empty>"),
        c("UDP-8.8", "counts drops only from the next datagram", InfoFaults::dropsLag, "took 200 datagrams of 512 bytes"),
        c("UDP-8.8", "knows no drops of a dual-stack socket", InfoFaults::dualStackDropsUnknown, "for a socket bound to 0.0.0.0 and ::, dual-stack"),
        c("UDP-8.9", "reports the receive buffer asked for", InfoFaults::receiveBufferAsAsked, "socketReceiveBuffer() after setSocketReceiveBuffer("),
        c("UDP-8.9", "applies a send buffer size asked for before binding to the receive buffer", InfoFaults::sendBufferSetAsReceiveBuffer, "both before binding"),
        c("UDP-8.10", "counts failed sends as sent", InfoFaults::failuresCountedAsSent, "sendsFailed"),
        c("UDP-8.10", "does not count a send that fails while it waits for its name", InfoFaults::queuedFailuresUncounted, "failed while it waited for its name"),
        c("UDP-9.1", "calls back after close", LifeFaults::callsBackAfterClose, "close returned"),
        c("UDP-9.1", "hands each datagram to a thread close knows nothing of", CloseFaults::handsCallbacksOffUnwatched, "close returned"),
        c("UDP-9.2", "calls back after close", LifeFaults::callsBackAfterClose, "callbacks ran after the callback closed the socket"),
        c("UDP-9.3", "throws on a second close", LifeFaults::secondCloseThrows, "already closed"),
        c("UDP-9.4", "pauses a socket whose callback throws", LifeFaults::throwingCallbackStopsDelivery, "for all ten datagrams at the throwing callback"),
        c("UDP-9.4", "pauses a socket whose callback throws on its executor", ExecutorFaults::throwOnAnExecutorStopsDelivery, "at the throwing callback on an executor"),
        c("UDP-9.5", "runs every socket's callbacks on one thread", LifeFaults::oneThreadForAll, "while the other socket's callback is stuck"),
        c("UDP-9.6", "leaks a descriptor every tenth listen", LifeFaults::leaksDescriptors, "after 1000 open/close cycles"),
        c("UDP-9.6", "leaks the channel of a listen that fails", LifeFaults::leaksFailedListens, "100 of whose listens failed"),
        c("UDP-9.7", "carries counters over a reopen", LifeFaults::countersSurviveReopen, "datagramsSent after the reopen"),
        c("UDP-9.7", "carries the receive counters over a reopen", LifeFaults::receiveCountersSurviveReopen, "datagramsReceived after the reopen"),
        c("UDP-9.7", "keeps receiving across a close and a reopen", CloseFaults::keepsReceivingAcrossAReopen, "after the reopen, before receive()"),
        c("UDP-9.7", "does not set SO_BROADCAST again when it reopens", LifeFaults::broadcastNotSetOnReopen, "send 1 failed"),
        c("UDP-9.7", "resets every counter on reopen but callbackFailures", InfoFaults::callbackFailuresOutliveAReopen, "callbackFailures after the reopen"),
        c("UDP-9.8", "ignores receive on a closed socket", LifeFaults::receiveOnClosedIgnored, "Expected java.lang.IllegalStateException to be thrown"),
        c("UDP-9.9", "frees the port only when a running callback returns", LifeFaults::closeWaitsForTheCallback, "another socket to bind the port"),
        c("UDP-9.9", "completes the close future before close waits for a running callback", CloseFaults::closeFutureCompletesEarly, "the close future completed while close waited"),
        c("UDP-9.10", "hands every caller the socket's own close future", CloseFaults::sharesTheCloseFuture, "completing the future a caller got completed the socket's"),
        c("UDP-9.10", "keeps the first life's close future for every later life", CloseFaults::oneCloseFutureForEveryLife, "a socket opened again has the close future of its earlier life"),
        c("UDP-10.1", "accepts ports out of range", InputFaults::acceptsAnyPort, "IllegalArgumentException"),
        c("UDP-10.1", "refuses port 65535", InputFaults::refusesTheHighestPort, "port out of range: 65535"),
        c("UDP-10.2", "binds the wildcard for a null host", InputFaults::nullHostIsTheWildcard, "expected: <java.lang.NullPointerException> but was: <java.lang.IllegalStateException>"),
        c("UDP-10.3", "binds the wildcard for a blank host", InputFaults::blankHostIsTheWildcard, "Expected java.lang.IllegalArgumentException to be thrown"),
        c("UDP-10.5", "accepts any IP version", InputFaults::anyVersionAccepted, "Expected java.lang.IllegalArgumentException to be thrown"),
        c("UDP-10.6", "ignores receive without a callback", InputFaults::receiveWithoutCallbackIgnored, "Expected java.lang.IllegalStateException to be thrown"),
        c("UDP-10.7", "hands numbers to the platform's resolver", InputFaults::numbersLookedUp, "send to "),
        c("UDP-10.8", "rebinds on a second listen", InputFaults::listenRebinds, "Expected java.lang.IllegalStateException to be thrown"),
        c("UDP-11.1", "drops every twentieth datagram", ReceiveFaults::dropsEveryTwentieth, "the receiver to keep up"),
        c("UDP-11.2", "serves at most 64 sockets", InputFaults::servesSixtyFourSockets, "expected 20 datagrams; only 0 arrived"),
        c("UDP-11.3", "reports one drop too many", InfoFaults::oneDropTooMany, "kernel drops reported"),
        c("UDP-12.1", "pauses a socket whose callback throws an Error", LifeFaults::errorStopsDelivery, "the throwing callback to be called"),
        c("UDP-12.1", "ends its executor's task when a send callback throws an error", ExecutorFaults::errorInASendCallbackEndsTheExecutorsTask, "was never called back on an executor"),
        c("UDP-12.2", "loses tasks its executor throws on", LifeFaults::throwingExecutorLosesTasks, "no send callback within"),
        c("UDP-12.3", "reads the executor only when opening", LifeFaults::executorFixedAtOpen, "held datagrams after the executor was replaced"),
        c("UDP-12.3", "runs the callbacks it moved to a new executor again on the old one", CallbackFaults::movedCallbacksRunTwice, "ran again on it once it was free"),
        c("UDP-12.4", "replays old datagrams after a reopen", LifeFaults::reopenReplaysOldDatagrams, "datagrams of the closed socket were delivered after close returned"),
        c("UDP-12.5", "lets executor tasks call back after close", LifeFaults::executorTasksIgnoreClose, "a receive callback ran for a socket closed before its executor ran the task"),
        c("UDP-12.5", "hands each datagram to a thread close knows nothing of", CloseFaults::handsCallbacksOffUnwatched, "close returned"),
        c("UDP-12.6", "loses a callback's sends beyond the queue", LifeFaults::callbackSendsOverflow, "no send callback within"),
        c("UDP-12.7", "counts no failing callback", LifeFaults::uncountedCallbackFailures, "fifty failures counted"),
        c("UDP-12.7", "counts no callback that fails on its executor", ExecutorFaults::failuresOnAnExecutorUncounted, "fifty failures counted on an executor"),
        c("UDP-12.8", "polls for the next datagram once receiveOne's is delivered", PressureFaults::pausedSocketPolls, "it polls instead of sleeping"),
        c("UDP-13.1", "never joins IPv4 groups", MulticastFaults::ipv4GroupsNotJoined, "the datagram sent to 239.1.2.3"),
        c("UDP-13.2", "never joins IPv6 groups", MulticastFaults::ipv6GroupsNotJoined, "the datagram sent to ff15::1:2:3"),
        c("UDP-13.3", "joins for any source what should be for one", MulticastFaults::sourceIgnored, "a datagram from a source the membership does not name arrived"),
        c("UDP-13.4", "does not leave a group on drop()", MulticastFaults::dropLeavesNothing, "a socket that left the group receives none of its datagrams"),
        c("UDP-13.5", "records block() without blocking", MulticastFaults::blockRecordedOnly, "a blocked source's datagram arrived"),
        c("UDP-13.6", "ignores setMulticastTtl", MulticastFaults::ttlIgnored, "the TTL read from the kernel after setMulticastTtl(5)"),
        c("UDP-13.7", "ignores setMulticastLoopback", MulticastFaults::loopbackIgnored, "with loopback off, this host's members do not receive"),
        c("UDP-13.8", "joins a group once per port", MulticastFaults::oneMemberPerPort, "announcements at listener"),
        c("UDP-13.9", "leaves blocked sources out of info()", MulticastFaults::blockedLeftOutOfInfo, "memberships()"),
        c("UDP-13.10", "accepts unicast groups", MulticastFaults::unicastJoinAccepted, "a unicast address is refused"),
        c("UDP-13.11", "keeps memberships valid past close()", MulticastFaults::membershipsOutliveClose, "a membership after its socket closed"),
        c("UDP-14.1", "loses a segmented send's last, shorter segment", SegmentFaults::lastSegmentLost, "datagrams of"),
        c("UDP-14.1", "sends nothing for an empty segmented send, and calls it sent", SegmentFaults::emptySegmentedSendSendsNothing, "the one empty datagram of"),
        c("UDP-14.1", "calls a segmented send back on the sending thread", SegmentFaults::segmentsCalledBackOnTheCaller, "on the sending thread"),
        c("UDP-14.2", "calls a segmented send back once per datagram", SegmentFaults::segmentsCalledBackEach, "called back more than once"),
        c("UDP-14.3", "delivers coalesced datagrams as one", ReceiveFaults::coalescedDatagramsDeliveredWhole, "sent in one segmented send"),
        c("UDP-19.1", "shows don't-fragment in info() but never sets it", InfoFaults::dontFragmentOnlyNoted, "with don't-fragment from an IPv4 socket, was sent"),
        c("UDP-5.10", "calls an empty datagram on a connected socket sent", PeerFaults::emptyWriteCalledSent, "succeeded; a failure was expected"),
        c("UDP-15.5", "holds one send more than its capacity", QueueFaults::queueOneOver, "isWritable() with"),
        c("UDP-18.7", "sends a datagram without the ECN codepoint or source it cannot give it", SendFaults::marksIgnored, "succeeded; a failure was expected"),
        c("UDP-18.1", "claims the metadata it was asked for, and collects none", InfoFaults::claimsMetadataItLacks, "but a datagram arrived without it"),
        c("UDP-18.8", "tells no datagram truncated", MetadataFaults::truncationNotTold, "truncated() of a datagram of"),
        c("UDP-18.8", "tells a datagram exactly as long as the buffer truncated", MetadataFaults::wholeDatagramAtTheBufferToldTruncated, "truncated() of a datagram of"),
        c("UDP-14.5", "reports each failed segment of a send with no callback", SegmentFaults::segmentFailuresReportedEach, "reported more than once"),
        c("UDP-14.6", "takes the part of a segmented send a small kernel buffer accepted for the whole", PressureFaults::segmentsBeyondTheFirstGroupLost, "into a full kernel buffer"),
        c("UDP-14.4", "calls a batch's datagrams back with the batch's first tag", SegmentFaults::batchTagsLost, "with their own tags"),
        c("UDP-14.4", "skips the first datagram of each 64 after the first, and calls it sent", SegmentFaults::batchSkipsTheFirstOfEachLaterCall, "send 64 succeeded"),
        c("UDP-15.1", "calls a send sent, and sends it nowhere, while the kernel is busy", PressureFaults::busyKernelSendsVanish, "called back as sent, but only"),
        c("UDP-15.1", "holds the sends that wait for the kernel until the next send", PressureFaults::waitingSendsAwaitTheNextCall, "did not leave when it drained"),
        c("UDP-15.1", "sends its datagrams in pairs with their payloads swapped", PressureFaults::sendsSwappedInPairs, "out of the order of the sends"),
        c("UDP-15.2", "lets a socket keep the loop while datagrams keep coming", PressureFaults::floodedSocketKeepsTheLoop, "starves the others"),
        c("UDP-15.6", "never reads again once its callbacks fell 1024 behind", PressureFaults::neverReadsAgainAfterFallingBehind, "once it ran again"),
        c("UDP-15.6", "hands every datagram read to a held-up executor, without bound", PressureFaults::holdsWithoutBound, "holds them without bound"),
        queuing("UDP-15.3", "says there is always room in the send queue", QueueFaults::alwaysWritable, "the send queue is full"),
        queuing("UDP-15.3", "says a full send queue is writable", QueueFaults::writableFlagStuck, "isWritable() was never false"),
        queuing("UDP-15.3", "never tells a sender waiting for room that there is some", QueueFaults::roomNeverTold, "no room in a send queue of"),
        queuing("UDP-15.3", "leaves the send that waits alone in a queue of one for the next call to move", QueueFaults::loneWaitingSendStalls, "no room in a send queue of 1 within"),
        queuing("UDP-15.3", "leaves the send that waits alone in a queue of one for the next call to move, once closed and opened again",
            QueueFaults::loneWaitingSendStallsOnceReopened, "opened again after a close with sends waiting within"),
        queuing("UDP-15.4", "forgets the sends that wait when it closes", QueueFaults::closeForgetsWaitingSends, "the sends that waited were not told"),
        queuing("UDP-15.4", "calls the sends its close failed sent", QueueFaults::closeCallsWaitingSendsSent, "the datagrams that arrived are those called back as sent"),
        queuing("UDP-15.7", "spins once its send queue has filled, until it closes", QueueFaults::spinsOnceTheQueueFilled, "and spins"),
        c("UDP-16.1", "tells the error listener of failures their callbacks were told of", BookkeepingFaults::failuresToldTwice, "the error listener was told of failures"),
        c("UDP-16.2", "counts a segmented send as one datagram", BookkeepingFaults::segmentedSendCountedOnce, "datagramsSent"),
        c("UDP-17.1", "runs receive and send callbacks under a lock of its own", CloseFaults::callbacksUnderALock, "callbacks ran under a lock"),
        queuing("UDP-17.1", "fails the sends a close finds waiting 300 ms later, under a lock", CloseFaults::closeFailuresToldLaterUnderALock, "send (failed by close)"),
        group("UDP-20.1", "binds each server group member to the port asked for, 0, not the one the first was given", GroupFaults::membersOnPortsOfTheirOwn, "not the group's port"),
        group("UDP-20.1", "binds every server group member but the first where no client sends", GroupFaults::othersOnAnAddressNoOneSendsTo, "all reached one member"),
        group("UDP-20.1", "sums only the first member's counters in a server group's info()", GroupFaults::sumsTheFirstMemberOnly, "sums the members'"),
        group("UDP-20.2", "binds server group members to 0.0.0.0", GroupFaults::membersOnIPv4Only, "the reply to client"),
        group("UDP-20.3", "closes only the first member of a server group", GroupFaults::closesTheFirstMemberOnly, "still open after the group closed"),
        group("UDP-20.4", "opens one server group member more than asked", GroupFaults::oneMemberTooMany, "members()"),
        group("UDP-20.4", "steers groups of three or more, not of two", GroupFaults::groupsOfTwoUnsteered, "steered() of a group of 2"),
        group("UDP-20.5", "opens a server group of no members", GroupFaults::acceptsNoMembers, "serverGroup(0, 0)"));
  }

  /** Closes what the descriptor-leaking fault left open. */
  public static void cleanUp() {
    MulticastFaults.PER_PORT.clear();
    for (DatagramChannel leaked : LifeFaults.LEAKED) {
      try {
        leaked.close();
      } catch (IOException e) {
        // closed anyway
      }
    }
    LifeFaults.LEAKED.clear();
  }
}
