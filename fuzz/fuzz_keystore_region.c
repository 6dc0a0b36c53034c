/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Persistent keystore region (src/keystore/ks_flash.c) under forgery, on the
 * POSIX port. At start-up a genuine store is made in a private state
 * directory: K and L imported (image OLD), a compaction, K rotated (image
 * NEW); the device's counter file is kept. Every input is a list of edits
 * applied to NEW, five bytes each: copy a frame or a whole sector from OLD
 * or NEW to any position, erase a frame, or set any byte (sector headers
 * and complete marks included). The device counter is put back before each
 * open, so the fuzzer searches for a forged region the device accepts.
 * Invariants: mdsec_ks_init answers OK, KS_CORRUPT or KS_ROLLBACK only; K
 * never exports its old material; an open that answers OK shows exactly
 * the genuine current state (K rotated, L unchanged).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mdsec/keystore.h"
#include "../tests/unit/keystore/ks_test_attr.h"
#include "mdsec/port.h"
#include "mdsec/port_posix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ID_K    0x500u
#define ID_L    0x501u
#define IMG_MAX (64u * 1024u)

static mdsec_ks_ctx_t ks;
static uint8_t img_old[IMG_MAX];
static uint8_t img_new[IMG_MAX];
static uint8_t img[IMG_MAX];
static uint8_t m_old[32];
static uint8_t m_new[32];
static uint8_t m_l[32];
static uint8_t counter_file[64];
static size_t counter_len;
static char counter_path[600];
static uint32_t size_used;
static uint32_t sector_size;
static uint32_t sectors;
static int ready;

static void check(int ok)
{
    if (!ok) {
        abort();
    }
}

static void write_region(const uint8_t *in)
{
    check(mdsec_port_storage_erase(MDSEC_PORT_REGION_KEYSTORE, 0, size_used) == MDSEC_OK);
    check(mdsec_port_storage_program(MDSEC_PORT_REGION_KEYSTORE, 0, in, size_used) == MDSEC_OK);
}

static void read_region(uint8_t *out)
{
    check(mdsec_port_storage_read(MDSEC_PORT_REGION_KEYSTORE, 0, out, size_used) == MDSEC_OK);
}

/* The device counter as the genuine store left it (the attacker cannot
 * change it). */
static void put_counter_back(void)
{
    FILE *fp = fopen(counter_path, "wb");
    check(fp != NULL);
    check(fwrite(counter_file, 1, counter_len, fp) == counter_len);
    check(fclose(fp) == 0);
    check(chmod(counter_path, 0600) == 0);
}

static void make_genuine(void)
{
    char dir[] = "/tmp/mdsec-fuzz-ks-XXXXXX";
    mdsec_port_storage_info_t info;
    const mdsec_ks_attributes_t a = ks_test_flash_hmac_attr();
    check(mkdtemp(dir) != NULL);
    char state[sizeof dir + 8];
    (void)snprintf(state, sizeof state, "%s/state", dir);
    check(mdsec_posix_set_state_dir(state) == MDSEC_OK);
    check(mdsec_port_init() == MDSEC_OK);
    check(mdsec_port_storage_info(MDSEC_PORT_REGION_KEYSTORE, &info) == MDSEC_OK);
    sector_size = info.sector_size;
    sectors = info.size / info.sector_size;
    sectors = sectors > MDSEC_KS_MAX_SECTORS ? MDSEC_KS_MAX_SECTORS : sectors;
    size_used = sectors * sector_size;
    check(size_used <= IMG_MAX && sectors >= 2u);
    memset(m_old, 0x0D, sizeof m_old);
    memset(m_new, 0x4E, sizeof m_new);
    memset(m_l, 0x1A, sizeof m_l);
    check(mdsec_ks_init(&ks, NULL) == MDSEC_OK);
    check(mdsec_ks_import(&ks, ID_K, &a, m_old, 32) == MDSEC_OK);
    check(mdsec_ks_import(&ks, ID_L, &a, m_l, 32) == MDSEC_OK);
    mdsec_ks_deinit(&ks);
    read_region(img_old);
    check(mdsec_ks_init(&ks, NULL) == MDSEC_OK);
    check(mdsec_ks_compact(&ks) == MDSEC_OK);
    check(mdsec_ks_replace(&ks, ID_K, &a, m_new, 32) == MDSEC_OK);
    mdsec_ks_deinit(&ks);
    read_region(img_new);
    (void)snprintf(counter_path, sizeof counter_path, "%s/counter-%lu", state,
                   (unsigned long)MDSEC_KS_COUNTER_ID);
    FILE *fp = fopen(counter_path, "rb");
    check(fp != NULL);
    counter_len = fread(counter_file, 1, sizeof counter_file, fp);
    check(fclose(fp) == 0 && counter_len > 0u && counter_len < sizeof counter_file);
    ready = 1;
}

static void apply_edit(const uint8_t e[5], uint32_t frame, uint32_t first, uint32_t slots)
{
    const uint8_t *src = (e[1] & 1u) != 0u ? img_old : img_new;
    switch (e[0] % 4u) {
    case 0: { /* copy a frame */
        const uint32_t from = ((uint32_t)(e[1] >> 1) % sectors) * sector_size + first +
                              ((uint32_t)e[2] % slots) * frame;
        const uint32_t to =
            ((uint32_t)e[3] % sectors) * sector_size + first + ((uint32_t)e[4] % slots) * frame;
        memcpy(img + to, src + from, frame);
        break;
    }
    case 1: /* copy a sector */
        memcpy(img + ((uint32_t)e[3] % sectors) * sector_size,
               src + ((uint32_t)e[2] % sectors) * sector_size, sector_size);
        break;
    case 2: /* erase a frame */
        memset(img + ((uint32_t)e[1] % sectors) * sector_size + first +
                   ((uint32_t)e[2] % slots) * frame,
               0xFF, frame);
        break;
    default: /* set a byte */
        img[(((uint32_t)e[1] << 16) | ((uint32_t)e[2] << 8) | e[3]) % size_used] = e[4];
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t out[32];
    size_t len = 0;
    if (!ready) {
        make_genuine();
    }
    /* The geometry of the POSIX defaults (docs/keystore.md). */
    const uint32_t pu = 8u;
    const uint32_t first = ((16u + pu - 1u) / pu) * pu + ((8u + pu - 1u) / pu) * pu;
    const uint32_t frame = ((48u + pu - 1u) / pu) * pu +
                           ((16u + MDSEC_KS_MATERIAL_MAX + pu - 1u) / pu) * pu +
                           ((8u + pu - 1u) / pu) * pu;
    const uint32_t slots = (sector_size - first) / frame;
    memcpy(img, img_new, size_used);
    for (size_t i = 0; i + 5u <= size && i < 5u * 64u; i += 5u) {
        apply_edit(data + i, frame, first, slots);
    }
    put_counter_back();
    write_region(img);
    const mdsec_status_t st = mdsec_ks_init(&ks, NULL);
    check(st == MDSEC_OK || st == MDSEC_ERR_KS_CORRUPT || st == MDSEC_ERR_KS_ROLLBACK);
    const mdsec_status_t ek = mdsec_ks_export(&ks, ID_K, out, sizeof out, &len);
    check(ek != MDSEC_OK || memcmp(out, m_old, 32) != 0); /* the revoked key never returns */
    if (st == MDSEC_OK) {
        check(ek == MDSEC_OK && memcmp(out, m_new, 32) == 0);
        check(mdsec_ks_export(&ks, ID_L, out, sizeof out, &len) == MDSEC_OK &&
              memcmp(out, m_l, 32) == 0);
    }
    mdsec_ks_deinit(&ks);
    return 0;
}
