/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The platform hooks of the Mbed TLS that mdsec builds for Cortex-M with
 * mdsec_mbedtls_config.h: PSA's random numbers from the port, and the static
 * heap Mbed TLS allocates from. cmake/MdsecCrossMbedTLS.cmake compiles this
 * file into mdsec::mbedcrypto, beside Mbed TLS's own objects.
 *
 * mbedtls_psa_external_get_random() is the one external name here without
 * the mdsec_ prefix: Mbed TLS calls it by that name (MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG),
 * so scripts/check-symbols.sh accepts it.
 */
#include <stdint.h>
#include <string.h>

#include "mbedtls/memory_buffer_alloc.h"
#include "mbedtls/platform.h"
#include "psa/crypto.h"

#include "mdsec/port.h"

#if !defined(MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG) || !defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
#error \
    "mdsec_mbedtls_platform.c needs MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG and MBEDTLS_MEMORY_BUFFER_ALLOC_C"
#endif

/* The most mdsec_port_entropy() delivers per call (mdsec/port.h). */
#define MBEDTLS_PORT_ENTROPY_MAX 256u

/* The heap. The buffer allocator aligns blocks to MBEDTLS_MEMORY_ALIGN_MULTIPLE
 * (4) itself; 8 keeps 64-bit limbs and headers naturally aligned. */
static _Alignas(8) unsigned char mbedtls_heap[MDSEC_MBEDTLS_HEAP_SIZE];

/*
 * Mbed TLS's allocator until its first allocation (MBEDTLS_PLATFORM_STD_CALLOC):
 * hands the static buffer to the buffer allocator, which replaces this hook
 * and mdsec__mbedtls_heap_free() with its own functions, then allocates from
 * it. So the heap is set up exactly once, before it is first needed, and
 * nobody has to call a set-up function before psa_crypto_init().
 */
void *mdsec__mbedtls_heap_calloc(size_t n, size_t size)
{
    mbedtls_memory_buffer_alloc_init(mbedtls_heap, sizeof mbedtls_heap);
    return mbedtls_calloc(n, size);
}

/* Mbed TLS's free until its first allocation: nothing can have been
 * allocated, so only NULL is a valid argument. */
void mdsec__mbedtls_heap_free(void *ptr)
{
    if (ptr != NULL) {
        mdsec_port_fatal(MDSEC_ERR_INTERNAL);
    }
}

/* mbedtls_exit(): the buffer allocator found its heap corrupted. */
void mdsec__mbedtls_exit(int status)
{
    (void)status;
    mdsec_port_fatal(MDSEC_ERR_INTERNAL);
}

/*
 * PSA's random generator. mdsec_port_entropy() delivers true or
 * cryptographically conditioned random bytes (mdsec/port.h), which is what
 * Mbed TLS asks of this function; it is called in pieces of at most what
 * the port contract allows. On failure the output is zeroed.
 */
psa_status_t mbedtls_psa_external_get_random(mbedtls_psa_external_random_context_t *context,
                                             uint8_t *output, size_t output_size,
                                             size_t *output_length)
{
    size_t done = 0u;

    (void)context;
    if (output_length == NULL || (output == NULL && output_size != 0u)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    *output_length = 0u;
    while (done < output_size) {
        size_t n = output_size - done;
        mdsec_status_t st;

        if (n > MBEDTLS_PORT_ENTROPY_MAX) {
            n = MBEDTLS_PORT_ENTROPY_MAX;
        }
        st = mdsec_port_entropy(output + done, n);
        if (st != MDSEC_OK) {
            memset(output, 0, output_size);
            return st == MDSEC_ERR_ENTROPY ? PSA_ERROR_INSUFFICIENT_ENTROPY
                                           : PSA_ERROR_HARDWARE_FAILURE;
        }
        done += n;
    }
    *output_length = output_size;
    return PSA_SUCCESS;
}
