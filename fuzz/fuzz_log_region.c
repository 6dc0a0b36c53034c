/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Security log storage-region parser (src/log/log_storage.c): the recovery
 * scan and the export of whatever bytes the log region holds. The first
 * input byte picks the geometry (program unit 1 .. 64 bytes, 4 .. 7
 * sectors of 2 KiB); the rest is the region image, cut or padded with
 * erased bytes. The image is opened read-only (device id and evolve_every
 * taken from the first sector header, as a reader that knows neither
 * does) and exported. Invariants: open answers only OK, LOG_SECTOR or
 * LOG_UNFORMATTED; an opened image exports without error; the export has a
 * well-formed header and exactly record_count well-formed records whose
 * sequence numbers increase, and nothing after them; a second export is
 * byte-identical.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log/log_storage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SECTOR  2048u
#define SECTORS 7u
#define EXP_MAX (MDSEC_LOG_EXPORT_HEADER_LEN + SECTORS * SECTOR)

static uint8_t image[SECTORS * SECTOR];
static uint8_t exp1[EXP_MAX];
static uint8_t exp2[EXP_MAX];

typedef struct sink {
    uint8_t *buf;
    size_t len;
} sink_t;

static mdsec_status_t put(void *arg, const uint8_t *p, size_t n)
{
    sink_t *s = (sink_t *)arg;
    if (n > EXP_MAX - s->len) {
        abort(); /* an export is never larger than the records in the region */
    }
    memcpy(s->buf + s->len, p, n);
    s->len += n;
    return MDSEC_OK;
}

static void check_export(const uint8_t *e, size_t len)
{
    log_export_header_t h;
    size_t off = MDSEC_LOG_EXPORT_HEADER_LEN;
    uint64_t prev = 0;
    if (mdsec__log_export_header_parse(e, len, &h) != MDSEC_OK) {
        abort();
    }
    for (uint32_t i = 0; i < h.record_count; i++) {
        log_record_t r;
        size_t used = 0;
        if (mdsec__log_record_parse(e + off, len - off, &r, &used) != MDSEC_OK || used == 0u) {
            abort();
        }
        if (i > 0u && r.seq <= prev) {
            abort();
        }
        if (i == 0u && r.seq < h.start_seq) {
            abort();
        }
        prev = r.seq;
        off += used;
    }
    if (off != len) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mdsec_log_ctx_t ctx;
    mdsec_log_config_t cfg;
    mdsec_port_storage_info_t info;
    sink_t s1 = {exp1, 0};
    sink_t s2 = {exp2, 0};
    if (size < 1u) {
        return 0;
    }
    memset(&info, 0, sizeof info);
    info.program_unit = 1u << (data[0] % 7u);
    info.sector_size = SECTOR;
    info.size = (4u + ((uint32_t)(data[0] >> 3) & 3u)) * SECTOR;
    info.erased_value = 0xFFu;
    info.torn_writes = 1u;
    memset(image, 0xFF, sizeof image);
    const size_t n = size - 1u < info.size ? size - 1u : info.size;
    memcpy(image, data + 1, n);

    memset(&cfg, 0, sizeof cfg);
    cfg.region = MDSEC_PORT_REGION_LOG;
    cfg.read_only = 1u;
    mdsec_status_t st = mdsec__log_open_image(&ctx, &cfg, image, info.size, &info);
    if (st != MDSEC_OK && st != MDSEC_ERR_LOG_SECTOR && st != MDSEC_ERR_LOG_UNFORMATTED) {
        abort();
    }
    if (st == MDSEC_ERR_LOG_UNFORMATTED) {
        return 0;
    }
    if (mdsec_log_export(&ctx, put, &s1) != MDSEC_OK) {
        abort();
    }
    check_export(exp1, s1.len);
    if (mdsec_log_export(&ctx, put, &s2) != MDSEC_OK || s2.len != s1.len ||
        memcmp(exp1, exp2, s1.len) != 0) {
        abort();
    }
    if (mdsec_log_close(&ctx) != MDSEC_OK) {
        abort();
    }
    return 0;
}
