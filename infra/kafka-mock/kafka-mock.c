/*
 * A Kafka-protocol broker for tests and development: librdkafka's mock cluster (Debian librdkafka-dev),
 * kept running in its own process so that Node clients (kafkajs) can talk to it over TCP.
 *
 * Why a C program: no Apache Kafka or Redpanda can be installed on the development and CI machines
 * (DESIGN.md §5). The mock serves produce, fetch, consumer groups and offsets, but not CreateTopics, so
 * topics are created here: at start (--topic) and later through a line-based control port, which test
 * infrastructure uses to give each test file topics of its own.
 *
 * Usage: kafka-mock [--brokers N] [--partitions P] [--topic NAME]... [--stop-on-stdin-eof]
 * Prints, one per line on stdout:   bootstrap <host:port,...>   control <host:port>   ready
 * Control port commands (one per line, answered "ok" or "error <reason>"):
 *   create <topic> <partitions>    create a topic (replication factor min(3, brokers))
 *   down <broker id> / up <broker id>   take a broker off the network / bring it back
 *   ping                            answers "pong"
 * Stops on SIGTERM or SIGINT, and with --stop-on-stdin-eof when stdin reaches end of file: a parent that
 * holds the other end of a pipe can die (even by SIGKILL) without leaving the broker behind.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_CLIENTS 32
#define LINE_MAX_LEN 1024

struct client {
  int fd;
  size_t len;
  char line[LINE_MAX_LEN];
};

static volatile sig_atomic_t stopping = 0;
static void on_signal(int sig) {
  (void)sig;
  stopping = 1;
}

static int broker_count = 3;
static int default_partitions = 6;

static void reply(int fd, const char *text) {
  size_t len = strlen(text);
  while (len > 0) {
    ssize_t n = write(fd, text, len);
    if (n <= 0) return;
    text += n;
    len -= (size_t)n;
  }
}

static void run_command(rd_kafka_mock_cluster_t *cluster, int fd, char *line) {
  char *verb = strtok(line, " \t\r");
  char *arg1 = strtok(NULL, " \t\r");
  char *arg2 = strtok(NULL, " \t\r");
  char answer[LINE_MAX_LEN];
  if (!verb) return;
  if (strcmp(verb, "ping") == 0) {
    reply(fd, "pong\n");
  } else if (strcmp(verb, "create") == 0 && arg1) {
    int partitions = arg2 ? atoi(arg2) : default_partitions;
    int replication = broker_count < 3 ? broker_count : 3;
    rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(cluster, arg1, partitions, replication);
    if (err) {
      snprintf(answer, sizeof answer, "error %s\n", rd_kafka_err2str(err));
      reply(fd, answer);
    } else {
      reply(fd, "ok\n");
    }
  } else if ((strcmp(verb, "down") == 0 || strcmp(verb, "up") == 0) && arg1) {
    int32_t id = atoi(arg1);
    rd_kafka_resp_err_t err = strcmp(verb, "down") == 0 ? rd_kafka_mock_broker_set_down(cluster, id)
                                                          : rd_kafka_mock_broker_set_up(cluster, id);
    if (err) {
      snprintf(answer, sizeof answer, "error %s\n", rd_kafka_err2str(err));
      reply(fd, answer);
    } else {
      reply(fd, "ok\n");
    }
  } else {
    reply(fd, "error unknown command\n");
  }
}

/* Reads what is available; runs every complete line. Returns 0 when the client hung up. */
static int read_client(rd_kafka_mock_cluster_t *cluster, struct client *c) {
  ssize_t n = read(c->fd, c->line + c->len, sizeof c->line - 1 - c->len);
  if (n <= 0) return 0;
  c->len += (size_t)n;
  char *newline;
  while ((newline = memchr(c->line, '\n', c->len)) != NULL) {
    *newline = '\0';
    size_t used = (size_t)(newline - c->line) + 1;
    run_command(cluster, c->fd, c->line);
    memmove(c->line, c->line + used, c->len - used);
    c->len -= used;
  }
  if (c->len == sizeof c->line - 1) c->len = 0; /* an over-long line is dropped, not a reason to hang */
  return 1;
}

static int listen_on_loopback(int *port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  int yes = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 16) < 0 ||
      getsockname(fd, (struct sockaddr *)&addr, &len) < 0) {
    close(fd);
    return -1;
  }
  *port = ntohs(addr.sin_port);
  return fd;
}

int main(int argc, char **argv) {
  const char *topics[256];
  int topic_count = 0;
  int watch_stdin = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--brokers") == 0 && i + 1 < argc) broker_count = atoi(argv[++i]);
    else if (strcmp(argv[i], "--partitions") == 0 && i + 1 < argc) default_partitions = atoi(argv[++i]);
    else if (strcmp(argv[i], "--topic") == 0 && i + 1 < argc && topic_count < 256) topics[topic_count++] = argv[++i];
    else if (strcmp(argv[i], "--stop-on-stdin-eof") == 0) watch_stdin = 1;
    else {
      fprintf(stderr, "usage: %s [--brokers N] [--partitions P] [--topic NAME]... [--stop-on-stdin-eof]\n", argv[0]);
      return 2;
    }
  }
  if (broker_count < 1 || default_partitions < 1) {
    fprintf(stderr, "kafka-mock: --brokers and --partitions must be at least 1\n");
    return 2;
  }

  struct sigaction sa = {0};
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  /* The mock cluster needs a client instance for its bookkeeping; this one never connects anywhere. */
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) {
    fprintf(stderr, "kafka-mock: %s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(rk, broker_count);
  if (!cluster) {
    fprintf(stderr, "kafka-mock: could not create the mock cluster\n");
    rd_kafka_destroy(rk);
    return 1;
  }
  int replication = broker_count < 3 ? broker_count : 3;
  for (int i = 0; i < topic_count; i++) {
    rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(cluster, topics[i], default_partitions, replication);
    if (err) fprintf(stderr, "kafka-mock: creating %s failed: %s\n", topics[i], rd_kafka_err2str(err));
  }

  int control_port = 0;
  int listener = listen_on_loopback(&control_port);
  if (listener < 0) {
    fprintf(stderr, "kafka-mock: cannot open the control port: %s\n", strerror(errno));
    rd_kafka_mock_cluster_destroy(cluster);
    rd_kafka_destroy(rk);
    return 1;
  }
  printf("bootstrap %s\ncontrol 127.0.0.1:%d\nready\n", rd_kafka_mock_cluster_bootstraps(cluster), control_port);
  fflush(stdout);

  struct client clients[MAX_CLIENTS];
  int client_count = 0;
  while (!stopping) {
    struct pollfd fds[2 + MAX_CLIENTS];
    fds[0].fd = watch_stdin ? STDIN_FILENO : -1; /* poll ignores a negative fd */
    fds[0].events = POLLIN;
    fds[1].fd = listener;
    fds[1].events = POLLIN;
    for (int i = 0; i < client_count; i++) {
      fds[2 + i].fd = clients[i].fd;
      fds[2 + i].events = POLLIN;
    }
    int ready = poll(fds, (nfds_t)(2 + client_count), 500);
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      char buf[256];
      if (read(STDIN_FILENO, buf, sizeof buf) <= 0) break; /* parent gone */
    }
    for (int i = client_count - 1; i >= 0; i--) {
      if (!(fds[2 + i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      if (!read_client(cluster, &clients[i])) {
        close(clients[i].fd);
        clients[i] = clients[--client_count];
      }
    }
    if (fds[1].revents & POLLIN) {
      int fd = accept(listener, NULL, NULL);
      if (fd >= 0 && client_count < MAX_CLIENTS) {
        clients[client_count].fd = fd;
        clients[client_count].len = 0;
        client_count++;
      } else if (fd >= 0) {
        close(fd);
      }
    }
  }

  for (int i = 0; i < client_count; i++) close(clients[i].fd);
  close(listener);
  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(rk);
  return 0;
}
