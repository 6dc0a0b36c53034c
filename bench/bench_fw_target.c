/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Cortex-M4 (QEMU mps2-an386) memory figure of firmware verification.
 * Built twice: with BENCH_FLOOR, it does only what any verifier must (one
 * SHA-256 over the hashed bytes, one ECDSA P-256 verification); without,
 * it runs mdsec_fw_verify_buffer. Each image prints its peak stack (the
 * board paints the stack at reset); bench/run.sh compares the two images'
 * flash sizes, once per crypto provider.
 *
 * With the psa provider a third image, BENCH_HEAP, runs both on Mbed TLS's
 * buffer allocator and finds for each the smallest heap it succeeds in
 * (allocator headers included), as tests/target/mbedtls_smoke.c does for
 * single PSA calls. It is an image of its own so that the search adds
 * nothing to the other two's flash and stack.
 */
#include <stdio.h>
#include <string.h>

#include "crypto/crypto.h"
#include "fixtures_bench_fw.h"
#include "mdsec/board_mps2_an386.h"
#include "mdsec/mdsec.h"

#if defined(BENCH_HEAP)
#include "mbedtls/memory_buffer_alloc.h"
#include "psa/crypto.h"
#endif

#if defined(BENCH_FLOOR) || defined(BENCH_HEAP)
/* The floor decodes the key, hashes the hashed bytes (header 0x200 + body
 * 24576 + protected TLVs 12) and verifies the signature at the end. */
static mdsec_status_t run_floor(void)
{
    const uint32_t hashed = 0x200u + 24576u + 12u;
    const uint32_t sig_len = 70u;
    mdsec_der_pubkey_t key;
    uint8_t digest[32], raw[64];
    mdsec_status_t st;

    st = mdsec_der_parse_spki(fx_pub_ecdsa_p256_der, fx_pub_ecdsa_p256_der_len, &key);
    if (st == MDSEC_OK) {
        st = mdsec_crypto_hash(MDSEC_HASH_SHA256, fx_signed_ecdsa_p256_bin, hashed, digest,
                               sizeof digest);
    }
    if (st == MDSEC_OK) {
        st = mdsec_der_parse_ecdsa_sig(
            fx_signed_ecdsa_p256_bin + fx_signed_ecdsa_p256_bin_len - sig_len, sig_len, 32, raw);
    }
    if (st == MDSEC_OK) {
        st = mdsec_crypto_ecdsa_verify(MDSEC_CURVE_P256, key.point.ptr, key.point.len, digest,
                                       sizeof digest, raw, sizeof raw, MDSEC_SIG_RAW);
    }
    return st;
}
#endif

#if !defined(BENCH_FLOOR)
static mdsec_fw_ctx_t ctx;

/* mdsec_fw_verify_buffer over the fixture image, with its one key. */
static mdsec_status_t run_verify(mdsec_fw_result_t *res)
{
    static mdsec_fw_key_t key;
    mdsec_fw_policy_t p;
    mdsec_status_t st;

    st = mdsec_fw_key_from_spki(&key, fx_pub_ecdsa_p256_der, fx_pub_ecdsa_p256_der_len);
    if (st != MDSEC_OK) {
        return st;
    }
    memset(&p, 0, sizeof p);
    p.keys = &key;
    p.key_count = 1;
    return mdsec_fw_verify_buffer(&ctx, &p, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len,
                                  res);
}
#endif

#if defined(BENCH_HEAP)

/* The search's upper end, and its lower (below it the allocator has no room
 * for its first block header and serves nothing). */
#define SEARCH_MAX 65536u
#define HEAP_MIN   64u

static _Alignas(8) unsigned char search_heap[SEARCH_MAX];

typedef struct {
    const char *name;
    mdsec_status_t (*run)(void);
} op_t;

static mdsec_status_t verify_status(void)
{
    mdsec_fw_result_t res;

    return run_verify(&res);
}

/* One run on a fresh heap of `size` bytes (0: none) and a fresh PSA; a heap
 * found inconsistent afterwards is MDSEC_ERR_INTERNAL. */
static mdsec_status_t run_in(const op_t *op, size_t size)
{
    mdsec_status_t st;

    mbedtls_memory_buffer_alloc_init(search_heap, size);
    st = op->run();
    mbedtls_psa_crypto_free();
    if (size >= HEAP_MIN && mbedtls_memory_buffer_alloc_verify() != 0) {
        printf("FAIL: %s: heap inconsistent after a run in %lu B\n", op->name, (unsigned long)size);
        st = MDSEC_ERR_INTERNAL;
    }
    mbedtls_memory_buffer_alloc_free();
    return st;
}

/* The smallest heap (a multiple of 4, 0 when none is needed) `op` succeeds
 * in; *below is the status it gives 4 bytes below that. 0 with *bad set
 * when it does not succeed in SEARCH_MAX bytes. */
static size_t smallest_heap(const op_t *op, mdsec_status_t *below, int *bad)
{
    size_t lo = 0u, hi = SEARCH_MAX;

    *bad = 0;
    *below = MDSEC_OK;
    if (run_in(op, 0u) == MDSEC_OK) {
        return 0u;
    }
    if (run_in(op, hi) != MDSEC_OK) {
        *bad = 1;
        return 0u;
    }
    /* Fails in lo bytes, succeeds in hi; 4 is the allocator's alignment. */
    while (hi - lo > 4u) {
        size_t mid = (lo + (hi - lo) / 2u) & ~(size_t)3u;
        mdsec_status_t st = run_in(op, mid);

        if (st == MDSEC_OK) {
            hi = mid;
        } else {
            lo = mid;
            *below = st;
        }
    }
    return hi;
}

int main(void)
{
    static const op_t ops[] = {
        {"floor (SHA-256 + ECDSA P-256 verify)", run_floor},
        {"mdsec_fw_verify", verify_status},
    };
    unsigned failed = 0u;
    size_t i;

    if (mdsec_port_init() != MDSEC_OK) {
        return 2;
    }
    for (i = 0u; i < sizeof ops / sizeof ops[0]; i++) {
        mdsec_status_t below;
        int bad;
        size_t need = smallest_heap(&ops[i], &below, &bad);

        if (bad || need > MDSEC_MBEDTLS_HEAP_SIZE) {
            printf("FAIL: %s: does not succeed in MDSEC_MBEDTLS_HEAP_SIZE (%lu B)\n", ops[i].name,
                   (unsigned long)MDSEC_MBEDTLS_HEAP_SIZE);
            failed++;
            continue;
        }
        printf("%s: peak heap %lu B (the smallest Mbed TLS heap it succeeds in; "
               "4 B less: status %d)\n",
               ops[i].name, (unsigned long)need, (int)below);
    }
    return failed == 0u ? 0 : 1;
}

#else /* !BENCH_HEAP */

int main(void)
{
#if !defined(BENCH_FLOOR)
    mdsec_fw_result_t res;
#endif
    int ok;

    if (mdsec_port_init() != MDSEC_OK) {
        return 2;
    }
#if defined(BENCH_FLOOR)
    ok = run_floor() == MDSEC_OK;
    printf("floor (SHA-256 + ECDSA P-256 verify): %s, peak stack %lu B\n", ok ? "ok" : "FAILED",
           (unsigned long)mdsec_board_stack_used());
#else
    ok = run_verify(&res) == MDSEC_OK;
    printf("mdsec_fw_verify: %s, peak stack %lu B, context %lu B, result %lu B\n",
           ok ? "ok" : "FAILED", (unsigned long)mdsec_board_stack_used(), (unsigned long)sizeof ctx,
           (unsigned long)sizeof res);
#endif
    return ok ? 0 : 1;
}

#endif /* BENCH_HEAP */
