/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file config.h
 * @brief Build-time limits and sizes.
 *
 * Every limit mdsec enforces is a macro here, never a magic number in the
 * code. An integrator overrides any of them with a header that defines the
 * values it wants, named by the CMake option `MDSEC_CONFIG_FILE` (for
 * example `-DMDSEC_CONFIG_FILE=$PWD/my_mdsec_config.h`); that header is
 * included first, and every value it leaves out gets the default below.
 *
 * The build writes `mdsec/build_config.h` next to the installed headers: it
 * records the modules, the crypto provider, the port and the configuration
 * header the library was built with, and this file includes it first, so
 * code that includes mdsec's headers sees the library's configuration
 * however it is compiled (CMake target, pkg-config or by hand). Code that
 * defines a limit differently from the library is refused at its first
 * call with ::MDSEC_ERR_CONFIG_MISMATCH (see MDSEC_CONFIG_ID).
 */
#ifndef MDSEC_CONFIG_H
#define MDSEC_CONFIG_H

#ifndef MDSEC_NO_BUILD_CONFIG
#include "mdsec/build_config.h"
#endif

#ifdef MDSEC_CONFIG_FILE
#include MDSEC_CONFIG_FILE
#endif

/**
 * @brief Bytes reserved in a hash context for the provider's state.
 *
 * BearSSL needs 208 bytes (SHA-384); libtomcrypt's `hash_state` union needs
 * 416. Each provider checks at compile time that its state fits.
 */
#ifndef MDSEC_CRYPTO_HASH_CTX_SIZE
#if defined(MDSEC_CRYPTO_TOMCRYPT)
#define MDSEC_CRYPTO_HASH_CTX_SIZE 416u
#else
#define MDSEC_CRYPTO_HASH_CTX_SIZE 208u
#endif
#endif

/** @brief Bytes reserved in an HMAC context for the provider's state. */
#ifndef MDSEC_CRYPTO_HMAC_CTX_SIZE
#if defined(MDSEC_CRYPTO_TOMCRYPT)
#define MDSEC_CRYPTO_HMAC_CTX_SIZE 848u
#else
#define MDSEC_CRYPTO_HMAC_CTX_SIZE 280u
#endif
#endif

/**
 * @brief Bytes reserved in a DRBG context for the provider's state.
 *
 * BearSSL's HMAC-DRBG needs 144 bytes. libtomcrypt keeps every PRNG in one
 * large `prng_state` union; its provider is meant for hosts.
 */
#ifndef MDSEC_CRYPTO_DRBG_CTX_SIZE
#if defined(MDSEC_CRYPTO_TOMCRYPT)
#define MDSEC_CRYPTO_DRBG_CTX_SIZE 17664u
#else
#define MDSEC_CRYPTO_DRBG_CTX_SIZE 144u
#endif
#endif

/**
 * @brief Set to 0 to leave the status texts out of the firmware (about
 *        5.7 KB of Cortex-M4 flash); mdsec_status_str() then returns one
 *        generic text and the numeric codes of mdsec/status.h still apply.
 */
#ifndef MDSEC_STATUS_STRINGS
#define MDSEC_STATUS_STRINGS 1
#endif

/** @brief Bytes of entropy drawn from the port to seed or reseed a DRBG. */
#ifndef MDSEC_DRBG_SEED_LEN
#define MDSEC_DRBG_SEED_LEN 48u
#endif

/** @brief Length in bytes of the port's device-unique root secret. */
#ifndef MDSEC_ROOT_SECRET_LEN
#define MDSEC_ROOT_SECRET_LEN 32u
#endif

/** @brief Number of non-volatile monotonic counters a port must provide. */
#ifndef MDSEC_PORT_COUNTER_COUNT
#define MDSEC_PORT_COUNTER_COUNT 4u
#endif

/** @brief Bytes of storage a port may use inside one ::mdsec_port_mutex_t. */
#ifndef MDSEC_PORT_MUTEX_SIZE
#define MDSEC_PORT_MUTEX_SIZE 128u
#endif

#endif /* MDSEC_CONFIG_H */
