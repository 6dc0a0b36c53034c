/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec_priv_apply() for Linux: the POSIX half of the least-privilege
 * helpers. The order is minijail's: descriptors, umask and limits first;
 * the capability bounding set while we still hold CAP_SETPCAP; then
 * supplementary groups, gid, uid (groups before gid before uid, because
 * each later call removes the right to make the earlier one); then the
 * capability set; a verification that root cannot be regained; and last
 * no_new_privs, Landlock and seccomp, which need no privilege at all.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/landlock.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cap-ng.h>
#include <seccomp.h>

#include "mdsec/event.h"
#include "mdsec/port.h"
#include "mdsec/priv.h"

static mdsec_priv_step_t g_inject = MDSEC_PRIV_STEP_NONE;

void mdsec_priv_inject_failure(mdsec_priv_step_t step)
{
    g_inject = step;
}

/* 1 (and errno = EPERM) when the test hook wants this step to fail. */
static int injected(mdsec_priv_step_t step)
{
    if (g_inject != MDSEC_PRIV_STEP_NONE && g_inject == step) {
        g_inject = MDSEC_PRIV_STEP_NONE;
        errno = EPERM;
        return 1;
    }
    return 0;
}

/* actor: the effective uid, read by the caller (after the seccomp step
 * geteuid may no longer be allowed). */
static void report_event_as(mdsec_priv_step_t step, mdsec_status_t st, uint32_t actor)
{
    uint8_t detail[3];
    mdsec_event_t ev;
    detail[0] = 1u; /* tag: step */
    detail[1] = 1u;
    detail[2] = (uint8_t)step;
    ev.code = MDSEC_EV_PRIV_CHANGE;
    ev.outcome = (st == MDSEC_OK) ? MDSEC_OUTCOME_SUCCESS : MDSEC_OUTCOME_SERIOUS;
    ev.source = MDSEC_SRC_PRIV;
    ev.status = st;
    ev.actor = actor;
    ev.detail = detail;
    ev.detail_len = sizeof detail;
    mdsec_event_emit(&ev);
}

static void report_event(mdsec_priv_step_t step, mdsec_status_t st)
{
    report_event_as(step, st, (uint32_t)geteuid());
}

typedef struct apply_state {
    const mdsec_priv_policy_t *pol;
    mdsec_priv_report_t *rep;
} apply_state_t;

/*
 * Records a failed step. Returns 1 when the caller must stop (the step is
 * not optional), 0 when it may go on.
 */
static int failed(apply_state_t *a, mdsec_priv_step_t step, mdsec_status_t st)
{
    int err = errno;
    if ((a->pol->optional & MDSEC_PRIV_BIT(step)) != 0u) {
        a->rep->skipped |= MDSEC_PRIV_BIT(step);
        return 0;
    }
    a->rep->failed = step;
    a->rep->error = err;
    a->rep->status = st;
    report_event(step, st);
    return 1;
}

static void done(apply_state_t *a, mdsec_priv_step_t step)
{
    a->rep->applied |= MDSEC_PRIV_BIT(step);
    report_event(step, MDSEC_OK);
}

/*
 * Records one step's outcome: applied when !bad, otherwise failed with
 * status why. Returns 1 when the caller must stop (a non-optional failure).
 */
static int outcome(apply_state_t *a, mdsec_priv_step_t step, int bad, mdsec_status_t why)
{
    if (bad) {
        return failed(a, step, why);
    }
    done(a, step);
    return 0;
}

static int names_ok(const mdsec_priv_policy_t *p)
{
    size_t i;
    for (i = 0; p->syscalls != NULL && i < p->syscall_count; i++) {
        if (p->syscalls[i] == NULL ||
            seccomp_syscall_resolve_name(p->syscalls[i]) == __NR_SCMP_ERROR) {
            return 0; /* refused before anything is applied */
        }
    }
    return 1;
}

static int policy_ok(const mdsec_priv_policy_t *p)
{
    return p != NULL && names_ok(p) && p->keep_fd_count <= MDSEC_PRIV_MAX_KEEP_FDS &&
           (p->keep_fds != NULL || p->keep_fd_count == 0u) &&
           p->group_count <= MDSEC_PRIV_MAX_GROUPS && (p->groups != NULL || p->group_count == 0u) &&
           p->keep_cap_count <= MDSEC_PRIV_MAX_CAPS &&
           (p->keep_caps != NULL || p->keep_cap_count == 0u) &&
           p->rlimit_count <= MDSEC_PRIV_MAX_RLIMITS &&
           (p->rlimits != NULL || p->rlimit_count == 0u) &&
           p->landlock_path_count <= MDSEC_PRIV_MAX_PATHS &&
           (p->landlock_paths != NULL || p->landlock_path_count == 0u) &&
           p->syscall_count <= MDSEC_PRIV_MAX_SYSCALLS &&
           (p->syscalls == NULL || ((p->seccomp_action == MDSEC_PRIV_SECCOMP_KILL ||
                                     (p->seccomp_action == MDSEC_PRIV_SECCOMP_ERRNO &&
                                      p->seccomp_errno > 0 && p->seccomp_errno < 4096)))) &&
           (p->umask_value & ~0777u) == 0u;
}

/* ---- descriptors, umask, limits ---- */

static int close_fds(const mdsec_priv_policy_t *p)
{
    int keep[MDSEC_PRIV_MAX_KEEP_FDS];
    size_t n = 0, i, j;
    unsigned lo = 0;

    for (i = 0; i < p->keep_fd_count; i++) { /* sorted insert, at most 16 */
        int fd = p->keep_fds[i];
        if (fd < 0) {
            errno = EBADF;
            return -1;
        }
        for (j = n; j > 0 && keep[j - 1] > fd; j--) {
            keep[j] = keep[j - 1];
        }
        keep[j] = fd;
        n++;
    }
    for (i = 0; i < n; i++) {
        if ((unsigned)keep[i] > lo &&
            syscall(SYS_close_range, lo, (unsigned)keep[i] - 1u, 0u) != 0) {
            return -1;
        }
        lo = (unsigned)keep[i] + 1u;
    }
    return (int)syscall(SYS_close_range, lo, ~0u, 0u);
}

static int set_rlimits(const mdsec_priv_policy_t *p)
{
    size_t i;
    if (!p->allow_core_dumps) {
        struct rlimit none = {0, 0};
        if (setrlimit(RLIMIT_CORE, &none) != 0) {
            return -1;
        }
    }
    for (i = 0; i < p->rlimit_count; i++) {
        struct rlimit r;
        r.rlim_cur = (rlim_t)p->rlimits[i].soft;
        r.rlim_max = (rlim_t)p->rlimits[i].hard;
        if (setrlimit((__rlimit_resource_t)p->rlimits[i].resource, &r) != 0) {
            return -1;
        }
    }
    return 0;
}

/* ---- capabilities ---- */

static int clear_bounding(void)
{
    capng_get_caps_process();
    capng_clear(CAPNG_SELECT_BOUNDS);
    return capng_apply(CAPNG_SELECT_BOUNDS) == 0 ? 0 : -1;
}

static int keep_caps_only(const mdsec_priv_policy_t *p)
{
    size_t i;
    capng_get_caps_process();
    capng_clear(CAPNG_SELECT_CAPS);
    for (i = 0; i < p->keep_cap_count; i++) {
        if (capng_update(CAPNG_ADD, (capng_type_t)(CAPNG_EFFECTIVE | CAPNG_PERMITTED),
                         (unsigned)p->keep_caps[i]) != 0) {
            errno = EINVAL;
            return -1;
        }
    }
    if (capng_apply(CAPNG_SELECT_CAPS) != 0) {
        return -1;
    }
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) {
        return -1;
    }
    return prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
}

/* ---- verification: the drop holds ---- */

static int verify(const mdsec_priv_policy_t *p)
{
    uid_t ru, eu, su;
    gid_t rg, eg, sg;
    gid_t now[MDSEC_PRIV_MAX_GROUPS + 1u];
    size_t i;

    if (p->change_ids) {
        int n;
        if (getresuid(&ru, &eu, &su) != 0 || getresgid(&rg, &eg, &sg) != 0 || ru != p->uid ||
            eu != p->uid || su != p->uid || rg != p->gid || eg != p->gid || sg != p->gid) {
            return -1;
        }
        n = getgroups((int)(MDSEC_PRIV_MAX_GROUPS + 1u), now);
        if (n < 0 || (size_t)n != p->group_count) {
            return -1;
        }
        for (i = 0; i < p->group_count; i++) {
            if (now[i] != p->groups[i]) {
                return -1;
            }
        }
        /* Regaining root must fail (and must fail with EPERM). */
        if (p->uid != 0u && (setuid(0) == 0 || errno != EPERM)) {
            return -1;
        }
        if (p->uid != 0u && (setresuid((uid_t)-1, 0, (uid_t)-1) == 0 || errno != EPERM)) {
            return -1;
        }
    }
    if (p->drop_caps) {
        unsigned cap;
        capng_get_caps_process();
        if (capng_have_capabilities(CAPNG_SELECT_BOUNDS) != CAPNG_NONE) {
            return -1;
        }
        for (cap = 0; cap <= CAP_LAST_CAP; cap++) {
            int want = 0;
            for (i = 0; i < p->keep_cap_count; i++) {
                want |= ((unsigned)p->keep_caps[i] == cap);
            }
            if (capng_have_capability(CAPNG_PERMITTED, cap) != want ||
                capng_have_capability(CAPNG_EFFECTIVE, cap) != want) {
                return -1;
            }
        }
    }
    errno = 0;
    return 0;
}

/* ---- Landlock (raw system calls; glibc has no wrappers) ---- */

static int landlock_abi(void)
{
    long v = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    return (v > 0) ? (int)v : 0;
}

static uint64_t landlock_handled(int abi)
{
    uint64_t h =
        LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE |
        LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR |
        LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR |
        LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |
        LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM;
#ifdef LANDLOCK_ACCESS_FS_REFER
    if (abi >= 2) {
        h |= LANDLOCK_ACCESS_FS_REFER;
    }
#endif
#ifdef LANDLOCK_ACCESS_FS_TRUNCATE
    if (abi >= 3) {
        h |= LANDLOCK_ACCESS_FS_TRUNCATE;
    }
#endif
    (void)abi;
    return h;
}

static int apply_landlock(const mdsec_priv_policy_t *p, int abi)
{
    struct landlock_ruleset_attr rs;
    uint64_t handled = landlock_handled(abi);
    const uint64_t file_rights = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
                                 LANDLOCK_ACCESS_FS_READ_FILE
#ifdef LANDLOCK_ACCESS_FS_TRUNCATE
                                 | (abi >= 3 ? LANDLOCK_ACCESS_FS_TRUNCATE : 0u)
#endif
        ;
    const uint64_t read_rights =
        LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
    int rfd, rc = 0;
    size_t i;

    memset(&rs, 0, sizeof rs);
    rs.handled_access_fs = handled;
    rfd = (int)syscall(SYS_landlock_create_ruleset, &rs, sizeof rs, 0u);
    if (rfd < 0) {
        return -1;
    }
    for (i = 0; rc == 0 && i < p->landlock_path_count; i++) {
        struct landlock_path_beneath_attr pb;
        struct stat stbuf;
        int fd = open(p->landlock_paths[i].path, O_PATH | O_CLOEXEC);
        if (fd < 0) {
            rc = -1;
            break;
        }
        memset(&pb, 0, sizeof pb);
        pb.allowed_access = p->landlock_paths[i].writable ? handled : read_rights;
        if (fstat(fd, &stbuf) == 0 && !S_ISDIR(stbuf.st_mode)) {
            pb.allowed_access &= file_rights; /* only file rights apply to a file */
        }
        pb.parent_fd = fd;
        if (syscall(SYS_landlock_add_rule, rfd, LANDLOCK_RULE_PATH_BENEATH, &pb, 0u) != 0) {
            rc = -1;
        }
        (void)close(fd);
    }
    if (rc == 0 && syscall(SYS_landlock_restrict_self, rfd, 0u) != 0) {
        rc = -1;
    }
    {
        int e = errno;
        (void)close(rfd);
        errno = e;
    }
    return rc;
}

/* ---- seccomp (libseccomp) ---- */

static int apply_seccomp(const mdsec_priv_policy_t *p, mdsec_status_t *why)
{
    uint32_t deny = (p->seccomp_action == MDSEC_PRIV_SECCOMP_KILL)
                        ? SCMP_ACT_KILL_PROCESS
                        : SCMP_ACT_ERRNO((uint32_t)p->seccomp_errno);
    scmp_filter_ctx ctx = seccomp_init(deny);
    size_t i;
    int rc = 0;

    *why = MDSEC_ERR_PRIV_STEP;
    if (ctx == NULL) {
        errno = ENOMEM;
        return -1;
    }
    /* Only the native architecture: a call made through another ABI (for
     * example the 32-bit one on x86-64) kills the process. */
    if (seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS) != 0 ||
        seccomp_arch_exist(ctx, seccomp_arch_native()) != 0) {
        rc = -1;
    }
    for (i = 0; rc == 0 && i < p->syscall_count; i++) {
        int nr = seccomp_syscall_resolve_name(p->syscalls[i]);
        if (nr == __NR_SCMP_ERROR) {
            *why = MDSEC_ERR_PRIV_POLICY; /* an unknown system call name */
            errno = EINVAL;
            rc = -1;
        } else if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0) != 0) {
            errno = EINVAL;
            rc = -1;
        }
    }
    if (rc == 0) {
        int e = seccomp_load(ctx);
        if (e != 0) {
            errno = -e;
            rc = -1;
        }
    }
    seccomp_release(ctx);
    return rc;
}

/* ---- the sequence ---- */

static mdsec_status_t run(apply_state_t *a)
{
    const mdsec_priv_policy_t *p = a->pol;
    int need_nnp = p->no_new_privs || p->syscalls != NULL || p->landlock_paths != NULL;
    int keepcaps = p->change_ids && p->drop_caps && p->keep_cap_count > 0u;

    if (p->close_fds &&
        outcome(a, MDSEC_PRIV_STEP_CLOSE_FDS,
                injected(MDSEC_PRIV_STEP_CLOSE_FDS) || close_fds(p) != 0, MDSEC_ERR_PRIV_STEP)) {
        return a->rep->status;
    }
    if (p->set_umask) {
        int bad = injected(MDSEC_PRIV_STEP_UMASK);
        if (!bad) {
            (void)umask((mode_t)p->umask_value);
        }
        if (outcome(a, MDSEC_PRIV_STEP_UMASK, bad, MDSEC_ERR_PRIV_STEP)) {
            return a->rep->status;
        }
    }
    if (outcome(a, MDSEC_PRIV_STEP_RLIMITS,
                injected(MDSEC_PRIV_STEP_RLIMITS) || set_rlimits(p) != 0, MDSEC_ERR_PRIV_STEP)) {
        return a->rep->status;
    }
    if (p->drop_caps &&
        outcome(a, MDSEC_PRIV_STEP_BOUNDING,
                injected(MDSEC_PRIV_STEP_BOUNDING) || clear_bounding() != 0, MDSEC_ERR_PRIV_STEP)) {
        return a->rep->status;
    }
    if (keepcaps &&
        outcome(a, MDSEC_PRIV_STEP_KEEPCAPS,
                injected(MDSEC_PRIV_STEP_KEEPCAPS) || prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0,
                MDSEC_ERR_PRIV_STEP)) {
        return a->rep->status;
    }
    if (p->change_ids) {
        gid_t g[MDSEC_PRIV_MAX_GROUPS];
        size_t i;
        for (i = 0; i < p->group_count; i++) {
            g[i] = (gid_t)p->groups[i];
        }
        /* groups, then gid, then uid: each later call removes the right to make the earlier one */
        if (outcome(a, MDSEC_PRIV_STEP_GROUPS,
                    injected(MDSEC_PRIV_STEP_GROUPS) || setgroups(p->group_count, g) != 0,
                    MDSEC_ERR_PRIV_STEP) ||
            outcome(a, MDSEC_PRIV_STEP_SETRESGID,
                    injected(MDSEC_PRIV_STEP_SETRESGID) ||
                        setresgid((gid_t)p->gid, (gid_t)p->gid, (gid_t)p->gid) != 0,
                    MDSEC_ERR_PRIV_STEP) ||
            outcome(a, MDSEC_PRIV_STEP_SETRESUID,
                    injected(MDSEC_PRIV_STEP_SETRESUID) ||
                        setresuid((uid_t)p->uid, (uid_t)p->uid, (uid_t)p->uid) != 0,
                    MDSEC_ERR_PRIV_STEP)) {
            return a->rep->status;
        }
    }
    if (p->drop_caps &&
        outcome(a, MDSEC_PRIV_STEP_CAPS, injected(MDSEC_PRIV_STEP_CAPS) || keep_caps_only(p) != 0,
                MDSEC_ERR_PRIV_STEP)) {
        return a->rep->status;
    }
    if (p->change_ids || p->drop_caps) {
        /* Never optional: a drop that can be undone is no drop. */
        if (injected(MDSEC_PRIV_STEP_VERIFY) || verify(p) != 0) {
            a->rep->failed = MDSEC_PRIV_STEP_VERIFY;
            a->rep->error = errno;
            a->rep->status = MDSEC_ERR_PRIV_VERIFY;
            report_event(MDSEC_PRIV_STEP_VERIFY, MDSEC_ERR_PRIV_VERIFY);
            return a->rep->status;
        }
        a->rep->applied |= MDSEC_PRIV_BIT(MDSEC_PRIV_STEP_VERIFY);
    }
    if (need_nnp) {
        if (injected(MDSEC_PRIV_STEP_NO_NEW_PRIVS) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
            /* seccomp and Landlock rely on it: never optional when they are asked for */
            if (failed(a, MDSEC_PRIV_STEP_NO_NEW_PRIVS, MDSEC_ERR_PRIV_STEP) ||
                p->syscalls != NULL || p->landlock_paths != NULL) {
                a->rep->failed = MDSEC_PRIV_STEP_NO_NEW_PRIVS;
                a->rep->status = MDSEC_ERR_PRIV_STEP;
                return a->rep->status;
            }
        } else {
            done(a, MDSEC_PRIV_STEP_NO_NEW_PRIVS);
        }
    }
    if (p->landlock_paths != NULL) {
        mdsec_status_t why = MDSEC_ERR_PRIV_STEP;
        int bad;
        if (injected(MDSEC_PRIV_STEP_LANDLOCK)) {
            bad = 1;
        } else if (a->rep->landlock_abi == 0) {
            errno = ENOSYS; /* this kernel has no Landlock */
            why = MDSEC_ERR_PRIV_UNAVAILABLE;
            bad = 1;
        } else {
            bad = apply_landlock(p, a->rep->landlock_abi) != 0;
        }
        if (outcome(a, MDSEC_PRIV_STEP_LANDLOCK, bad, why)) {
            return a->rep->status;
        }
    }
    if (p->syscalls != NULL) {
        mdsec_status_t why = MDSEC_ERR_PRIV_STEP;
        uint32_t actor = (uint32_t)geteuid();
        int bad = injected(MDSEC_PRIV_STEP_SECCOMP) || apply_seccomp(p, &why) != 0;
        /* Reported after it happened, like every step: on success the sink
         * already runs under the filter, so its system calls must be on the
         * allow-list (docs/privilege.md). seccomp is never optional. */
        if (bad) {
            a->rep->failed = MDSEC_PRIV_STEP_SECCOMP;
            a->rep->error = errno;
            a->rep->status = why;
            report_event_as(MDSEC_PRIV_STEP_SECCOMP, why, actor);
            return a->rep->status;
        }
        a->rep->applied |= MDSEC_PRIV_BIT(MDSEC_PRIV_STEP_SECCOMP);
        report_event_as(MDSEC_PRIV_STEP_SECCOMP, MDSEC_OK, actor);
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_priv_apply(const mdsec_priv_policy_t *policy, mdsec_priv_report_t *report)
{
    apply_state_t a;
    mdsec_status_t st;
    mdsec_priv_report_t local = {MDSEC_OK, 0u, 0u, MDSEC_PRIV_STEP_NONE, 0, 0};
    mdsec_priv_report_t *rep = (report != NULL) ? report : &local;

    memset(rep, 0, sizeof *rep);
    rep->landlock_abi = landlock_abi();
    if (!policy_ok(policy)) {
        rep->status = MDSEC_ERR_PRIV_POLICY;
        return rep->status; /* nothing was applied, so nothing to stop */
    }
    a.pol = policy;
    a.rep = rep;
    st = run(&a);
    rep->status = st;
    if (st != MDSEC_OK && !policy->nonfatal) {
        mdsec_port_fatal(st);
    }
    return st;
}
