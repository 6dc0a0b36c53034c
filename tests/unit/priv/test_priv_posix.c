/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec_priv_apply() on Linux, each case in a forked child so the test
 * process keeps its privileges. Cases that need root skip with the reason
 * when not run as root; seccomp and Landlock need no privilege and always run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cap-ng.h>
#include <cmocka.h>

#include "mdsec/event.h"
#include "mdsec/priv.h"

#define NOBODY 65534u

#if defined(__SANITIZE_ADDRESS__)
#define MDSEC_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define MDSEC_TEST_SANITIZED 1
#endif
#endif

/* What the child may still do after seccomp: finish up and exit. In a
 * sanitizer build, also what the sanitizer runtime needs (LeakSanitizer
 * stops the world with clone/ptrace/wait4 at exit). */
static const char *const allow[] = {
    "read",        "write",
    "close",       "exit",
    "exit_group",  "rt_sigreturn",
    "brk",         "mmap",
    "munmap",      "madvise",
    "futex",       "rt_sigprocmask",
    "getpid",      "gettid",
    "tgkill",      "fstat",
    "newfstatat",  "lseek",
    "mprotect",    "getrandom",
#if defined(MDSEC_TEST_SANITIZED)
    "sched_yield", "clone",
    "clone3",      "wait4",
    "ptrace",      "prctl",
    "sigaltstack", "rt_sigaction",
    "openat",      "readlink",
    "readlinkat",  "getdents64",
    "statx",       "pread64",
    "uname",       "getppid",
    "dup",         "dup2",
    "pipe",        "pipe2",
    "ioctl",       "sched_getaffinity",
    "mremap",      "getrusage",
    "kill",        "set_robust_list",
    "rseq",
#endif
};
#define N_ALLOW (sizeof allow / sizeof allow[0])

static int is_root(void)
{
    return geteuid() == 0;
}

/* Runs fn in a child; returns its wait status. */
static int in_child(int (*fn)(void))
{
    int st = 0;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        _exit(fn());
    }
    assert_int_equal(waitpid(pid, &st, 0), pid);
    return st;
}

static void expect_exit0(int (*fn)(void))
{
    int st = in_child(fn);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fail_msg("child %s %d", WIFEXITED(st) ? "exited with" : "was killed by signal",
                 WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
    }
}

static mdsec_priv_policy_t drop_policy(void)
{
    mdsec_priv_policy_t p;
    memset(&p, 0, sizeof p);
    p.change_ids = 1;
    p.uid = NOBODY;
    p.gid = NOBODY;
    p.drop_caps = 1;
    p.nonfatal = 1;
    return p;
}

/* ---- ids and capabilities (root) ---- */

static int child_drop(void)
{
    mdsec_priv_policy_t p = drop_policy();
    mdsec_priv_report_t r;
    uid_t ru, eu, su;
    gid_t rg, eg, sg;
    if (mdsec_priv_apply(&p, &r) != MDSEC_OK || r.failed != MDSEC_PRIV_STEP_NONE) {
        return 10;
    }
    if (getresuid(&ru, &eu, &su) != 0 || ru != NOBODY || eu != NOBODY || su != NOBODY) {
        return 11;
    }
    if (getresgid(&rg, &eg, &sg) != 0 || rg != NOBODY || eg != NOBODY || sg != NOBODY) {
        return 12;
    }
    if (getgroups(0, NULL) != 0) {
        return 13;
    }
    if (setuid(0) == 0 || errno != EPERM) {
        return 14; /* regaining root must fail with EPERM */
    }
    capng_get_caps_process();
    if (capng_have_capabilities(CAPNG_SELECT_BOTH) != CAPNG_NONE) {
        return 15; /* capabilities and bounding set are gone */
    }
    if ((r.applied & MDSEC_PRIV_BIT(MDSEC_PRIV_STEP_SETRESUID)) == 0u ||
        (r.applied & MDSEC_PRIV_BIT(MDSEC_PRIV_STEP_VERIFY)) == 0u) {
        return 16;
    }
    return 0;
}

static void drop_to_nobody(void **state)
{
    (void)state;
    if (!is_root()) {
        print_message("skipped: needs root (CI runs it as root)\n");
        skip();
    }
    expect_exit0(child_drop);
}

static int child_keep_cap(void)
{
    static const int keep[] = {CAP_NET_BIND_SERVICE};
    mdsec_priv_policy_t p = drop_policy();
    mdsec_priv_report_t r;
    p.keep_caps = keep;
    p.keep_cap_count = 1;
    if (mdsec_priv_apply(&p, &r) != MDSEC_OK) {
        return 20;
    }
    capng_get_caps_process();
    if (capng_have_capability(CAPNG_EFFECTIVE, CAP_NET_BIND_SERVICE) != 1 ||
        capng_have_capability(CAPNG_EFFECTIVE, CAP_SYS_ADMIN) != 0 ||
        capng_have_capability(CAPNG_PERMITTED, CAP_SETUID) != 0 ||
        capng_have_capabilities(CAPNG_SELECT_BOUNDS) != CAPNG_NONE) {
        return 21;
    }
    return geteuid() == NOBODY ? 0 : 22;
}

static void keep_one_capability(void **state)
{
    (void)state;
    if (!is_root()) {
        print_message("skipped: needs root\n");
        skip();
    }
    expect_exit0(child_keep_cap);
}

/* ---- seccomp (no privilege needed) ---- */

static int child_seccomp_kill(void)
{
    mdsec_priv_policy_t p;
    mdsec_priv_report_t r;
    memset(&p, 0, sizeof p);
    p.syscalls = allow;
    p.syscall_count = N_ALLOW;
    p.seccomp_action = MDSEC_PRIV_SECCOMP_KILL;
    p.nonfatal = 1;
    if (mdsec_priv_apply(&p, &r) != MDSEC_OK) {
        return 30;
    }
    (void)syscall(SYS_socket, AF_INET, SOCK_STREAM, 0); /* not on the list: SIGSYS */
    return 31;
}

static void forbidden_syscall_kills_with_sigsys(void **state)
{
    int st;
    (void)state;
    st = in_child(child_seccomp_kill);
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGSYS);
}

/* A non-fatal policy with only the seccomp allow-list, refusing with err. */
static mdsec_priv_policy_t seccomp_errno_policy(int err)
{
    mdsec_priv_policy_t p;
    memset(&p, 0, sizeof p);
    p.syscalls = allow;
    p.syscall_count = N_ALLOW;
    p.seccomp_action = MDSEC_PRIV_SECCOMP_ERRNO;
    p.seccomp_errno = err;
    p.nonfatal = 1;
    return p;
}

static int child_seccomp_errno(void)
{
    mdsec_priv_policy_t p = seccomp_errno_policy(EACCES);
    mdsec_priv_report_t r;
    long rc;
    if (mdsec_priv_apply(&p, &r) != MDSEC_OK) {
        return 40;
    }
    rc = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
    if (rc != -1 || errno != EACCES) {
        return 41;
    }
    return (r.applied & MDSEC_PRIV_BIT(MDSEC_PRIV_STEP_NO_NEW_PRIVS)) ? 0 : 42;
}

static void forbidden_syscall_returns_chosen_errno(void **state)
{
    (void)state;
    expect_exit0(child_seccomp_errno);
}

/* ---- Landlock (no privilege needed) ---- */

static char allowed_dir[64];

static int child_landlock(void)
{
    mdsec_priv_path_t paths[1];
    mdsec_priv_policy_t p;
    mdsec_priv_report_t r;
    char inside[128];
    int fd;
    paths[0].path = allowed_dir;
    paths[0].writable = 1;
    memset(&p, 0, sizeof p);
    p.landlock_paths = paths;
    p.landlock_path_count = 1;
    p.nonfatal = 1;
    if (mdsec_priv_apply(&p, &r) != MDSEC_OK) {
        return 50;
    }
    fd = open("/etc/passwd", O_RDONLY);
    if (fd >= 0 || errno != EACCES) {
        return 51; /* outside the allow-list */
    }
    (void)snprintf(inside, sizeof inside, "%s/ok", allowed_dir);
    fd = open(inside, O_CREAT | O_WRONLY, 0600);
    if (fd < 0) {
        return 52; /* inside it */
    }
    (void)close(fd);
    return 0;
}

static void path_outside_landlock_list_is_eacces(void **state)
{
    mdsec_priv_report_t r;
    mdsec_priv_policy_t none;
    (void)state;
    memset(&none, 0, sizeof none);
    none.nonfatal = 1;
    assert_int_equal(mdsec_priv_apply(&none, &r), MDSEC_OK); /* learn the ABI */
    if (r.landlock_abi == 0) {
        print_message("skipped: this kernel has no Landlock (reported as not available)\n");
        skip();
    }
    (void)snprintf(allowed_dir, sizeof allowed_dir, "/tmp/mdsec-ll-XXXXXX");
    assert_non_null(mkdtemp(allowed_dir));
    expect_exit0(child_landlock);
    {
        char f[128];
        (void)snprintf(f, sizeof f, "%s/ok", allowed_dir);
        (void)unlink(f);
        (void)rmdir(allowed_dir);
    }
}

/* ---- descriptors, umask, limits ---- */

static int child_housekeeping(void)
{
    static const int keep[] = {0, 1, 2};
    mdsec_priv_policy_t p;
    mdsec_priv_report_t r;
    struct rlimit core;
    int fd = open("/dev/null", O_RDONLY);
    mode_t old;
    if (fd < 3) {
        return 60;
    }
    memset(&p, 0, sizeof p);
    p.close_fds = 1;
    p.keep_fds = keep;
    p.keep_fd_count = 3;
    p.set_umask = 1;
    p.umask_value = 077;
    p.nonfatal = 1;
    if (mdsec_priv_apply(&p, &r) != MDSEC_OK) {
        return 61;
    }
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) {
        return 62; /* the inherited descriptor is closed */
    }
    if (fcntl(1, F_GETFD) == -1) {
        return 63; /* kept */
    }
    old = umask(0);
    if (old != 077) {
        return 64;
    }
    if (getrlimit(RLIMIT_CORE, &core) != 0 || core.rlim_cur != 0 || core.rlim_max != 0) {
        return 65; /* core dumps off by default */
    }
    return 0;
}

static void descriptors_umask_and_core_dumps(void **state)
{
    (void)state;
    expect_exit0(child_housekeeping);
}

/* ---- failures stop everything after them ---- */

static mdsec_priv_step_t inject_step;

static int child_injected(void)
{
    mdsec_priv_policy_t p = drop_policy();
    mdsec_priv_report_t r;
    uint32_t later = 0;
    unsigned s;
    p.syscalls = allow;
    p.syscall_count = N_ALLOW;
    p.seccomp_action = MDSEC_PRIV_SECCOMP_KILL;
    if (!is_root()) {
        p.change_ids = 0;
        p.drop_caps = 0;
    }
    mdsec_priv_inject_failure(inject_step);
    if (mdsec_priv_apply(&p, &r) == MDSEC_OK || r.failed != inject_step || r.error != EPERM) {
        return 70;
    }
    for (s = (unsigned)inject_step; s < (unsigned)MDSEC_PRIV_STEP_COUNT_; s++) {
        later |= MDSEC_PRIV_BIT(s);
    }
    if ((r.applied & later) != 0u) {
        return 71; /* nothing at or after the failed step took effect */
    }
    /* and it really did not: still root when the id change failed */
    if (is_root() && inject_step <= MDSEC_PRIV_STEP_SETRESUID && geteuid() != 0) {
        return 72;
    }
    return 0;
}

static void injected_failure_at_each_step_stops_there(void **state)
{
    static const mdsec_priv_step_t root_steps[] = {
        MDSEC_PRIV_STEP_RLIMITS,   MDSEC_PRIV_STEP_BOUNDING,     MDSEC_PRIV_STEP_GROUPS,
        MDSEC_PRIV_STEP_SETRESGID, MDSEC_PRIV_STEP_SETRESUID,    MDSEC_PRIV_STEP_CAPS,
        MDSEC_PRIV_STEP_VERIFY,    MDSEC_PRIV_STEP_NO_NEW_PRIVS, MDSEC_PRIV_STEP_SECCOMP};
    static const mdsec_priv_step_t user_steps[] = {
        MDSEC_PRIV_STEP_RLIMITS, MDSEC_PRIV_STEP_NO_NEW_PRIVS, MDSEC_PRIV_STEP_SECCOMP};
    const mdsec_priv_step_t *steps = is_root() ? root_steps : user_steps;
    size_t n = is_root() ? sizeof root_steps / sizeof root_steps[0]
                         : sizeof user_steps / sizeof user_steps[0];
    size_t i;
    (void)state;
    if (!is_root()) {
        print_message("not root: the id and capability steps are not exercised\n");
    }
    for (i = 0; i < n; i++) {
        inject_step = steps[i];
        expect_exit0(child_injected);
    }
}

static int child_fatal_by_default(void)
{
    mdsec_priv_policy_t p;
    mdsec_priv_report_t r;
    memset(&p, 0, sizeof p); /* nonfatal = 0 */
    mdsec_priv_inject_failure(MDSEC_PRIV_STEP_RLIMITS);
    if (mdsec_priv_apply(&p, &r) != MDSEC_OK) {
        return 81; /* returned a failure instead of stopping */
    }
    return 80; /* must not be reached */
}

static void failure_is_fatal_by_default(void **state)
{
    int st;
    (void)state;
    st = in_child(child_fatal_by_default);
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGABRT); /* mdsec_port_fatal on posix */
}

static int child_optional(void)
{
    static mdsec_priv_path_t paths[1] = {{"/tmp", 0}};
    mdsec_priv_policy_t p;
    mdsec_priv_report_t r;
    memset(&p, 0, sizeof p);
    p.landlock_paths = paths;
    p.landlock_path_count = 1;
    p.syscalls = allow;
    p.syscall_count = N_ALLOW;
    p.seccomp_action = MDSEC_PRIV_SECCOMP_KILL;
    p.optional = MDSEC_PRIV_BIT(MDSEC_PRIV_STEP_LANDLOCK);
    p.nonfatal = 1;
    mdsec_priv_inject_failure(MDSEC_PRIV_STEP_LANDLOCK);
    if (mdsec_priv_apply(&p, &r) != MDSEC_OK) {
        return 90;
    }
    if ((r.skipped & MDSEC_PRIV_BIT(MDSEC_PRIV_STEP_LANDLOCK)) == 0u ||
        (r.applied & MDSEC_PRIV_BIT(MDSEC_PRIV_STEP_LANDLOCK)) != 0u ||
        (r.applied & MDSEC_PRIV_BIT(MDSEC_PRIV_STEP_SECCOMP)) == 0u) {
        return 91; /* reported as skipped; the rest still applied */
    }
    return 0;
}

static void optional_step_is_reported_and_skipped(void **state)
{
    (void)state;
    expect_exit0(child_optional);
}

static int events;
static void sink(void *c, const mdsec_event_t *ev)
{
    (void)c;
    if (ev->code == MDSEC_EV_PRIV_CHANGE) {
        events++;
    }
}

static int child_events(void)
{
    mdsec_priv_policy_t p;
    mdsec_priv_report_t r;
    memset(&p, 0, sizeof p);
    p.set_umask = 1;
    p.umask_value = 022;
    p.no_new_privs = 1;
    p.nonfatal = 1;
    mdsec_event_set_sink(sink, NULL);
    if (mdsec_priv_apply(&p, &r) != MDSEC_OK) {
        return 100;
    }
    return events == 3 ? 0 : 101; /* umask, rlimits, no_new_privs */
}

static void every_change_is_reported(void **state)
{
    (void)state;
    expect_exit0(child_events);
}

/* What the sink saw of the seccomp step: its outcome, and whether the filter was in force. */
static int seccomp_events_ok, seccomp_events_bad, seccomp_seen_filtered;
static void seccomp_sink(void *c, const mdsec_event_t *ev)
{
    (void)c;
    if (ev->code != MDSEC_EV_PRIV_CHANGE || ev->detail_len != 3u ||
        ev->detail[2] != (uint8_t)MDSEC_PRIV_STEP_SECCOMP) {
        return;
    }
    if (ev->outcome == MDSEC_OUTCOME_SUCCESS && ev->status == MDSEC_OK) {
        seccomp_events_ok++;
        /* Reported after it happened: the filter is already in force, so getuid
         * (on neither allow-list, and unable to fail otherwise) is refused. */
        errno = 0;
        seccomp_seen_filtered = syscall(SYS_getuid) == -1 && errno == EPERM;
    } else {
        seccomp_events_bad++;
    }
}

static int child_seccomp_event(int inject)
{
    mdsec_priv_policy_t p = seccomp_errno_policy(EPERM);
    mdsec_priv_report_t r;
    mdsec_status_t st;
    p.no_new_privs = 1;
    seccomp_events_ok = seccomp_events_bad = seccomp_seen_filtered = 0;
    mdsec_event_set_sink(seccomp_sink, NULL);
    if (inject) {
        mdsec_priv_inject_failure(MDSEC_PRIV_STEP_SECCOMP);
    }
    st = mdsec_priv_apply(&p, &r);
    if (inject) {
        /* a failed filter: one failure event, never "seccomp: success" */
        return (st != MDSEC_OK && seccomp_events_ok == 0 && seccomp_events_bad == 1) ? 0 : 110;
    }
    return (st == MDSEC_OK && seccomp_events_ok == 1 && seccomp_events_bad == 0 &&
            seccomp_seen_filtered)
               ? 0
               : 111;
}

static int child_seccomp_fails(void)
{
    return child_seccomp_event(1);
}
static int child_seccomp_loads(void)
{
    return child_seccomp_event(0);
}

static void seccomp_event_reports_what_happened(void **state)
{
    (void)state;
    expect_exit0(child_seccomp_fails);
    expect_exit0(child_seccomp_loads);
}

static void invalid_policies_apply_nothing(void **state)
{
    static const char *const bad_names[] = {"read", "no_such_syscall"};
    mdsec_priv_policy_t p;
    mdsec_priv_report_t r;
    (void)state;
    memset(&p, 0, sizeof p);
    p.syscalls = bad_names;
    p.syscall_count = 2;
    p.seccomp_action = MDSEC_PRIV_SECCOMP_KILL;
    assert_int_equal(mdsec_priv_apply(&p, &r), MDSEC_ERR_PRIV_POLICY);
    assert_int_equal(r.applied, 0);
    memset(&p, 0, sizeof p);
    p.syscalls = bad_names;
    p.syscall_count = 1;
    p.seccomp_action = MDSEC_PRIV_SECCOMP_ERRNO; /* errno 0 is not an error */
    assert_int_equal(mdsec_priv_apply(&p, &r), MDSEC_ERR_PRIV_POLICY);
    memset(&p, 0, sizeof p);
    p.keep_fd_count = MDSEC_PRIV_MAX_KEEP_FDS + 1;
    assert_int_equal(mdsec_priv_apply(&p, &r), MDSEC_ERR_PRIV_POLICY);
    assert_int_equal(mdsec_priv_apply(NULL, &r), MDSEC_ERR_PRIV_POLICY);
    assert_int_equal(r.applied, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(drop_to_nobody),
        cmocka_unit_test(keep_one_capability),
        cmocka_unit_test(forbidden_syscall_kills_with_sigsys),
        cmocka_unit_test(forbidden_syscall_returns_chosen_errno),
        cmocka_unit_test(path_outside_landlock_list_is_eacces),
        cmocka_unit_test(descriptors_umask_and_core_dumps),
        cmocka_unit_test(injected_failure_at_each_step_stops_there),
        cmocka_unit_test(seccomp_event_reports_what_happened),
        cmocka_unit_test(failure_is_fatal_by_default),
        cmocka_unit_test(optional_step_is_reported_and_skipped),
        cmocka_unit_test(every_change_is_reported),
        cmocka_unit_test(invalid_policies_apply_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
