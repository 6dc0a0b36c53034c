/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec-fw: PEM (or raw DER) key files. The base64 layer is
 * toolutil_pem_decode() (tools/common, BearSSL's br_pem_decoder); the DER
 * inside is parsed by mdsec's strict DER functions (mdsec/parse.h).
 */
#include <string.h>

#include "mdsec/core.h"

#include "fwtool.h"

int fwtool_pem_load(const char *path, const char *const *labels, uint8_t *der, size_t cap,
                    size_t *der_len, char *label, size_t label_cap)
{
    static uint8_t text[FWTOOL_PEM_FILE_MAX + 1u];
    char seen[64];
    FILE *f;
    size_t len;
    int rc;

    *der_len = 0u;
    label[0] = '\0';
    seen[0] = '\0';
    f = fopen(path, "rb");
    if (f == NULL) {
        toolutil_err("%s: cannot open", path);
        return -1;
    }
    len = fread(text, 1u, sizeof text, f);
    if (ferror(f)) {
        (void)fclose(f);
        mdsec_memzero(text, sizeof text);
        toolutil_err("%s: read error", path);
        return -1;
    }
    (void)fclose(f);
    if (len > FWTOOL_PEM_FILE_MAX) {
        mdsec_memzero(text, sizeof text);
        toolutil_err("%s: too large for a key file", path);
        return -1;
    }
    if (len > 0u && text[0] == 0x30u) {
        /* Raw DER (starts with a SEQUENCE). */
        if (len > cap) {
            mdsec_memzero(text, sizeof text);
            toolutil_err("%s: key too large", path);
            return -1;
        }
        memcpy(der, text, len);
        *der_len = len;
        mdsec_memzero(text, sizeof text);
        return 0;
    }
    rc = toolutil_pem_decode(text, len, labels, der, cap, der_len, label, label_cap, seen,
                             sizeof seen);
    mdsec_memzero(text, sizeof text);
    if (rc == 0) {
        return 0;
    }
    if (rc == -3) {
        toolutil_err("%s: key too large", path);
    } else if (rc == -2 && seen[0] != '\0') {
        toolutil_err("%s: PEM object \"%s\" is not a supported key (expected \"%s\")", path, seen,
                     labels[0]);
    } else {
        toolutil_err("%s: not a PEM key file", path);
    }
    return -1;
}
