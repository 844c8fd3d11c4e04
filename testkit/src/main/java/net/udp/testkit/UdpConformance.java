package net.udp.testkit;

/**
 * Every conformance rule. A provider passes the testkit when a test class implementing this
 * interface passes:
 *
 * {@snippet :
 * class MyProviderConformanceTest implements UdpConformance {
 *   @Override
 *   public UdpProvider provider() {
 *     return new MyProvider();
 *   }
 * }
 * }
 *
 * The rules are grouped, one interface per group, so that a provider may also run a group alone.
 * Rules a host cannot run (IPv6 without an IPv6 loopback, say) are skipped with the reason.
 */
public interface UdpConformance
    extends DeliveryRules,
        SizeRules,
        ModeRules,
        ModeChangeRules,
        SendRules,
        SendBufferRules,
        ConnectRules,
        BroadcastRules,
        VersionRules,
        InfoRules,
        LifeCycleRules,
        BadInputRules,
        LoadRules,
        RobustnessRules,
        ThrowingCallbackRules,
        MulticastRules,
        SegmentRules,
        PressureRules,
        QueueRules,
        BookkeepingRules,
        CallbackRules,
        MetadataRules,
        SentMetadataRules,
        MtuRules,
        GroupRules {}
