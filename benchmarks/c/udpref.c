/*
 * The C reference for the net.udp benchmarks: what this machine's kernel allows, with no
 * runtime in the way. Built by benchmarks/run with gcc -O2.
 *
 *   udpref drain recvmmsg|recvfrom COUNT SIZE BATCH ROUNDS
 *     fills a loopback socket's queue with COUNT datagrams of SIZE bytes while nothing reads,
 *     then times draining them with recvmmsg (BATCH at a time) or recvfrom; prints the median,
 *     p10 and p90 nanoseconds per datagram over ROUNDS. As in the JMH benchmarks, a filler
 *     thread on CPU 1 queues the datagrams and the main thread drains them on CPU 0 (draining
 *     on the core that queued them finds them in its cache: SAME_CORE=1 measures that case).
 *   udpref bulk sendto|sendmmsg|gso ROUNDS
 *     times sending 16 MiB as 1200-byte datagrams to a loopback sink that never reads: one sendto
 *     per datagram, sendmmsg of 64, or sendmsg with UDP_SEGMENT of 54 segments; prints the median,
 *     p10 and p90 nanoseconds per datagram over ROUNDS.
 *   [PLACEMENT=shared|split] udpref pingpong|pingpong-spin ROUNDS
 *     (pingpong-spin polls with MSG_DONTWAIT instead of sleeping in recv; PLACEMENT pins both ends
 *     to CPU 0, or the client to CPU 0 and the echo to CPU 1)
 *     times the round trip of a 64-byte datagram between two loopback sockets (an echo thread),
 *     prints the median and p99 in nanoseconds.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what) {
  perror(what);
  exit(2);
}

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t) t.tv_sec * 1000000000ull + (uint64_t) t.tv_nsec;
}

static int bound_socket(struct sockaddr_in *addr, int rcvbuf) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) die("socket");
  if (rcvbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf) < 0) die("SO_RCVBUF");
  memset(addr, 0, sizeof *addr);
  addr->sin_family = AF_INET;
  addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *) addr, sizeof *addr) < 0) die("bind");
  socklen_t len = sizeof *addr;
  if (getsockname(fd, (struct sockaddr *) addr, &len) < 0) die("getsockname");
  return fd;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

struct filler {
  int tx, size, count;
  struct sockaddr_in *to;
  char *payload;
  atomic_int go, done;
};

static void pin(int cpu) {
  if (sysconf(_SC_NPROCESSORS_ONLN) < 2) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

static void fill(struct filler *f) {
  for (int i = 0; i < f->count; i++) {
    if (sendto(f->tx, f->payload, f->size, 0, (struct sockaddr *) f->to, sizeof *f->to) != f->size) die("sendto");
  }
}

static void *filler_thread(void *arg) {
  struct filler *f = arg;
  pin(1);
  for (;;) {
    while (!atomic_load(&f->go)) sched_yield();
    atomic_store(&f->go, 0);
    fill(f);
    atomic_store(&f->done, 1);
  }
  return NULL;
}

static int drain(int argc, char **argv) {
  if (argc != 7) return 1;
  int recvmmsg_mode = strcmp(argv[2], "recvmmsg") == 0;
  int count = atoi(argv[3]), size = atoi(argv[4]), batch = atoi(argv[5]), rounds = atoi(argv[6]);
  struct sockaddr_in to;
  int rx = bound_socket(&to, 64 << 20);
  struct sockaddr_in from_addr;
  int tx = bound_socket(&from_addr, 0);
  char *payload = calloc(1, size);
  int same_core = getenv("SAME_CORE") != NULL;
  struct filler f = {tx, size, count, &to, payload, 0, 0};
  pthread_t thread;
  if (!same_core) {
    pthread_create(&thread, NULL, filler_thread, &f);
    pin(0);
  }
  char *slots = malloc((size_t) batch * 65536);
  struct mmsghdr *msgs = calloc(batch, sizeof *msgs);
  struct iovec *iovs = calloc(batch, sizeof *iovs);
  struct sockaddr_in6 *names = calloc(batch, sizeof *names);
  double *per = malloc(sizeof(double) * rounds);
  for (int r = 0; r < rounds; r++) {
    if (same_core) {
      fill(&f);
    } else {
      atomic_store(&f.done, 0);
      atomic_store(&f.go, 1);
      while (!atomic_load(&f.done)) sched_yield();
    }
    int got = 0;
    uint64_t start = now_ns();
    while (got < count) {
      if (recvmmsg_mode) {
        for (int i = 0; i < batch; i++) {
          iovs[i].iov_base = slots + (size_t) i * 65536;
          iovs[i].iov_len = 65536;
          msgs[i].msg_hdr.msg_iov = &iovs[i];
          msgs[i].msg_hdr.msg_iovlen = 1;
          msgs[i].msg_hdr.msg_name = &names[i];
          msgs[i].msg_hdr.msg_namelen = sizeof names[i];
        }
        int n = recvmmsg(rx, msgs, batch, MSG_DONTWAIT, NULL);
        if (n < 0) {
          if (errno == EAGAIN) break;
          die("recvmmsg");
        }
        got += n;
      } else {
        struct sockaddr_in6 name;
        socklen_t len = sizeof name;
        ssize_t n = recvfrom(rx, slots, 65536, MSG_DONTWAIT, (struct sockaddr *) &name, &len);
        if (n < 0) {
          if (errno == EAGAIN) break;
          die("recvfrom");
        }
        got++;
      }
    }
    uint64_t elapsed = now_ns() - start;
    if (got != count) {
      fprintf(stderr, "round %d: %d of %d datagrams were queued (the kernel dropped the rest)\n", r, got, count);
      return 3;
    }
    per[r] = (double) elapsed / count;
  }
  qsort(per, rounds, sizeof *per, compare);
  printf("median_ns=%.1f p10_ns=%.1f p90_ns=%.1f rounds=%d count=%d size=%d batch=%d cores=%s\n",
         per[rounds / 2], per[rounds / 10], per[rounds * 9 / 10], rounds, count, size, recvmmsg_mode ? batch : 1,
         same_core ? "same" : "cross");
  return 0;
}

#define BULK_BYTES (16 << 20)
#define BULK_SEGMENT 1200
#define BULK_DATAGRAMS ((BULK_BYTES + BULK_SEGMENT - 1) / BULK_SEGMENT)

static int bulk(int argc, char **argv) {
  if (argc != 4) return 1;
  int mode = strcmp(argv[2], "sendto") == 0 ? 0 : strcmp(argv[2], "sendmmsg") == 0 ? 1 : strcmp(argv[2], "gso") == 0 ? 2 : -1;
  if (mode < 0) return 1;
  int rounds = atoi(argv[3]);
  struct sockaddr_in sink_addr, from_addr;
  int sink = bound_socket(&sink_addr, 4096);
  int tx = bound_socket(&from_addr, 0);
  int sndbuf = 4 << 20;
  setsockopt(tx, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
  char *data = malloc(BULK_BYTES);
  for (int i = 0; i < BULK_BYTES; i++) data[i] = (char) (i * 31 + i / BULK_SEGMENT);
  struct mmsghdr msgs[64];
  struct iovec iovs[64];
  int per_call = 65507 / BULK_SEGMENT;
  char control[CMSG_SPACE(sizeof(uint16_t))];
  double *per = malloc(sizeof(double) * rounds);
  for (int r = 0; r < rounds; r++) {
    uint64_t start = now_ns();
    if (mode == 0) {
      for (int at = 0; at < BULK_BYTES; at += BULK_SEGMENT) {
        int len = BULK_BYTES - at < BULK_SEGMENT ? BULK_BYTES - at : BULK_SEGMENT;
        if (sendto(tx, data + at, len, 0, (struct sockaddr *) &sink_addr, sizeof sink_addr) < 0) die("sendto");
      }
    } else if (mode == 1) {
      for (int at = 0; at < BULK_BYTES;) {
        int n = 0;
        for (; n < 64 && at < BULK_BYTES; n++, at += BULK_SEGMENT) {
          iovs[n].iov_base = data + at;
          iovs[n].iov_len = BULK_BYTES - at < BULK_SEGMENT ? BULK_BYTES - at : BULK_SEGMENT;
          memset(&msgs[n], 0, sizeof msgs[n]);
          msgs[n].msg_hdr.msg_iov = &iovs[n];
          msgs[n].msg_hdr.msg_iovlen = 1;
          msgs[n].msg_hdr.msg_name = &sink_addr;
          msgs[n].msg_hdr.msg_namelen = sizeof sink_addr;
        }
        for (int done = 0; done < n;) {
          int sent = sendmmsg(tx, msgs + done, n - done, 0);
          if (sent < 0) die("sendmmsg");
          done += sent;
        }
      }
    } else {
      for (int at = 0; at < BULK_BYTES; at += per_call * BULK_SEGMENT) {
        struct iovec iov = {data + at, BULK_BYTES - at < per_call * BULK_SEGMENT ? BULK_BYTES - at : per_call * BULK_SEGMENT};
        struct msghdr m = {0};
        m.msg_name = &sink_addr;
        m.msg_namelen = sizeof sink_addr;
        m.msg_iov = &iov;
        m.msg_iovlen = 1;
        m.msg_control = control;
        m.msg_controllen = sizeof control;
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_UDP;
        c->cmsg_type = UDP_SEGMENT;
        c->cmsg_len = CMSG_LEN(sizeof(uint16_t));
        *(uint16_t *) CMSG_DATA(c) = BULK_SEGMENT;
        if (sendmsg(tx, &m, 0) < 0) die("sendmsg UDP_SEGMENT");
      }
    }
    per[r] = (double) (now_ns() - start) / BULK_DATAGRAMS;
  }
  qsort(per, rounds, sizeof *per, compare);
  printf("median_ns=%.1f p10_ns=%.1f p90_ns=%.1f rounds=%d datagrams=%d mode=%s\n",
         per[rounds / 2], per[rounds / 10], per[rounds * 9 / 10], rounds, BULK_DATAGRAMS, argv[2]);
  close(sink);
  close(tx);
  return 0;
}

static int echo_fd;
static int spinning; /* both ends poll with MSG_DONTWAIT instead of sleeping in recv */
static int echo_cpu = -1, client_cpu = -1; /* PLACEMENT=shared: both 0; split: client 0, echo 1 */

static ssize_t receive(int fd, char *buffer, size_t size, struct sockaddr *from, socklen_t *len) {
  for (;;) {
    ssize_t n = recvfrom(fd, buffer, size, spinning ? MSG_DONTWAIT : 0, from, len);
    if (n >= 0 || !spinning || (errno != EAGAIN && errno != EWOULDBLOCK)) return n;
  }
}

static void *echo(void *unused) {
  (void) unused;
  if (echo_cpu >= 0) pin(echo_cpu);
  char buffer[2048];
  for (;;) {
    struct sockaddr_in6 from;
    socklen_t len = sizeof from;
    ssize_t n = receive(echo_fd, buffer, sizeof buffer, (struct sockaddr *) &from, &len);
    if (n < 0) continue;
    sendto(echo_fd, buffer, n, 0, (struct sockaddr *) &from, len);
  }
  return NULL;
}

static int pingpong(int argc, char **argv) {
  if (argc != 3) return 1;
  spinning = strcmp(argv[1], "pingpong-spin") == 0;
  const char *placement = getenv("PLACEMENT");
  if (placement != NULL && strcmp(placement, "shared") == 0) {
    echo_cpu = 0;
    client_cpu = 0;
  } else if (placement != NULL && strcmp(placement, "split") == 0) {
    echo_cpu = 1;
    client_cpu = 0;
  }
  if (client_cpu >= 0) pin(client_cpu);
  int rounds = atoi(argv[2]);
  struct sockaddr_in server, client;
  echo_fd = bound_socket(&server, 0);
  int fd = bound_socket(&client, 0);
  pthread_t thread;
  pthread_create(&thread, NULL, echo, NULL);
  char payload[64] = {0}, reply[2048];
  double *rtt = malloc(sizeof(double) * rounds);
  for (int warm = 0; warm < 1000; warm++) {
    sendto(fd, payload, sizeof payload, 0, (struct sockaddr *) &server, sizeof server);
    receive(fd, reply, sizeof reply, NULL, NULL);
  }
  for (int r = 0; r < rounds; r++) {
    uint64_t start = now_ns();
    if (sendto(fd, payload, sizeof payload, 0, (struct sockaddr *) &server, sizeof server) < 0) die("sendto");
    if (receive(fd, reply, sizeof reply, NULL, NULL) < 0) die("recv");
    rtt[r] = (double) (now_ns() - start);
  }
  qsort(rtt, rounds, sizeof *rtt, compare);
  printf("median_ns=%.0f p99_ns=%.0f rounds=%d\n", rtt[rounds / 2], rtt[rounds * 99 / 100], rounds);
  return 0;
}

int main(int argc, char **argv) {
  int status = 1;
  if (argc > 1 && strcmp(argv[1], "drain") == 0) status = drain(argc, argv);
  if (argc > 1 && (strcmp(argv[1], "pingpong") == 0 || strcmp(argv[1], "pingpong-spin") == 0)) status = pingpong(argc, argv);
  if (argc > 1 && strcmp(argv[1], "bulk") == 0) status = bulk(argc, argv);
  if (status == 1) {
    fprintf(stderr, "usage: udpref drain recvmmsg|recvfrom COUNT SIZE BATCH ROUNDS | udpref bulk sendto|sendmmsg|gso ROUNDS | [PLACEMENT=shared|split] udpref pingpong|pingpong-spin ROUNDS\n");
  }
  return status;
}
