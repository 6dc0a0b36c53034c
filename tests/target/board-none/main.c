/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Firmware whose board supplies no port function (see CMakeLists.txt). */
#include <mdsec/mdsec.h>

int main(void)
{
    return mdsec_crypto_selftest() == MDSEC_OK ? 0 : 1;
}
