/* One SIGBUS handler for every guarded mapping (busguard.h). */
#define _DEFAULT_SOURCE
#include "util/busguard.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SLOTS 64

typedef struct slot {
    _Atomic uintptr_t start, end; /* start 0: free */
    atomic_bool hit;
    bool exits;
    char message[512];
    size_t message_len;
    void (*_Atomic hook)(void);
} slot;

static slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static size_t users;
static struct sigaction old;
static size_t page_size;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
    uintptr_t at = (uintptr_t)si->si_addr;
    for (size_t i = 0; i < SLOTS; i++) {
        slot *s = &slots[i];
        uintptr_t start = atomic_load(&s->start), end = atomic_load(&s->end);
        if (start == 0 || at < start || at >= end)
            continue;
        if (s->exits) {
            ssize_t ignored = write(STDERR_FILENO, s->message, s->message_len);
            (void)ignored;
            void (*hook)(void) = atomic_load(&s->hook);
            if (hook != NULL)
                hook();
            _exit(3);
        }
        uintptr_t page = at & ~(uintptr_t)(page_size - 1);
        void *p = mmap((void *)page, end - page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                       -1, 0);
        if (p != MAP_FAILED) {
            atomic_store(&s->hit, true);
            return;
        }
        break;
    }
    /* Not ours: whatever would have happened without us. */
    if ((old.sa_flags & SA_SIGINFO) && old.sa_sigaction != NULL) {
        old.sa_sigaction(sig, si, uc);
    } else if (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN) {
        old.sa_handler(sig);
    } else {
        /* Back to the default action; the faulting read, run again on
         * return, raises it once more. */
        signal(sig, SIG_DFL);
    }
}

bool erg_bus_guard_add(const void *start, size_t len, const char *exit_message, void (*hook)(void))
{
    int free_slot = -1;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < SLOTS && free_slot < 0; i++) {
        if (atomic_load(&slots[i].start) == 0)
            free_slot = i;
    }
    if (free_slot >= 0 && users == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_sigaction = on_bus;
        sa.sa_flags = SA_SIGINFO | SA_NODEFER;
        sigemptyset(&sa.sa_mask);
        page_size = (size_t)sysconf(_SC_PAGESIZE);
        if (sigaction(SIGBUS, &sa, &old) != 0)
            free_slot = -1;
    }
    if (free_slot >= 0) {
        slot *s = &slots[free_slot];
        users++;
        s->exits = exit_message != NULL;
        s->message_len = 0;
        if (exit_message != NULL) {
            size_t n = strlen(exit_message);
            s->message_len = n < sizeof(s->message) ? n : sizeof(s->message) - 1;
            memcpy(s->message, exit_message, s->message_len);
        }
        atomic_store(&s->hook, hook);
        atomic_store(&s->hit, false);
        atomic_store(&s->end, (uintptr_t)start + len);
        atomic_store(&s->start, (uintptr_t)start);
    }
    pthread_mutex_unlock(&lock);
    return free_slot >= 0;
}

static slot *find(const void *start)
{
    for (int i = 0; i < SLOTS; i++) {
        if (atomic_load(&slots[i].start) == (uintptr_t)start)
            return &slots[i];
    }
    return NULL;
}

void erg_bus_guard_remove(const void *start)
{
    pthread_mutex_lock(&lock);
    slot *s = find(start);
    if (s != NULL) {
        atomic_store(&s->start, 0);
        atomic_store(&s->end, 0);
        if (--users == 0)
            sigaction(SIGBUS, &old, NULL);
    }
    pthread_mutex_unlock(&lock);
}

bool erg_bus_guard_hit(const void *start)
{
    slot *s = find(start);
    return s != NULL && atomic_load(&s->hit);
}
