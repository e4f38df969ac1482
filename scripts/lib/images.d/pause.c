/*
 * The pod sandbox ("pause") process of Arca's local cluster: it holds the pod's namespaces open,
 * sleeps until SIGTERM or SIGINT (then exits 0) and, as PID 1 of a pod sharing its PID namespace,
 * reaps the zombies left to it. Built with 'gcc -static' so the image needs no root filesystem.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void stop(int sig) {
  (void)sig;
  _exit(0);
}

static void reap(int sig) {
  (void)sig;
  int saved = errno;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
  errno = saved;
}

static int on(int sig, void (*handler)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  return sigaction(sig, &sa, NULL);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "-v") == 0) {
    puts("arca pause 3.2");
    return 0;
  }
  if (getpid() != 1) {
    fprintf(stderr, "pause: warning: not running as PID 1, zombies of other processes are not mine to reap\n");
  }
  if (on(SIGINT, stop, 0) || on(SIGTERM, stop, 0) || on(SIGCHLD, reap, SA_NOCLDSTOP | SA_RESTART)) {
    perror("pause: cannot install signal handlers");
    return 1;
  }
  for (;;) {
    pause();
  }
  return 42; /* not reached */
}
