/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Signed firmware: MCUboot images signed by imgtool (tests/fixtures/mcuboot). */
#include <string.h>

#include "consumer.h"

#if defined(MDSEC_WITH_FW)
static uint8_t consumer_image[64u * 1024u];
static uint8_t consumer_other[64u * 1024u];
static uint8_t consumer_spki[256];
static uint8_t consumer_keyhash[MDSEC_SHA256_LEN];

int consumer_check_fw(const char *fixtures)
{
    static mdsec_fw_ctx_t ctx;
    static mdsec_fw_key_t key;
    mdsec_fw_policy_t policy;
    mdsec_fw_result_t res;
    size_t image_len, other_len, spki_len;
    const unsigned verdicts = consumer_events_seen(MDSEC_EV_SW_UPDATE_RESULT);

    /* The release key (its SubjectPublicKeyInfo DER, tests/fixtures/der/README.md)
     * and imgtool's hash of it. */
    spki_len =
        consumer_load(fixtures, "der/pub-ecdsa-p256.der", consumer_spki, sizeof consumer_spki);
    CONSUMER_EXPECT(spki_len > 0u, "load der/pub-ecdsa-p256.der");
    CONSUMER_EXPECT(consumer_load(fixtures, "mcuboot/pubhash-ecdsa-p256.bin", consumer_keyhash,
                                  sizeof consumer_keyhash + 1u) == sizeof consumer_keyhash,
                    "load mcuboot/pubhash-ecdsa-p256.bin");
    image_len = consumer_load(fixtures, "mcuboot/signed-ecdsa-p256.bin", consumer_image,
                              sizeof consumer_image);
    CONSUMER_EXPECT(image_len > 0x200u + 1000u, "load mcuboot/signed-ecdsa-p256.bin");

    CONSUMER_EXPECT_STATUS(mdsec_fw_key_from_spki(&key, consumer_spki, spki_len), MDSEC_OK);
    CONSUMER_EXPECT(mdsec_fw_key_hash(&key) != NULL &&
                        memcmp(mdsec_fw_key_hash(&key), consumer_keyhash, MDSEC_SHA256_LEN) == 0,
                    "key hash equals imgtool's KEYHASH");
    memset(&policy, 0, sizeof policy);
    policy.keys = &key;
    policy.key_count = 1;

    /* The genuine image: valid, with imgtool's version and security counter. */
    CONSUMER_EXPECT_STATUS(mdsec_fw_verify_buffer(&ctx, &policy, consumer_image, image_len, &res),
                           MDSEC_OK);
    CONSUMER_EXPECT(mdsec_fw_is_valid(&res) == MDSEC_FW_DECISION_VALID, "fault-hardened verdict");
    CONSUMER_EXPECT(res.version.major == 1u && res.version.minor == 2u &&
                        res.version.revision == 3u && res.version.build == 4u,
                    "version 1.2.3+4");
    CONSUMER_EXPECT(res.has_security_counter && res.security_counter == 5u, "security counter 5");
    CONSUMER_EXPECT(res.signer_count == 1u &&
                        memcmp(res.signers[0], consumer_keyhash, MDSEC_SHA256_LEN) == 0,
                    "signed by the release key");

    /* One byte of the code changed in transit. */
    memcpy(consumer_other, consumer_image, image_len);
    consumer_other[0x200u + 1000u] ^= 0x01u;
    CONSUMER_EXPECT_STATUS(mdsec_fw_verify_buffer(&ctx, &policy, consumer_other, image_len, &res),
                           MDSEC_ERR_FW_HASH_MISMATCH);
    CONSUMER_EXPECT(mdsec_fw_is_valid(&res) == 0u, "tampered copy is not valid");

    /* A well-formed image signed by a key the device does not trust. */
    other_len = consumer_load(fixtures, "mcuboot/signed-ecdsa-p256-untrusted-key.bin",
                              consumer_other, sizeof consumer_other);
    CONSUMER_EXPECT(other_len > 0u, "load mcuboot/signed-ecdsa-p256-untrusted-key.bin");
    CONSUMER_EXPECT_STATUS(mdsec_fw_verify_buffer(&ctx, &policy, consumer_other, other_len, &res),
                           MDSEC_ERR_FW_UNTRUSTED_KEY);
    CONSUMER_EXPECT(mdsec_fw_is_valid(&res) == 0u, "untrusted signer is not valid");

    CONSUMER_EXPECT(consumer_events_seen(MDSEC_EV_SW_UPDATE_RESULT) == verdicts + 3u,
                    "one verdict event per verification");
    return 0;
}
#endif
