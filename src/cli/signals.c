/*
 * SIGINT, SIGTERM and SIGHUP while an output is pending (during a load, a
 * layout or a write): its temporary file is removed, and the program ends
 * by the same signal, so that the caller's exit status says so (130 for
 * Ctrl-C, 143 for a kill, in a shell). The layout's child process ends with
 * its parent (see the Graphviz module).
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static erg_output *volatile pending;

static void on_signal(int sig)
{
    static const char msg[] = "ergraph: interrupted; no output written\n";
    erg_output_abandon(pending);
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof(msg) - 1);
    (void)ignored;
    /* The handler was reset on entry (SA_RESETHAND): this signal, pending
     * until the handler returns, ends the program by its default action. */
    raise(sig);
}

void cli_guard_output(erg_output *o)
{
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
        sigaddset(&sa.sa_mask, signals[i]);
    pending = o;
    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
        struct sigaction old;
        /* A signal ignored by whoever started us (nohup) stays ignored. */
        if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(signals[i], &sa, NULL);
    }
}

void cli_abandon_output(void)
{
    erg_output_abandon(pending);
}

void cli_unguard_output(void)
{
    pending = NULL;
}
