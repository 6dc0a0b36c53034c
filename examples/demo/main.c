/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec device demo: what an infusion pump's firmware does with mdsec at
 * start-up. Each mdsec module extends it as it lands.
 *
 * Exit status: 0 when every step behaved as a secure device must, 1 when a
 * security control failed, 2 when the platform could not be brought up.
 */
#include <stdio.h>
#include <string.h>

#include "mdsec/mdsec.h"

#if defined(MDSEC_WITH_PARSE)
#include "pump_protocol.h"

/* Three "set rate" commands as they arrive from the network (CBOR). */
/* {1: 42, 2: 125, 3: 50, 4: "nurse-7"}: drug 42 at 12.5 mL/h, bolus limit 5.0 mL */
static const unsigned char cmd_good[] = {0xa4, 0x01, 0x18, 0x2a, 0x02, 0x18, 0x7d, 0x03, 0x18, 0x32,
                                         0x04, 0x67, 'n',  'u',  'r',  's',  'e',  '-',  '7'};
/* The same command cut short in transit: the operator id claims 7 bytes, 3 arrive. */
static const unsigned char cmd_malformed[] = {0xa4, 0x01, 0x18, 0x2a, 0x02, 0x18, 0x7d, 0x03,
                                              0x18, 0x32, 0x04, 0x67, 'n',  'u',  'r'};
/* {1: 42, 2: 15000, 3: 50, 4: "nurse-7"}: 1500.0 mL/h, above the pump's 1200.0 mL/h limit */
static const unsigned char cmd_out_of_range[] = {0xa4, 0x01, 0x18, 0x2a, 0x02, 0x19, 0x3a,
                                                 0x98, 0x03, 0x18, 0x32, 0x04, 0x67, 'n',
                                                 'u',  'r',  's',  'e',  '-',  '7'};

/* Returns 0 when each command got the verdict a safe pump must give. */
static int demo_parse(void)
{
    static const struct {
        const char *what;
        const unsigned char *msg;
        size_t len;
        int must_accept;
    } cmds[] = {
        {"well-formed command", cmd_good, sizeof cmd_good, 1},
        {"truncated command", cmd_malformed, sizeof cmd_malformed, 0},
        {"out-of-range rate", cmd_out_of_range, sizeof cmd_out_of_range, 0},
    };
    int failures = 0;
    size_t i;

    printf("\n[bounded input parsing] \"set rate\" commands from the network\n");
    for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        pump_set_rate_t c;
        mdsec_schema_error_t e;
        mdsec_status_t st =
            mdsec_schema_decode(&pump_set_rate_schema, cmds[i].msg, cmds[i].len, &c, sizeof c, &e);
        if (st == MDSEC_OK) {
            printf("  %-22s ACCEPTED: drug %u at %u.%u mL/h, bolus limit %u.%u mL, operator %s\n",
                   cmds[i].what, (unsigned)c.drug_id, (unsigned)(c.rate_dl_per_h / 10u),
                   (unsigned)(c.rate_dl_per_h % 10u), (unsigned)(c.bolus_limit_dl / 10u),
                   (unsigned)(c.bolus_limit_dl % 10u), c.operator_id);
        } else {
            printf("  %-22s REJECTED: %s (field %s, byte %lu); pump state unchanged\n",
                   cmds[i].what, mdsec_status_str(st), e.field != NULL ? e.field : "-",
                   (unsigned long)e.offset);
        }
        if ((st == MDSEC_OK) != (cmds[i].must_accept != 0)) {
            failures++;
        }
    }
    return failures;
}
#endif

static int step(const char *what, mdsec_status_t st)
{
    printf("  %-44s %s\n", what, st == MDSEC_OK ? "ok" : mdsec_status_str(st));
    return st == MDSEC_OK ? 0 : 1;
}

#if defined(MDSEC_WITH_FW)
#include "demo_images.h"

#define DEMO_COUNTER_ID 1u

static unsigned char update_buf[32768];

/* Verifies one update; installs (commits) it when valid and asked to. */
static int demo_update(const char *what, const mdsec_fw_policy_t *policy,
                       const unsigned char *image, size_t len, int install, int must_accept)
{
    static mdsec_fw_ctx_t ctx; /* working memory: fixed, whatever the image size */
    mdsec_fw_result_t res;
    mdsec_status_t st = mdsec_fw_verify_buffer(&ctx, policy, image, len, &res);

    if (mdsec_fw_is_valid(&res) == MDSEC_FW_DECISION_VALID) {
        printf("  %-30s VALID: version %u.%u.%u+%lu, security counter %lu, signed by key "
               "%02x%02x%02x%02x...\n",
               what, res.version.major, res.version.minor, res.version.revision,
               (unsigned long)res.version.build, (unsigned long)res.security_counter,
               res.signers[0][0], res.signers[0][1], res.signers[0][2], res.signers[0][3]);
        if (install) {
            uint64_t counter = 0;
            mdsec_status_t cst = mdsec_fw_commit(policy, &res);
            if (cst == MDSEC_OK) {
                cst = mdsec_port_counter_read(DEMO_COUNTER_ID, &counter);
            }
            printf("  %-30s installed and confirmed; anti-rollback counter now %lu (%s)\n", "",
                   (unsigned long)counter, mdsec_status_str(cst));
            if (cst != MDSEC_OK) {
                return 1;
            }
        }
    } else {
        printf("  %-30s REFUSED: %s\n", what, mdsec_status_str(st));
    }
    return (st == MDSEC_OK) == (must_accept != 0) ? 0 : 1;
}

static int demo_fw(void)
{
    static mdsec_fw_key_t keys[2];
    uint8_t revoked[1][MDSEC_SHA256_LEN];
    mdsec_fw_policy_t policy;
    int failures = 0;

    printf("\n[signed firmware] updates arrive over the network\n");
    /* Trust anchors: the vendor's release key, and a second key since revoked. */
    if (mdsec_fw_key_from_spki(&keys[0], fx_pub_ecdsa_p256_der, fx_pub_ecdsa_p256_der_len) !=
            MDSEC_OK ||
        mdsec_fw_key_from_spki(&keys[1], fx_pub_ecdsa_p256_untrusted_der,
                               fx_pub_ecdsa_p256_untrusted_der_len) != MDSEC_OK) {
        printf("  trust anchors could not be loaded\n");
        return 1;
    }
    memcpy(revoked[0], mdsec_fw_key_hash(&keys[1]), MDSEC_SHA256_LEN);
    memset(&policy, 0, sizeof policy);
    policy.keys = keys;
    policy.key_count = 2;
    policy.revoked = (const uint8_t(*)[MDSEC_SHA256_LEN])revoked;
    policy.revoked_count = 1;
    policy.use_counter = 1;
    policy.counter_id = DEMO_COUNTER_ID;

    failures += demo_update("release 1.2.3 (counter 5)", &policy, fx_signed_ecdsa_p256_bin,
                            fx_signed_ecdsa_p256_bin_len, 1, 1);
    /* The same release with one byte of its code changed in transit. */
    if (fx_signed_ecdsa_p256_bin_len <= sizeof update_buf) {
        memcpy(update_buf, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
        update_buf[0x200 + 1000] ^= 0x01u;
        failures += demo_update("tampered copy of 1.2.3", &policy, update_buf,
                                fx_signed_ecdsa_p256_bin_len, 0, 0);
    }
    failures +=
        demo_update("old release 0.9.0 (counter 2)", &policy, fx_signed_ecdsa_p256_old_seccnt2_bin,
                    fx_signed_ecdsa_p256_old_seccnt2_bin_len, 0, 0);
    failures +=
        demo_update("image by the revoked key", &policy, fx_signed_ecdsa_p256_untrusted_key_bin,
                    fx_signed_ecdsa_p256_untrusted_key_bin_len, 0, 0);
    return failures;
}
#endif

#if defined(MDSEC_WITH_PRIV) && defined(__linux__)
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define MDSEC_DEMO_SANITIZED 1
#endif
#if __has_feature(address_sanitizer)
#define MDSEC_DEMO_LSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define MDSEC_DEMO_LSAN 1
#endif
#if defined(MDSEC_DEMO_LSAN)
#include <sanitizer/lsan_interface.h>
#endif
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

/* After initialisation the pump drops every privilege it no longer needs. */
static int demo_priv(void)
{
    /* What the running pump still needs: console output, memory, time, exit. */
    static const char *const allowed[] = {
        "read",
        "write",
        "close",
        "fstat",
        "newfstatat",
        "lseek",
        "brk",
        "mmap",
        "munmap",
        "madvise",
        "mprotect",
        "futex",
        "rt_sigprocmask",
        "rt_sigreturn",
        "exit",
        "exit_group",
        "getpid",
        "gettid",
        "tgkill",
        "getrandom",
        "clock_gettime",
        "getuid",
        "getgid",
        "geteuid",
        "getegid",
#if defined(__SANITIZE_ADDRESS__) || defined(MDSEC_DEMO_SANITIZED)
        /* what the sanitizer runtime of a test build needs at exit */
        "sched_yield",
        "clone",
        "clone3",
        "wait4",
        "ptrace",
        "prctl",
        "sigaltstack",
        "rt_sigaction",
        "openat",
        "readlink",
        "getdents64",
        "statx",
        "pread64",
        "uname",
        "getppid",
        "dup",
        "pipe2",
        "ioctl",
        "sched_getaffinity",
        "mremap",
        "kill",
        "set_robust_list",
        "rseq",
#endif
    };
    mdsec_priv_policy_t p;
    mdsec_priv_report_t r;
    mdsec_status_t st;
    int fd, root = (geteuid() == 0);

    printf("\n[least privilege] initialisation done; dropping privileges\n");
#if defined(MDSEC_DEMO_LSAN)
    /* Test builds: LeakSanitizer cannot inspect the process once it runs as
     * nobody, so its leak check runs now (and not again at exit). */
    __lsan_do_leak_check();
#endif
    memset(&p, 0, sizeof p);
    if (root) {
        p.change_ids = 1; /* nobody:nogroup, no supplementary groups */
        p.uid = 65534u;
        p.gid = 65534u;
        p.drop_caps = 1;
    } else {
        printf("  not running as root: uid and capabilities stay as they are\n");
    }
    p.no_new_privs = 1;
    p.syscalls = allowed;
    p.syscall_count = sizeof allowed / sizeof allowed[0];
    p.seccomp_action = MDSEC_PRIV_SECCOMP_ERRNO; /* refuse, and keep the pump running */
    p.seccomp_errno = EPERM;
    p.optional = MDSEC_PRIV_BIT(MDSEC_PRIV_STEP_LANDLOCK);
    p.nonfatal = 1; /* a product would leave this 0: a failed drop stops the device */
    st = mdsec_priv_apply(&p, &r);
    if (st != MDSEC_OK) {
        printf("  privilege drop FAILED at step %s: %s\n", mdsec_priv_step_name(r.failed),
               mdsec_status_str(st));
        return 1;
    }
    printf("  now uid %u, gid %u; no_new_privs set; seccomp allow-list of %u system calls\n",
           (unsigned)getuid(), (unsigned)getgid(), (unsigned)p.syscall_count);
    fd = socket(AF_INET, SOCK_STREAM, 0); /* a compromised pump tries to open a connection */
    if (fd < 0) {
        printf("  %-30s REFUSED: %s\n", "opening a network socket",
               errno == EPERM ? "not permitted (seccomp)" : "failed");
        return 0;
    }
    printf("  opening a network socket was ALLOWED\n");
    return 1;
}
#elif defined(MDSEC_WITH_PRIV) && defined(__arm__)
/* On the Cortex-M board: MPU regions, then the thread runs unprivileged. */
static int demo_priv(void)
{
    static const mdsec_priv_region_t regions[] = {
        {0x00000000u, 0x00400000u, MDSEC_PRIV_RO, 0}, /* code: read and execute */
        {0x20000000u, 0x00400000u, MDSEC_PRIV_RW, 1}, /* RAM: never execute */
    };
    mdsec_status_t st;

    printf("\n[least privilege] initialisation done; MPU on, thread drops to unprivileged\n");
    st = mdsec_priv_mpu_apply(regions, 2);
    if (st == MDSEC_OK) {
        st = mdsec_priv_drop_to_unprivileged();
    }
    if (st != MDSEC_OK) {
        printf("  privilege drop FAILED: %s\n", mdsec_status_str(st));
        return 1;
    }
    st = mdsec_priv_mpu_apply(regions, 2); /* a compromised task tries to open up the MPU */
    printf("  %-30s REFUSED: %s\n", "reprogramming the MPU", mdsec_status_str(st));
    return st == MDSEC_ERR_STATE ? 0 : 1;
}
#endif

int main(void)
{
    int failures = 0;
    mdsec_status_t st;

    printf("mdsec %s device demo\n", mdsec_version_string());
    printf("  port: %s, crypto provider: %s\n", mdsec_port_name(), mdsec_crypto_provider_name());

    st = mdsec_port_init();
    if (step("bring up the platform port", st) != 0) {
        return 2;
    }

    /* Power-on self-test: a device must not use crypto that gives wrong answers. */
    failures += step("crypto known-answer self-test", mdsec_crypto_selftest());

#if defined(MDSEC_WITH_PARSE)
    failures += demo_parse();
#endif
#if defined(MDSEC_WITH_FW)
    failures += demo_fw();
#endif
#if defined(MDSEC_WITH_PRIV) && (defined(__linux__) || defined(__arm__))
    failures += demo_priv(); /* last: the device runs with least privilege from here on */
#endif

    printf("\n%s\n", failures == 0 ? "demo: all controls behaved as required"
                                   : "demo: a security control FAILED");
    return failures == 0 ? 0 : 1;
}
