# The network the multicast rules run on, made inside a network namespace of their own so that no
# datagram can leave the machine: loopback, and a veth pair (mc0, mc1) whose two ends are both in
# the namespace. IPv6 multicast does not loop back on lo, so the rules use mc0 and mc1: a datagram
# sent out of mc0 arrives at mc1, and loops back to mc0's own members. mc0 has two addresses of each
# version, two sources for the rules on source-specific membership and blocking.
set -e
sysctl -qw net.ipv6.conf.all.accept_dad=0 2>/dev/null || true
sysctl -qw net.ipv6.conf.default.accept_dad=0 2>/dev/null || true
ip link set lo up
ip link add mc0 type veth peer name mc1
ip addr add 10.9.0.1/24 dev mc0
ip addr add 10.9.0.3/24 dev mc0
ip addr add 10.9.0.2/24 dev mc1
ip -6 addr add fd00:9::1/64 dev mc0 nodad
ip -6 addr add fd00:9::3/64 dev mc0 nodad
ip -6 addr add fd00:9::2/64 dev mc1 nodad
ip link set mc0 up
ip link set mc1 up
ip route add 224.0.0.0/4 dev mc0
# Both ends are this host's: let an IPv4 datagram from mc0's addresses in at mc1, which the
# reverse-path filter and the martian-source check would otherwise drop.
sysctl -qw net.ipv4.conf.all.rp_filter=0
sysctl -qw net.ipv4.conf.mc1.rp_filter=0
sysctl -qw net.ipv4.conf.mc1.accept_local=1

# The slow path of the pressure rules: datagrams to 127.0.0.9 leave loopback at 8 Mbit/s (an HTB
# class; everything else bypasses HTB's shaping through its direct queue), so that a sender with a
# small SO_SNDBUF finds the kernel's send buffer full (EAGAIN) and gets room again as the class
# drains. Loopback alone never refuses a UDP send. Where HTB is missing, those rules are skipped
# with the reason.
if tc qdisc add dev lo root handle 1: htb 2>/dev/null; then
  tc class add dev lo parent 1: classid 1:9 htb rate 8mbit burst 4kb
  tc filter add dev lo parent 1: protocol ip prio 1 u32 match ip dst 127.0.0.9/32 flowid 1:9
else
  echo "netns-setup: no HTB queueing discipline here: the rules that fill a send buffer will be skipped" >&2
fi

# The narrow path of the MTU rules: 127.0.0.10 is reached over a route whose MTU is 1280, as a
# tunnel or an IPv6-minimum path would be, where loopback's is 65536.
ip route replace local 127.0.0.10 dev lo mtu lock 1280 table local \
  || echo "netns-setup: no route with an MTU of its own here: the MTU rules will be skipped" >&2
