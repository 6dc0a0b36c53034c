/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Storage regions of the MPS2 AN386 test board: RAM arrays that follow the
 * rules of NOR flash, so that code written against them also works on a
 * real device's flash:
 *  - a byte can only be programmed while it holds the erased value 0xFF
 *    (MDSEC_ERR_STORAGE_NOT_ERASED otherwise, and nothing is written);
 *  - program offsets and lengths are multiples of the program unit
 *    (MDSEC_ERR_STORAGE_ALIGN);
 *  - erase works on whole sectors only (MDSEC_ERR_STORAGE_ALIGN).
 *
 * The contents are lost at every reset: the board has no non-volatile
 * memory. Each region starts erased.
 */
#include <stdint.h>
#include <string.h>

#include "mdsec/port.h"

#include "board.h"

#define MPS2_ERASED 0xffu

_Static_assert((MDSEC_MPS2_SECTOR_SIZE & (MDSEC_MPS2_SECTOR_SIZE - 1u)) == 0u,
               "sector size must be a power of two");
_Static_assert((MDSEC_MPS2_PROGRAM_UNIT & (MDSEC_MPS2_PROGRAM_UNIT - 1u)) == 0u,
               "program unit must be a power of two");
_Static_assert(MDSEC_MPS2_SECTOR_SIZE % MDSEC_MPS2_PROGRAM_UNIT == 0u,
               "a sector must hold whole program units");

/* The simulated flash. Its own output section (.mps2_sim_flash, in RAM, not
 * loaded), so that size reports can tell it from the RAM mdsec uses: on a
 * real device these bytes are flash. */
#define MPS2_SIM_FLASH __attribute__((section(".mps2_sim_flash")))
static MPS2_SIM_FLASH uint8_t mps2_keystore[MDSEC_MPS2_KEYSTORE_SECTORS * MDSEC_MPS2_SECTOR_SIZE];
static MPS2_SIM_FLASH uint8_t mps2_log[MDSEC_MPS2_LOG_SECTORS * MDSEC_MPS2_SECTOR_SIZE];
static MPS2_SIM_FLASH uint8_t mps2_user[MDSEC_MPS2_USER_SECTORS * MDSEC_MPS2_SECTOR_SIZE];

#define MPS2_STORAGE_READY 0x53544f52u /* "STOR" */
static uint32_t mps2_storage_ready;

typedef struct mps2_region {
    uint32_t id;
    uint8_t *mem;
    uint32_t size;
} mps2_region_t;

static const mps2_region_t mps2_regions[] = {
    {MDSEC_PORT_REGION_KEYSTORE, mps2_keystore, (uint32_t)sizeof(mps2_keystore)},
    {MDSEC_PORT_REGION_LOG, mps2_log, (uint32_t)sizeof(mps2_log)},
    {MDSEC_PORT_REGION_USER, mps2_user, (uint32_t)sizeof(mps2_user)},
};
#define MPS2_REGION_COUNT (sizeof(mps2_regions) / sizeof(mps2_regions[0]))

/* Sets every storage region to its erased state once. */
static void mps2_storage_init(void)
{
    size_t i;

    if (mps2_storage_ready == MPS2_STORAGE_READY) {
        return;
    }
    for (i = 0u; i < MPS2_REGION_COUNT; i++) {
        memset(mps2_regions[i].mem, MPS2_ERASED, mps2_regions[i].size);
    }
    mps2_storage_ready = MPS2_STORAGE_READY;
}

static const mps2_region_t *mps2_region(uint32_t id)
{
    size_t i;

    /* Also usable before mdsec_port_init(): the regions start erased. */
    mps2_storage_init();
    for (i = 0u; i < MPS2_REGION_COUNT; i++) {
        if (mps2_regions[i].id == id) {
            return &mps2_regions[i];
        }
    }
    return NULL;
}

/* Wrap-safe: offset and len fit inside size. */
static int mps2_in_bounds(const mps2_region_t *r, uint32_t offset, size_t len)
{
    return offset <= r->size && len <= (size_t)(r->size - offset);
}

mdsec_status_t mdsec_port_storage_info(uint32_t region, mdsec_port_storage_info_t *info)
{
    const mps2_region_t *r = mps2_region(region);

    if (info == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(info, 0, sizeof(*info));
    if (r == NULL) {
        return MDSEC_ERR_STORAGE_REGION;
    }
    info->size = r->size;
    info->sector_size = MDSEC_MPS2_SECTOR_SIZE;
    info->program_unit = MDSEC_MPS2_PROGRAM_UNIT;
    info->erased_value = MPS2_ERASED;
    /* Real NOR flash can be left half-programmed by a power cut; code
     * tested here must cope with that, so the board says so. */
    info->torn_writes = 1u;
    return MDSEC_OK;
}

mdsec_status_t mdsec_port_storage_read(uint32_t region, uint32_t offset, void *buf, size_t len)
{
    const mps2_region_t *r = mps2_region(region);

    if (buf == NULL) {
        return len == 0u ? (r == NULL ? MDSEC_ERR_STORAGE_REGION : MDSEC_OK)
                         : MDSEC_ERR_INVALID_ARG;
    }
    if (r == NULL) {
        memset(buf, 0, len);
        return MDSEC_ERR_STORAGE_REGION;
    }
    if (!mps2_in_bounds(r, offset, len)) {
        memset(buf, 0, len);
        return MDSEC_ERR_STORAGE_BOUNDS;
    }
    memcpy(buf, r->mem + offset, len);
    return MDSEC_OK;
}

mdsec_status_t mdsec_port_storage_program(uint32_t region, uint32_t offset, const void *data,
                                          size_t len)
{
    const mps2_region_t *r = mps2_region(region);
    const uint8_t *src = (const uint8_t *)data;
    size_t i;

    if (r == NULL) {
        return MDSEC_ERR_STORAGE_REGION;
    }
    if (data == NULL && len != 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (!mps2_in_bounds(r, offset, len)) {
        return MDSEC_ERR_STORAGE_BOUNDS;
    }
    if ((offset % MDSEC_MPS2_PROGRAM_UNIT) != 0u || (len % MDSEC_MPS2_PROGRAM_UNIT) != 0u) {
        return MDSEC_ERR_STORAGE_ALIGN;
    }
    /* Check every byte before writing any: a refused program changes nothing. */
    for (i = 0u; i < len; i++) {
        if (r->mem[offset + i] != MPS2_ERASED) {
            return MDSEC_ERR_STORAGE_NOT_ERASED;
        }
    }
    for (i = 0u; i < len; i++) {
        r->mem[offset + i] = src[i];
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_port_storage_erase(uint32_t region, uint32_t offset, size_t len)
{
    const mps2_region_t *r = mps2_region(region);

    if (r == NULL) {
        return MDSEC_ERR_STORAGE_REGION;
    }
    if (!mps2_in_bounds(r, offset, len)) {
        return MDSEC_ERR_STORAGE_BOUNDS;
    }
    if ((offset % MDSEC_MPS2_SECTOR_SIZE) != 0u || (len % MDSEC_MPS2_SECTOR_SIZE) != 0u) {
        return MDSEC_ERR_STORAGE_ALIGN;
    }
    memset(r->mem + offset, MPS2_ERASED, len);
    return MDSEC_OK;
}
