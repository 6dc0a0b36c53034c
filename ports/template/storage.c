/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Template port: storage regions with flash semantics, over your flash
 * driver. mdsec keeps the keystore in region MDSEC_PORT_REGION_KEYSTORE (0)
 * and the security log in MDSEC_PORT_REGION_LOG (1); numbers from
 * MDSEC_PORT_REGION_USER (16) on are yours. Each region is a range of whole
 * flash sectors that nothing else writes. See port.c for how to implement a
 * stub.
 *
 * Checks in the order the contract test expects, for read, program and
 * erase alike:
 *   1. unknown region                      -> MDSEC_ERR_STORAGE_REGION
 *   2. offset > size || len > size - offset -> MDSEC_ERR_STORAGE_BOUNDS
 *      (written this way so that offset + len cannot wrap around)
 *   3. program: offset or len not a multiple of program_unit,
 *      erase: offset or len not a multiple of sector_size
 *                                          -> MDSEC_ERR_STORAGE_ALIGN
 *   4. len == 0                            -> MDSEC_OK, nothing touched
 * A refused call changes nothing in flash.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mdsec/port.h"
#include "mdsec/port_template.h"

#ifndef MDSEC_TEMPLATE_OMIT_mdsec_port_storage_info
#ifndef MDSEC_TEMPLATE_PORT_ALLOW_STUBS
#warning "mdsec_port_storage_info() not implemented (ports/template stub)"
#endif
/*
 * mdsec_port_storage_info(region, info) must:
 *  - describe regions MDSEC_PORT_REGION_KEYSTORE and MDSEC_PORT_REGION_LOG
 *    (and any of your own) with the real flash geometry:
 *      size          bytes in the region, a whole number of sectors;
 *      sector_size   the erase unit, a power of two;
 *      program_unit  the program granularity, a power of two, at most
 *                    sector_size (1 for byte-programmable flash, 8 or 16
 *                    for flash with ECC per double or quad word);
 *      erased_value  every byte's value after an erase (0xFF for NOR);
 *      torn_writes   nonzero when a power cut may leave a program partly
 *                    done (mdsec's records are built to survive it, but
 *                    only if it is reported);
 *  - fill *info and return MDSEC_OK, or zero *info and return
 *    MDSEC_ERR_STORAGE_REGION for any other region number (including
 *    0x7FFFFFFF, 0x80000000 and UINT32_MAX);
 *  - refuse info == NULL with MDSEC_ERR_INVALID_ARG.
 * mdsec's modules need more: the keystore region at least 2 sectors
 * (docs/keystore.md), the log region at least 4 (docs/log.md). The
 * contract test needs program_unit <= 256 and a sector of at least
 * 4 * program_unit and of at least 48 bytes (rounded up to the program
 * unit) + 2 * program_unit.
 * Checked by test_port_contract: storage_info_is_sane and
 * storage_unknown_region.
 */
mdsec_status_t mdsec_port_storage_info(uint32_t region, mdsec_port_storage_info_t *info)
{
    (void)region;
    if (info != NULL) {
        memset(info, 0, sizeof *info);
    }
    return mdsec_template_unimplemented("mdsec_port_storage_info");
}
#endif

#ifndef MDSEC_TEMPLATE_OMIT_mdsec_port_storage_read
#ifndef MDSEC_TEMPLATE_PORT_ALLOW_STUBS
#warning "mdsec_port_storage_read() not implemented (ports/template stub)"
#endif
/*
 * mdsec_port_storage_read(region, offset, buf, len) must:
 *  - copy len bytes from offset into buf and return MDSEC_OK; reads have no
 *    alignment rule (any offset, any length, reading exactly up to the end
 *    of the region is fine);
 *  - return what was last programmed or erased, even when the flash is
 *    memory-mapped behind a cache or a prefetch buffer (invalidate it
 *    after program and erase);
 *  - on failure zero the len bytes of buf: MDSEC_ERR_STORAGE_REGION,
 *    MDSEC_ERR_STORAGE_BOUNDS (checked as in the comment at the top of this
 *    file), or MDSEC_ERR_STORAGE_IO (for example an uncorrectable ECC
 *    error).
 * Checked by test_port_contract: storage_round_trip, storage_bounds_are_enforced
 * (past the end, straddling it, offsets near UINT32_MAX; the buffer is
 * zeroed) and storage_unknown_region.
 */
mdsec_status_t mdsec_port_storage_read(uint32_t region, uint32_t offset, void *buf, size_t len)
{
    (void)region;
    (void)offset;
    if (buf != NULL) {
        memset(buf, 0, len);
    }
    return mdsec_template_unimplemented("mdsec_port_storage_read");
}
#endif

#ifndef MDSEC_TEMPLATE_OMIT_mdsec_port_storage_program
#ifndef MDSEC_TEMPLATE_PORT_ALLOW_STUBS
#warning "mdsec_port_storage_program() not implemented (ports/template stub)"
#endif
/*
 * mdsec_port_storage_program(region, offset, data, len) must:
 *  - write len bytes of data at offset and return MDSEC_OK only when they
 *    are durable (the flash controller reports the program complete);
 *  - refuse, changing nothing: MDSEC_ERR_STORAGE_REGION,
 *    MDSEC_ERR_STORAGE_BOUNDS, MDSEC_ERR_STORAGE_ALIGN (offset or len not a
 *    multiple of program_unit), then MDSEC_ERR_STORAGE_NOT_ERASED when any
 *    byte of the range does not hold erased_value: flash is never written
 *    twice without an erase, even with the same data, and a range that
 *    covers programmed and erased units is refused as a whole (check all
 *    of it before writing any of it);
 *  - return MDSEC_ERR_STORAGE_IO when the controller reports a failure.
 * Checked by test_port_contract: storage_round_trip (unit by unit after
 * earlier data), storage_program_over_data_is_refused,
 * storage_alignment_is_enforced, storage_bounds_are_enforced (including
 * offset + len wrapping past UINT32_MAX) and storage_unknown_region.
 */
mdsec_status_t mdsec_port_storage_program(uint32_t region, uint32_t offset, const void *data,
                                          size_t len)
{
    (void)region;
    (void)offset;
    (void)data;
    (void)len;
    return mdsec_template_unimplemented("mdsec_port_storage_program");
}
#endif

#ifndef MDSEC_TEMPLATE_OMIT_mdsec_port_storage_erase
#ifndef MDSEC_TEMPLATE_PORT_ALLOW_STUBS
#warning "mdsec_port_storage_erase() not implemented (ports/template stub)"
#endif
/*
 * mdsec_port_storage_erase(region, offset, len) must:
 *  - erase the whole sectors in [offset, offset + len) so that every byte
 *    reads erased_value, and return MDSEC_OK only when that is durable;
 *  - refuse, changing nothing: MDSEC_ERR_STORAGE_REGION,
 *    MDSEC_ERR_STORAGE_BOUNDS, then MDSEC_ERR_STORAGE_ALIGN when offset or
 *    len is not a multiple of sector_size;
 *  - return MDSEC_ERR_STORAGE_IO when the controller reports a failure.
 * Checked by test_port_contract: storage_round_trip,
 * storage_alignment_is_enforced, storage_bounds_are_enforced and
 * storage_unknown_region. The test erases the last sector of the keystore
 * and log regions (and leaves them erased): run it on a development device.
 */
mdsec_status_t mdsec_port_storage_erase(uint32_t region, uint32_t offset, size_t len)
{
    (void)region;
    (void)offset;
    (void)len;
    return mdsec_template_unimplemented("mdsec_port_storage_erase");
}
#endif
