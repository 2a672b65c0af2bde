/* bench/smtp-floor.c - the least any reinjection client can do, for bench/filter.sh listener.
 *
 * Greets an smtpd with EHLO, gives MAIL FROM and RCPT TO, then sends a message that is
 * already in wire form (CRLF line ends) in BDAT chunks of 64 KiB, as posttls filter does,
 * each command and its bytes in one writev(2), and reads a chunk's reply when 16 are waiting
 * (posttls's pipelining: unread replies fill the socket and stall the server). No
 * parsing, no encoding, no runtime to start: what it costs is what the listener (smtpd,
 * cleanup, the socket between them and the client) costs.
 *
 * usage: smtp-floor PORT|SOCKET-PATH HELO-NAME WIRE-FILE
 * Exit status: 0 when the final reply is 2xx, 75 otherwise.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

static char input[65536];
static char chunk[65536];
static size_t held;

static void fail(const char *what)
{
    perror(what);
    exit(75);
}

/* The code of the next complete reply (its last line: no '-' after the code). */
static int reply(int s)
{
    for (;;) {
        char *end;
        while ((end = memchr(input, '\n', held)) != NULL) {
            size_t length = (size_t) (end - input) + 1;
            int last = length < 4 || input[3] != '-';
            int code = atoi(input);
            memmove(input, input + length, held - length);
            held -= length;
            if (last)
                return code;
        }
        ssize_t n = read(s, input + held, sizeof input - held);
        if (n <= 0)
            fail("read");
        held += (size_t) n;
    }
}

/* All of the pieces, however many writes that takes. */
static void send_all(int s, struct iovec *piece, int pieces)
{
    while (pieces > 0) {
        ssize_t n = writev(s, piece, pieces);
        if (n < 0)
            fail("writev");
        for (; pieces > 0 && (size_t) n >= piece->iov_len; piece++, pieces--)
            n -= (ssize_t) piece->iov_len;
        if (pieces > 0) {
            piece->iov_base = (char *) piece->iov_base + n;
            piece->iov_len -= (size_t) n;
        }
    }
}

/* As posttls does after the last chunk: acknowledge the replies at once, so that the
 * server's Nagle does not hold the final one until a delayed ACK (40 ms on Linux). */
static void acknowledge_now(int s)
{
    int on = 1;
    (void) setsockopt(s, IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
}

static void say(int s, const char *text)
{
    size_t length = strlen(text);
    if (write(s, text, length) != (ssize_t) length)
        fail("write");
}

static int connect_to(const char *where)
{
    int s;
    if (where[0] == '/') {
        struct sockaddr_un address = { .sun_family = AF_UNIX };
        if (strlen(where) >= sizeof address.sun_path)
            fail("socket path too long");
        strcpy(address.sun_path, where);
        if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 || connect(s, (struct sockaddr *) &address, sizeof address) < 0)
            fail("connect");
    } else {
        struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((unsigned short) atoi(where)) };
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int on = 1;
        if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0 || connect(s, (struct sockaddr *) &address, sizeof address) < 0)
            fail("connect");
        (void) setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    }
    return s;
}

int main(int argc, char **argv)
{
    char line[512];
    struct stat st;
    off_t offset = 0;
    int message, s, code, chunks = 0;

    if (argc != 4) {
        fprintf(stderr, "usage: smtp-floor PORT|SOCKET-PATH HELO-NAME WIRE-FILE\n");
        return 75;
    }
    if ((message = open(argv[3], O_RDONLY)) < 0 || fstat(message, &st) < 0)
        fail(argv[3]);
    s = connect_to(argv[1]);
    if (reply(s) != 220)
        return 75;
    snprintf(line, sizeof line, "EHLO %s\r\n", argv[2]);
    say(s, line);
    if (reply(s) != 250)
        return 75;
    say(s, "MAIL FROM:<alice@bench.posttls.test>\r\nRCPT TO:<bob@example.test>\r\n");
    if (reply(s) != 250 || reply(s) != 250)
        return 75;
    for (;;) {
        ssize_t n = read(message, chunk, sizeof chunk);
        if (n < 0 || (n == 0 && offset < st.st_size))
            fail("read");
        offset += n;
        chunks++;
        struct iovec out[2] = {
            { line, (size_t) snprintf(line, sizeof line, "BDAT %zd%s\r\n", n, offset == st.st_size ? " LAST" : "") },
            { chunk, (size_t) n },
        };
        if (chunks > 16) {
            if (reply(s) != 250)
                return 75;
            chunks--;
        }
        send_all(s, out, 2);
        if (offset == st.st_size)
            break;
    }
    while (--chunks > 0) {
        acknowledge_now(s);
        if (reply(s) != 250)
            return 75;
    }
    acknowledge_now(s);
    code = reply(s);
    say(s, "QUIT\r\n");
    close(s);
    return code / 100 == 2 ? 0 : 75;
}
