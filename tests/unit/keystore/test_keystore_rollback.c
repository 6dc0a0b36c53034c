/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Rollback and replay of the persistent keystore region, built byte by
 * byte. Each test makes a genuine store through the API, keeps images of
 * its region, and then writes regions an attacker could write: older
 * dumps, forged sector headers and complete marks, genuine frames copied
 * to other slots and sectors, sectors swapped, damaged frames that claim a
 * sequence number. The device's monotonic counter is never touched: it is
 * the one thing the attacker cannot change. Every forged region must be
 * reported (never MDSEC_OK) and a rotated key must never come back with
 * its old material. Portable: runs on the host and on the Cortex-M4 board.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "keystore/ks_internal.h"
#include "mdsec/keystore.h"
#include "ks_test_attr.h"
#include "mdsec/port.h"

#define ID_K 0x500u /* the key that is rotated */
#define ID_L 0x501u /* a key that is not changed */
#define ID_F 0x502u /* a filler key */

#define IMG_MAX (32u * 1024u)

static mdsec_ks_ctx_t ks;
static uint8_t img_old[IMG_MAX];
static uint8_t img_new[IMG_MAX];
static uint8_t img[IMG_MAX];
static uint8_t m_old[32];
static uint8_t m_new[32];
static uint8_t m_l[32];

static struct {
    uint32_t size; /* bytes of the region the keystore uses */
    uint32_t sector;
    uint32_t pu;
    uint32_t first; /* offset of frame 0 in a sector */
    uint32_t hdr;   /* offset of the complete mark in a sector */
    uint32_t sectors;
    ks_layout_t lay;
} g;

static uint32_t up(uint32_t v)
{
    return ((v + g.pu - 1u) / g.pu) * g.pu;
}

static uint32_t slot_off(uint32_t sector, uint32_t slot)
{
    return sector * g.sector + g.first + slot * g.lay.frame;
}

static void read_region(uint8_t *out)
{
    mdsec_ks_deinit(&ks);
    assert_int_equal(mdsec_port_storage_read(MDSEC_PORT_REGION_KEYSTORE, 0, out, g.size), MDSEC_OK);
}

static void write_region(const uint8_t *in)
{
    mdsec_ks_deinit(&ks);
    assert_int_equal(mdsec_port_storage_erase(MDSEC_PORT_REGION_KEYSTORE, 0, g.size), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_program(MDSEC_PORT_REGION_KEYSTORE, 0, in, g.size),
                     MDSEC_OK);
}

/* An empty store on an erased region (the first open reports the wipe as
 * a rollback: the counter has moved on). */
static void fresh_store(void)
{
    mdsec_port_storage_info_t info;
    mdsec_ks_deinit(&ks);
    assert_int_equal(mdsec_port_storage_info(MDSEC_PORT_REGION_KEYSTORE, &info), MDSEC_OK);
    g.sector = info.sector_size;
    g.pu = info.program_unit;
    g.sectors = info.size / info.sector_size;
    if (g.sectors > MDSEC_KS_MAX_SECTORS) {
        g.sectors = MDSEC_KS_MAX_SECTORS;
    }
    g.size = g.sectors * g.sector;
    assert_true(g.size <= IMG_MAX);
    assert_true(g.sectors >= 2u);
    assert_int_equal(info.erased_value, 0xFF);
    assert_int_equal(mdsec__ks_layout_for(g.pu, &g.lay), MDSEC_OK);
    g.hdr = up(16u);
    g.first = g.hdr + up(8u);
    assert_int_equal(mdsec_port_storage_erase(MDSEC_PORT_REGION_KEYSTORE, 0, info.size), MDSEC_OK);
    const mdsec_status_t st = mdsec_ks_init(&ks, NULL);
    assert_true(st == MDSEC_OK || st == MDSEC_ERR_KS_ROLLBACK);
    mdsec_ks_deinit(&ks);
    assert_int_equal(mdsec_ks_init(&ks, NULL), MDSEC_OK);
    assert_int_equal(ks.flash.active, 0);
    assert_int_equal(ks.flash.next_slot, 1);
}

static void open_clean(void)
{
    mdsec_ks_deinit(&ks);
    assert_int_equal(mdsec_ks_init(&ks, NULL), MDSEC_OK);
}

static mdsec_status_t export_k(uint32_t id, uint8_t out[32])
{
    size_t len = 0;
    memset(out, 0xAA, 32);
    return mdsec_ks_export(&ks, id, out, 32, &len);
}

static int all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) {
        acc |= p[i];
    }
    return acc == 0u;
}

/* The genuine current region opens cleanly with the rotated key. */
static void genuine_opens(const uint8_t *region)
{
    uint8_t out[32];
    write_region(region);
    assert_int_equal(mdsec_ks_init(&ks, NULL), MDSEC_OK);
    assert_int_equal(export_k(ID_K, out), MDSEC_OK);
    assert_memory_equal(out, m_new, 32);
    assert_int_equal(export_k(ID_L, out), MDSEC_OK);
    assert_memory_equal(out, m_l, 32);
}

/* A forged region: the open reports it (expect, or either flag when
 * expect is 0) and K never comes back with its old material. */
static void forged_refused(const uint8_t *region, mdsec_status_t expect, const char *what)
{
    uint8_t out[32];
    write_region(region);
    const mdsec_status_t st = mdsec_ks_init(&ks, NULL);
    const int ok_open = expect != MDSEC_OK
                            ? st == expect
                            : (st == MDSEC_ERR_KS_ROLLBACK || st == MDSEC_ERR_KS_CORRUPT);
    if (!ok_open) {
        print_error("%s: mdsec_ks_init gave %d, expected %d (0: -606 or -607)\n", what, (int)st,
                    (int)expect);
    }
    const mdsec_status_t ex =
        st == MDSEC_OK || ks.flash.open != 0u ? export_k(ID_K, out) : MDSEC_ERR_KS_NOT_FOUND;
    if (ex == MDSEC_OK) {
        print_error("%s: key K exported (%s material)\n", what,
                    memcmp(out, m_old, 32) == 0 ? "OLD, revoked" : "current");
    }
    assert_true(ok_open);
    assert_int_not_equal(ex, MDSEC_OK);
    assert_true(ex == MDSEC_ERR_KS_ROLLBACK || ex == MDSEC_ERR_KS_CORRUPT ||
                ex == MDSEC_ERR_KS_NOT_FOUND);
    assert_true(all_zero(out, 32) || ex == MDSEC_ERR_KS_NOT_FOUND);
}

/* A region holding the genuine current state next to forged bytes: the
 * forged bytes decide nothing. The open either gives the current state
 * (MDSEC_OK, K rotated, L intact) or reports the region; K never comes
 * back with its old material. */
static void never_old(const uint8_t *region, const char *what)
{
    uint8_t out[32];
    write_region(region);
    const mdsec_status_t st = mdsec_ks_init(&ks, NULL);
    const mdsec_status_t ex = ks.flash.open != 0u ? export_k(ID_K, out) : MDSEC_ERR_KS_NOT_FOUND;
    if (ex == MDSEC_OK && memcmp(out, m_old, 32) == 0) {
        print_error("%s: key K exported its OLD, revoked material (open gave %d)\n", what, (int)st);
        fail();
    }
    if (st == MDSEC_OK) {
        assert_int_equal(ex, MDSEC_OK);
        assert_memory_equal(out, m_new, 32);
        assert_int_equal(export_k(ID_L, out), MDSEC_OK);
        assert_memory_equal(out, m_l, 32);
    } else {
        if (st != MDSEC_ERR_KS_ROLLBACK && st != MDSEC_ERR_KS_CORRUPT) {
            print_error("%s: mdsec_ks_init gave %d\n", what, (int)st);
            fail();
        }
        if (ex == MDSEC_OK) {
            print_error("%s: open reported %d but K is usable\n", what, (int)st);
            fail();
        }
    }
}

/* Store: K (old), L in sector 0 -> img_old; then K rotated -> img_new. */
static void store_rotated_in_place(void)
{
    const mdsec_ks_attributes_t a = ks_test_flash_hmac_attr();
    fresh_store();
    assert_int_equal(mdsec_ks_import(&ks, ID_K, &a, m_old, 32), MDSEC_OK); /* slot 1 */
    assert_int_equal(mdsec_ks_import(&ks, ID_L, &a, m_l, 32), MDSEC_OK);   /* slot 2 */
    read_region(img_old);
    open_clean();
    assert_int_equal(mdsec_ks_replace(&ks, ID_K, &a, m_new, 32), MDSEC_OK); /* slot 3 */
    assert_int_equal(ks.flash.active, 0);
    assert_int_equal(ks.flash.next_slot, 4);
    read_region(img_new);
}

/* Forge a sector header (generation gen) and optionally the complete mark. */
static void forge_header(uint8_t *region, uint32_t sector, uint32_t gen, int complete)
{
    static const uint8_t mark[8] = {'K', 'S', 'S', 'E', 'C', 'T', 'O', 'K'};
    uint8_t *h = region + sector * g.sector;
    memset(h, 0, g.first);
    h[0] = 'K';
    h[1] = 'S';
    h[2] = 'S';
    h[3] = '1';
    h[4] = 1u;
    for (uint32_t i = 0; i < 4u; i++) {
        h[8u + i] = (uint8_t)(gen >> (8u * i));
        h[12u + i] = (uint8_t)(~gen >> (8u * i));
    }
    if (complete) {
        memcpy(h + g.hdr, mark, sizeof mark);
    } else {
        memset(h + g.hdr, 0xFF, g.first - g.hdr);
    }
}

static uint32_t header_gen(const uint8_t *region, uint32_t sector)
{
    const uint8_t *h = region + sector * g.sector + 8u;
    return (uint32_t)h[0] | ((uint32_t)h[1] << 8) | ((uint32_t)h[2] << 16) | ((uint32_t)h[3] << 24);
}

static void copy_frame(uint8_t *to, uint32_t to_sector, uint32_t to_slot, const uint8_t *from,
                       uint32_t from_sector, uint32_t from_slot)
{
    memcpy(to + slot_off(to_sector, to_slot), from + slot_off(from_sector, from_slot), g.lay.frame);
}

/* (a) The old dump plus a fake "interrupted compaction" sector: header
 * generation + 1, no complete mark, holding a copy of the newest genuine
 * frame (the rotation). */
static void old_dump_with_fake_interrupted_compaction(void **state)
{
    (void)state;
    store_rotated_in_place();
    genuine_opens(img_new);
    const uint32_t gen = header_gen(img_old, 0);
    for (uint32_t slot = 0; slot < 4u; slot++) {
        memcpy(img, img_old, g.size);
        forge_header(img, 1, gen + 1u, 0);
        copy_frame(img, 1, slot, img_new, 0, 3);
        forged_refused(img, MDSEC_ERR_KS_ROLLBACK, "old dump + fake incomplete sector");
    }
    /* The same with the anchor copied too, and with a complete mark. */
    memcpy(img, img_old, g.size);
    forge_header(img, 1, gen + 1u, 0);
    copy_frame(img, 1, 0, img_new, 0, 0);
    copy_frame(img, 1, 3, img_new, 0, 3);
    forged_refused(img, MDSEC_ERR_KS_ROLLBACK, "old dump + fake incomplete sector with anchor");
    memcpy(img, img_old, g.size);
    forge_header(img, 1, gen + 1u, 1);
    copy_frame(img, 1, 0, img_new, 0, 0);
    copy_frame(img, 1, 3, img_new, 0, 3);
    forged_refused(img, 0, "old dump + fake complete sector");
}

/* (b) A genuine frame (K's old record) copied into another slot of the
 * active sector and into another sector. */
static void genuine_frame_copied_elsewhere(void **state)
{
    (void)state;
    store_rotated_in_place();
    genuine_opens(img_new);
    /* The next free slot of the active sector. */
    memcpy(img, img_new, g.size);
    copy_frame(img, 0, 4, img_new, 0, 1);
    forged_refused(img, 0, "old K frame copied after the head");
    /* Over the rotation itself. */
    memcpy(img, img_new, g.size);
    memset(img + slot_off(0, 3), 0xFF, g.lay.frame);
    copy_frame(img, 0, 3, img_new, 0, 1);
    forged_refused(img, 0, "old K frame copied over the rotation");
    /* Into a newer-looking complete sector, after a copy of the anchor. */
    const uint32_t gen = header_gen(img_new, 0);
    memcpy(img, img_new, g.size);
    forge_header(img, 1, gen + 1u, 1);
    copy_frame(img, 1, 0, img_new, 0, 0);
    copy_frame(img, 1, 1, img_new, 0, 1);
    copy_frame(img, 1, 2, img_new, 0, 2);
    never_old(img, "sector copied to a newer-looking sector");
    /* The whole current sector copied next to itself, marked newer. */
    memcpy(img, img_new, g.size);
    memcpy(img + g.sector, img_new, g.sector);
    forge_header(img, 1, gen + 1u, 1);
    never_old(img, "sector duplicated");
}

/* Store that went through a compaction: sector 0 (old, K old) -> sector 1,
 * then K rotated in sector 1. img_old: before the compaction. */
static void store_rotated_after_compaction(void)
{
    const mdsec_ks_attributes_t a = ks_test_flash_hmac_attr();
    fresh_store();
    assert_int_equal(mdsec_ks_import(&ks, ID_K, &a, m_old, 32), MDSEC_OK);
    assert_int_equal(mdsec_ks_import(&ks, ID_L, &a, m_l, 32), MDSEC_OK);
    read_region(img_old);
    open_clean();
    assert_int_equal(mdsec_ks_compact(&ks), MDSEC_OK);
    assert_int_equal(ks.flash.active, 1);
    assert_int_equal(mdsec_ks_replace(&ks, ID_K, &a, m_new, 32), MDSEC_OK);
    read_region(img_new);
}

/* (c) Sectors reordered. */
static void sectors_reordered(void **state)
{
    (void)state;
    store_rotated_after_compaction();
    genuine_opens(img_new);
    /* The active sector moved to sector 0 (the old one erased meanwhile). */
    memcpy(img, img_new, g.size);
    memcpy(img, img_new + g.sector, g.sector);
    memset(img + g.sector, 0xFF, g.sector);
    forged_refused(img, 0, "active sector moved");
    /* Old and new sector swapped. */
    memcpy(img, img_new, g.size);
    memcpy(img, img_new + g.sector, g.sector);
    memcpy(img + g.sector, img_old, g.sector);
    forged_refused(img, 0, "sectors swapped");
}

/* (d) Sector headers and complete marks edited over genuine sectors: the
 * old dump's sector 0 next to the current sector 1. */
static void edited_headers_and_marks(void **state)
{
    (void)state;
    store_rotated_after_compaction();
    genuine_opens(img_new);
    const uint32_t gen_old = header_gen(img_old, 0);
    const uint32_t gen_new = header_gen(img_new, 1);
    assert_true(gen_new > gen_old);
    /* Current sector's complete mark removed: it looks like an interrupted
     * compaction next to the old, complete sector. */
    memcpy(img, img_new, g.size);
    memcpy(img, img_old, g.sector);
    memset(img + g.sector + g.hdr, 0xFF, g.first - g.hdr);
    never_old(img, "current sector's mark removed");
    /* The old sector made the newest by its header. */
    memcpy(img, img_new, g.size);
    memcpy(img, img_old, g.sector);
    forge_header(img, 0, gen_new + 5u, 1);
    never_old(img, "old sector's generation raised");
    /* Both: the old raised, the current demoted. */
    memcpy(img, img_new, g.size);
    memcpy(img, img_old, g.sector);
    forge_header(img, 0, gen_new, 1);
    forge_header(img, 1, gen_old, 0);
    never_old(img, "generations exchanged");
    /* Headers edited alone (the current sector's records intact, the
     * old sector erased as after a completed compaction). */
    memcpy(img, img_new, g.size);
    forge_header(img, 1, gen_new + 100u, 0);
    never_old(img, "current sector's header edited, mark removed");
    memcpy(img, img_new, g.size);
    forge_header(img, 0, gen_new + 1u, 1);
    never_old(img, "erased sector given a newer complete header");
}

/* (e) A plain old dump restored. */
static void old_dump_restored(void **state)
{
    (void)state;
    store_rotated_in_place();
    genuine_opens(img_new);
    forged_refused(img_old, MDSEC_ERR_KS_ROLLBACK, "old dump (in place)");
    store_rotated_after_compaction();
    genuine_opens(img_new);
    forged_refused(img_old, MDSEC_ERR_KS_ROLLBACK, "old dump (before a compaction)");
}

/* (f) A stale genuine record at its own position (the same sector, an
 * earlier pass of the ring), after a damaged frame that claims the stale
 * record's predecessor as its sequence number. */
static void damaged_frame_is_no_chain_anchor(void **state)
{
    const mdsec_ks_attributes_t a = ks_test_flash_hmac_attr();
    uint8_t stale[IMG_MAX];
    (void)state;
    fresh_store();
    assert_int_equal(mdsec_ks_import(&ks, ID_L, &a, m_l, 32), MDSEC_OK);   /* slot 1 */
    assert_int_equal(mdsec_ks_import(&ks, ID_F, &a, m_l, 32), MDSEC_OK);   /* slot 2 */
    assert_int_equal(mdsec_ks_destroy(&ks, ID_F), MDSEC_OK);               /* slot 3 */
    assert_int_equal(mdsec_ks_import(&ks, ID_K, &a, m_old, 32), MDSEC_OK); /* slot 4 */
    read_region(stale);
    open_clean();
    assert_int_equal(mdsec_ks_replace(&ks, ID_K, &a, m_new, 32), MDSEC_OK);
    /* Round the ring back to sector 0: a new pass over the same slots. */
    assert_int_equal(mdsec_ks_compact(&ks), MDSEC_OK);
    for (uint32_t i = 0; i < MDSEC_KS_MAX_SECTORS && ks.flash.active != 0u; i++) {
        assert_int_equal(mdsec_ks_compact(&ks), MDSEC_OK);
    }
    assert_int_equal(ks.flash.active, 0);
    assert_int_equal(ks.flash.next_slot, 3); /* anchor, L, K (new) */
    read_region(img_new);
    genuine_opens(img_new);
    /* The stale K record at its own slot, after the head. */
    memcpy(img, img_new, g.size);
    copy_frame(img, 0, 4, stale, 0, 4);
    forged_refused(img, 0, "stale record after the head");
    /* ... after the stale DEL record, damaged (its claimed seq is the
     * stale K record's prev). */
    memcpy(img, img_new, g.size);
    copy_frame(img, 0, 3, stale, 0, 3);
    img[slot_off(0, 3) + g.lay.hdr_area] ^= 0x01u; /* the tag */
    copy_frame(img, 0, 4, stale, 0, 4);
    forged_refused(img, MDSEC_ERR_KS_CORRUPT, "damaged frame then stale record");
    /* A damaged frame claiming a huge sequence number after the head: the
     * store opens flagged, and what is written next is not poisoned. */
    memcpy(img, img_new, g.size);
    copy_frame(img, 0, 3, img_new, 0, 2);
    uint8_t *h = img + slot_off(0, 3);
    h[8] = 0x00;
    h[9] = 0x00;
    h[10] = 0xFE;
    h[11] = 0xFF; /* seq 0xFFFE0000 */
    h[16] = 0x01; /* prev 1 */
    h[17] = 0x00;
    h[18] = 0x00;
    h[19] = 0x00;
    write_region(img);
    assert_int_equal(mdsec_ks_init(&ks, NULL), MDSEC_ERR_KS_CORRUPT);
    assert_int_equal(mdsec_ks_destroy(&ks, ID_K), MDSEC_OK);
    assert_int_equal(mdsec_ks_destroy(&ks, ID_L), MDSEC_OK);
    assert_int_equal(mdsec_ks_import(&ks, ID_F, &a, m_l, 32), MDSEC_OK);
    assert_int_equal(mdsec_ks_compact(&ks), MDSEC_OK);
    open_clean();
    uint8_t out[32];
    assert_int_equal(export_k(ID_F, out), MDSEC_OK);
    assert_memory_equal(out, m_l, 32);
    assert_int_equal(export_k(ID_K, out), MDSEC_ERR_KS_NOT_FOUND);
}

static int setup(void **state)
{
    (void)state;
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    memset(m_old, 0x0D, sizeof m_old);
    memset(m_new, 0x4E, sizeof m_new);
    memset(m_l, 0x1A, sizeof m_l);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    mdsec_ks_deinit(&ks);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(old_dump_with_fake_interrupted_compaction),
        cmocka_unit_test(genuine_frame_copied_elsewhere),
        cmocka_unit_test(sectors_reordered),
        cmocka_unit_test(edited_headers_and_marks),
        cmocka_unit_test(old_dump_restored),
        cmocka_unit_test(damaged_frame_is_no_chain_anchor),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
