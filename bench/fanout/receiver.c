/*
 * rtp-receiver <port> <absCaptureTimeExtId>
 *
 * Counts the (S)RTP packets that many mediasoup PlainTransport consumers send to one local UDP
 * port: loss from RTP sequence numbers, forwarding delay from the abs-capture-time header
 * extension against the kernel's arrival timestamp. SRTP leaves the RTP header and its
 * extensions in clear text, so nothing is decrypted. It must stay far from being the bottleneck
 * (60k packets/s on one core): one recvmmsg per 64 packets, no allocation, O(1) per packet.
 *
 * stdout: first line {"port":N}; then one JSON line per "snap" line read on stdin, after which
 * the window counters restart, and per "firsts" line the first arrival time of every SSRC.
 * Exits 0 on stdin EOF.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define HEAD_MAX 512 /* only headers are read: RTP + CSRCs + extensions fit easily */
#define CTRL_MAX 128
#define MAX_SSRCS 16384
#define SLOTS (2 * MAX_SSRCS) /* load factor <= 0.5 keeps probe chains short */
#define BUCKET_NS 10000LL     /* 10 µs */
#define BUCKETS 200000        /* up to 2 s; one more for the overflow */
#define NTP_UNIX_OFFSET 2208988800ULL
#define PROBATOR_SSRC 1234u /* mediasoup RTC::RtpProbationSsrc */
#define IDLE_SLEEP_NS 1000000 /* see main() */
#define MAX_DROPOUT 3000 /* RFC 3550 appendix A.1 */
#define MAX_MISORDER 100

struct ssrc_state {
  uint32_t ssrc;
  uint8_t used;
  uint16_t max_seq;
  uint32_t bad_seq; /* RFC 3550: a large jump is believed once the next packet follows it */
  int64_t cycles;   /* seq wraps x 65536 */
  int64_t base;     /* extended highest seq at window start */
  uint32_t received; /* in the window */
  int64_t first_ns;  /* kernel arrival time of the first packet (join benchmark) */
};

static struct ssrc_state table[SLOTS];
static unsigned ssrc_count;
static uint32_t hist[BUCKETS + 1];

/* Window counters, reset by each snapshot. */
static uint64_t w_packets, w_bytes, w_samples, w_negative, w_calls;
static unsigned w_ssrcs;
static int64_t w_max_delay_ns;
static uint32_t drops_total, drops_at_start;
static struct timespec w_start;
static double w_cpu_start_ms;

static int ext_id;

static inline uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t rd32(const uint8_t *p) { return (uint32_t)rd16(p) << 16 | rd16(p + 2); }
static inline uint64_t rd64(const uint8_t *p) { return (uint64_t)rd32(p) << 32 | rd32(p + 4); }
static inline int64_t ext_max(const struct ssrc_state *s) { return s->cycles + s->max_seq; }

static double cpu_ms(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

/* NULL when the table is full: such a stream still counts packets, just not loss. */
static struct ssrc_state *lookup(uint32_t ssrc, int *fresh) {
  uint32_t i = (ssrc * 2654435761u) & (SLOTS - 1);
  for (; table[i].used; i = (i + 1) & (SLOTS - 1))
    if (table[i].ssrc == ssrc) return &table[i];
  if (ssrc_count >= MAX_SSRCS) return NULL;
  ssrc_count++;
  *fresh = 1;
  table[i].used = 1;
  table[i].ssrc = ssrc;
  return &table[i];
}

/* RFC 3550 appendix A.1 update_seq, without the probation of new sources. */
static void update_seq(struct ssrc_state *s, uint16_t seq) {
  uint16_t udelta = (uint16_t)(seq - s->max_seq);
  if (udelta < MAX_DROPOUT) {
    if (seq < s->max_seq) s->cycles += 65536;
    s->max_seq = seq;
  } else if (udelta <= 65536 - MAX_MISORDER) {
    if (seq != s->bad_seq) {
      s->bad_seq = (uint32_t)((seq + 1) & 0xffff);
      return;
    }
    /* Two in a row after a big jump: the sender restarted. Move the window base by the jump
     * so that the gap is not loss and both packets of the new run are expected. */
    int64_t before = ext_max(s);
    s->max_seq = seq;
    s->base += ext_max(s) - before - 2;
  } /* else a duplicate or reordered packet: received, not the new highest */
  s->bad_seq = 0x10000; /* never matches a 16-bit seq */
}

/* The abs-capture-time NTP timestamp of an RTP packet, or 0 when it has none. */
static uint64_t find_capture_time(const uint8_t *p, size_t len, size_t off) {
  if (off + 4 > len) return 0;
  uint16_t profile = rd16(p + off);
  size_t end = off + 4 + 4 * (size_t)rd16(p + off + 2);
  int two_byte = (profile & 0xfff0) == 0x1000;
  if (end > len || (profile != 0xBEDE && !two_byte)) return 0;
  for (off += 4; off < end;) {
    unsigned id, elen;
    if (two_byte) {
      if (p[off] == 0) { off++; continue; } /* padding */
      if (off + 2 > end) break;
      id = p[off];
      elen = p[off + 1];
      off += 2;
    } else {
      if (p[off] == 0) { off++; continue; }
      id = p[off] >> 4;
      elen = (p[off] & 0xf) + 1u;
      off += 1;
      if (id == 15) break; /* RFC 8285: stop parsing */
    }
    if (off + elen > end) break;
    if (id == (unsigned)ext_id && (elen == 8 || elen == 16)) return rd64(p + off);
    off += elen;
  }
  return 0;
}

static void on_packet(const uint8_t *p, size_t len, int64_t arrival_ns) {
  if (len < 12 || (p[0] >> 6) != 2) return;
  if (p[1] >= 192 && p[1] <= 223) return; /* rtcp-mux: RTCP packet types 192..223 */
  /* mediasoup's probation padding (RTP_PROBATOR_SSRC), not media: every transport numbers its own,
     so counted together they read as loss (seen on edge routers fed through a pipe). */
  if (rd32(p + 8) == PROBATOR_SSRC) return;
  w_packets++;
  w_bytes += len;
  if (len > HEAD_MAX) len = HEAD_MAX; /* the part that was copied (MSG_TRUNC) */

  uint16_t seq = rd16(p + 2);
  uint32_t ssrc = rd32(p + 8);
  int fresh = 0;
  struct ssrc_state *s = lookup(ssrc, &fresh);
  if (s) {
    if (fresh) {
      s->first_ns = arrival_ns;
      s->max_seq = seq;
      s->cycles = 0;
      s->bad_seq = 0x10000;
      s->base = (int64_t)seq - 1;
    } else {
      if (s->received == 0) s->base = ext_max(s); /* first packet in this window */
      update_seq(s, seq);
    }
    if (s->received++ == 0) w_ssrcs++;
  }

  if (!(p[0] & 0x10)) return; /* no header extension, no delay sample */
  uint64_t ntp = find_capture_time(p, len, 12 + 4 * (size_t)(p[0] & 0x0f));
  if (!ntp) return;
  int64_t capture_ns = (int64_t)((ntp >> 32) - NTP_UNIX_OFFSET) * 1000000000LL +
                       (int64_t)(((ntp & 0xffffffffULL) * 1000000000ULL) >> 32);
  int64_t delay = arrival_ns - capture_ns;
  if (delay < 0) {
    w_negative++;
    delay = 0;
  }
  int64_t bucket = delay / BUCKET_NS;
  hist[bucket < BUCKETS ? bucket : BUCKETS]++;
  if (delay > w_max_delay_ns) w_max_delay_ns = delay;
  w_samples++;
}

/* Upper edge of the bucket holding the q-quantile sample, in µs (max if it overflowed). */
static double percentile_us(double q) {
  if (w_samples == 0) return 0;
  double exact = q * (double)w_samples; /* nearest rank: ceil(q * n), at least 1 */
  uint64_t rank = (uint64_t)exact;
  if ((double)rank < exact || rank == 0) rank++;
  uint64_t seen = 0;
  for (int i = 0; i < BUCKETS; i++) {
    seen += hist[i];
    if (seen >= rank) {
      double edge = (double)(i + 1) * BUCKET_NS / 1e3;
      double max = (double)w_max_delay_ns / 1e3;
      return edge < max ? edge : max;
    }
  }
  return (double)w_max_delay_ns / 1e3;
}

static void start_window(void) {
  w_packets = w_bytes = w_samples = w_negative = w_calls = 0;
  w_ssrcs = 0;
  w_max_delay_ns = 0;
  memset(hist, 0, sizeof hist);
  drops_at_start = drops_total;
  clock_gettime(CLOCK_MONOTONIC, &w_start);
  w_cpu_start_ms = cpu_ms();
}

static void snapshot(void) {
  int64_t lost = 0, expected = 0;
  for (unsigned i = 0; i < SLOTS; i++) {
    struct ssrc_state *s = &table[i];
    if (!s->used || s->received == 0) continue; /* silent streams: nothing expected */
    int64_t exp = ext_max(s) - s->base;
    if (exp < 0) exp = 0;
    expected += exp;
    if (exp > s->received) lost += exp - s->received;
    s->received = 0; /* the next window re-bases on its first packet */
  }
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  double elapsed = (now.tv_sec - w_start.tv_sec) * 1e3 + (now.tv_nsec - w_start.tv_nsec) / 1e6;
  printf("{\"elapsedMs\":%.3f,\"packets\":%" PRIu64 ",\"bytes\":%" PRIu64 ",\"lost\":%" PRId64
         ",\"expected\":%" PRId64 ",\"ssrcs\":%u,\"delaySamples\":%" PRIu64
         ",\"delayUs\":{\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"p999\":%.1f,\"max\":%.1f}"
         ",\"negativeDelays\":%" PRIu64 ",\"cpuMs\":%.3f,\"recvmmsgCalls\":%" PRIu64 ",\"drops\":%u}\n",
         elapsed, w_packets, w_bytes, lost, expected, w_ssrcs, w_samples, percentile_us(0.5),
         percentile_us(0.9), percentile_us(0.99), percentile_us(0.999), w_max_delay_ns / 1e3, w_negative,
         cpu_ms() - w_cpu_start_ms, w_calls, drops_total - drops_at_start);
  fflush(stdout);
  start_window();
}

static uint8_t bufs[BATCH][HEAD_MAX];
static uint8_t ctrls[BATCH][CTRL_MAX] __attribute__((aligned(8)));
static struct mmsghdr msgs[BATCH];
static struct iovec iovs[BATCH];

/* Reads until the socket is empty; a short batch means it was emptied, which saves the
 * recvmmsg that would only return EAGAIN. Returns whether the last batch was short. */
static int drain(int fd) {
  for (;;) {
    for (int i = 0; i < BATCH; i++) {
      iovs[i] = (struct iovec){ .iov_base = bufs[i], .iov_len = HEAD_MAX };
      msgs[i].msg_hdr = (struct msghdr){ .msg_iov = &iovs[i], .msg_iovlen = 1,
                                         .msg_control = ctrls[i], .msg_controllen = CTRL_MAX };
    }
    /* MSG_TRUNC: copy only the first HEAD_MAX bytes of a packet, yet get its full length. */
    int n = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT | MSG_TRUNC, NULL);
    w_calls++;
    if (n < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) perror("recvmmsg");
      return 1;
    }
    struct timespec fallback = { 0, 0 };
    for (int i = 0; i < n; i++) {
      struct msghdr *h = &msgs[i].msg_hdr;
      const struct timespec *ts = NULL;
      for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c; c = CMSG_NXTHDR(h, c)) {
        if (c->cmsg_level != SOL_SOCKET) continue;
        if (c->cmsg_type == SO_TIMESTAMPNS) ts = (const struct timespec *)CMSG_DATA(c);
        else if (c->cmsg_type == SO_RXQ_OVFL) memcpy(&drops_total, CMSG_DATA(c), sizeof drops_total);
      }
      if (!ts) {
        if (fallback.tv_sec == 0) clock_gettime(CLOCK_REALTIME, &fallback);
        ts = &fallback;
      }
      on_packet(bufs[i], msgs[i].msg_len, ts->tv_sec * 1000000000LL + ts->tv_nsec);
    }
    if (n < BATCH) return 1;
  }
}

/* Handles the stdin lines; returns 0 on EOF. */
/* {"firsts":{"<ssrc>":<unix ns of its first packet>,...}}: when each stream started arriving. */
static void print_firsts(void) {
  fputs("{\"firsts\":{", stdout);
  int first = 1;
  for (size_t i = 0; i < SLOTS; i++) {
    if (!table[i].used) continue;
    printf("%s\"%" PRIu32 "\":%" PRId64, first ? "" : ",", table[i].ssrc, table[i].first_ns);
    first = 0;
  }
  fputs("}}\n", stdout);
  fflush(stdout);
}

static int read_commands(int fd_sock) {
  static char line[256];
  static size_t used;
  ssize_t n = read(0, line + used, sizeof line - 1 - used);
  if (n < 0) return errno == EINTR || errno == EAGAIN;
  if (n == 0) return 0;
  used += (size_t)n;
  char *nl;
  while ((nl = memchr(line, '\n', used))) {
    *nl = 0;
    if (strcmp(line, "snap") == 0) {
      drain(fd_sock); /* everything that arrived before the request belongs to this window */
      snapshot();
    } else if (strcmp(line, "firsts") == 0) {
      drain(fd_sock);
      print_firsts();
    } else if (line[0]) {
      fprintf(stderr, "rtp-receiver: unknown command '%s'\n", line);
    }
    used -= (size_t)(nl + 1 - line);
    memmove(line, nl + 1, used);
  }
  if (used == sizeof line - 1) used = 0; /* an overlong line: drop it */
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s <port> <absCaptureTimeExtId>\n", argv[0]);
    return 2;
  }
  int port = atoi(argv[1]);
  ext_id = atoi(argv[2]);

  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) { perror("socket"); return 1; }
  /* A large buffer absorbs bursts while we are descheduled; FORCE bypasses rmem_max as root. */
  int rcvbuf = 256 << 20, one = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) < 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one) < 0) perror("SO_TIMESTAMPNS");
  if (setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof one) < 0) perror("SO_RXQ_OVFL");
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                              .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("bind"); return 1; }
  socklen_t alen = sizeof addr;
  getsockname(fd, (struct sockaddr *)&addr, &alen);
  printf("{\"port\":%d}\n", ntohs(addr.sin_port));
  fflush(stdout);

  start_window();
  struct pollfd fds[2] = { { .fd = fd, .events = POLLIN }, { .fd = 0, .events = POLLIN } };
  for (;;) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      perror("poll");
      return 1;
    }
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR))
      if (!read_commands(fd)) return 0;
    /* Arrival times come from the kernel, so reading late costs no accuracy. Waking for every
     * packet costs a poll and a recvmmsg per packet, plus a wake-up billed to the sender's
     * sendmsg (the SFU under test); napping 1 ms once the socket is empty lets packets pile
     * up into full batches instead. The 256 MiB buffer absorbs the nap. */
    if ((fds[0].revents & POLLIN) && drain(fd))
      nanosleep(&(struct timespec){ 0, IDLE_SLEEP_NS }, NULL);
  }
}
