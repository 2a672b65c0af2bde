/* bench/timed.c - times a filter as pipe(8) really runs it, for bench/filter.sh pipe8.
 *
 * pipe(8) starts this wrapper instead of the filter; the wrapper starts the filter with the
 * same stdin (pipe(8)'s pipe, which pipe(8) goes on filling in 4 KiB writes), arguments and
 * environment, waits for it and appends one line to LOG-FILE:
 *
 *     NAME WALL-MICROSECONDS PEAK-RSS-KIB EXIT-STATUS
 *
 * The clock runs from just before fork(2) to wait4(2)'s return: the filter's whole life, its
 * start included, and nothing of the wrapper's own start. Exits with the filter's status, so
 * pipe(8) still sees what the filter said (0, 75, ...).
 *
 * usage: timed LOG-FILE NAME COMMAND [ARGUMENT...]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: timed LOG-FILE NAME COMMAND [ARGUMENT...]\n");
        return 75;
    }
    double start = now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("timed: fork");
        return 75;
    }
    if (pid == 0) {
        execv(argv[3], argv + 3);
        fprintf(stderr, "timed: %s: %s\n", argv[3], strerror(errno));
        _exit(75);
    }
    int status;
    struct rusage usage;
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            perror("timed: wait4");
            return 75;
        }
    }
    double wall = now() - start;
    /* A filter killed by a signal is logged as 128 + its number; pipe(8) gets 75 (try again). */
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);

    char line[512];
    int length = snprintf(line, sizeof line, "%s %.0f %ld %d\n", argv[2], wall, usage.ru_maxrss, code);
    int log = open(argv[1], O_WRONLY | O_APPEND | O_CLOEXEC);
    if (log < 0 || write(log, line, (size_t) length) != length) {
        perror("timed: the log file");
    }
    if (log >= 0) {
        close(log);
    }
    return WIFEXITED(status) ? code : 75;
}
