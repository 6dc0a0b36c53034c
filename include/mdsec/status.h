/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file status.h
 * @brief Status codes returned by every fallible mdsec function.
 *
 * `MDSEC_OK` is zero; every failure has its own negative value so that a
 * caller (or an auditor reading a log) can tell exactly what went wrong.
 * Values are grouped by module in blocks of 100 and never reused: a value,
 * once released, keeps its meaning forever.
 */
#ifndef MDSEC_STATUS_H
#define MDSEC_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Result of an mdsec operation: `MDSEC_OK` or a specific failure. */
typedef enum mdsec_status {
    MDSEC_OK = 0, /**< Success. */

    /* General (-1 .. -99) */
    MDSEC_ERR_INVALID_ARG = -1,      /**< A NULL pointer, bad length or out-of-range argument. */
    MDSEC_ERR_BUFFER_TOO_SMALL = -2, /**< The caller's output buffer cannot hold the result. */
    MDSEC_ERR_NOT_SUPPORTED = -3, /**< The algorithm or feature is not built in or not provided. */
    MDSEC_ERR_STATE = -4,         /**< The object is not in a state that allows this call. */
    MDSEC_ERR_NOT_INITIALISED = -5, /**< The context was never initialised (or already wiped). */
    MDSEC_ERR_OVERFLOW = -6,        /**< An integer size computation would overflow. */
    MDSEC_ERR_INTERNAL = -7,        /**< An internal consistency check failed (a bug or a fault). */

    /* Crypto providers (-100 .. -199) */
    MDSEC_ERR_CRYPTO = -100,              /**< The crypto provider reported an internal failure. */
    MDSEC_ERR_SIGNATURE_INVALID = -101,   /**< A signature did not verify. */
    MDSEC_ERR_AUTH_FAILED = -102,         /**< An AEAD tag or MAC did not verify. */
    MDSEC_ERR_KEY_INVALID = -103,         /**< A key is malformed or not on the curve. */
    MDSEC_ERR_SIGNATURE_MALFORMED = -104, /**< A signature encoding is malformed. */
    MDSEC_ERR_SELFTEST_FAILED = -105,     /**< A known-answer self-test gave a wrong answer. */
    MDSEC_ERR_DRBG_NOT_SEEDED = -106,     /**< The DRBG was used before it was seeded. */
    MDSEC_ERR_CRYPTO_RESOURCE =
        -107, /**< The crypto implementation ran out of memory, key slots or operation slots. */

    /* Port (-200 .. -299) */
    MDSEC_ERR_ENTROPY = -200,          /**< The entropy source failed or is not available. */
    MDSEC_ERR_TIME_UNKNOWN = -201,     /**< Wall-clock time is not known on this device. */
    MDSEC_ERR_MUTEX = -202,            /**< A mutex could not be created, taken or released. */
    MDSEC_ERR_COUNTER_ID = -203,       /**< No such non-volatile counter. */
    MDSEC_ERR_COUNTER_ROLLBACK = -204, /**< A counter may only move forward. */
    MDSEC_ERR_COUNTER_IO = -205,       /**< The counter store could not be read or written. */
    MDSEC_ERR_STORAGE_REGION = -206,   /**< No such storage region. */
    MDSEC_ERR_STORAGE_BOUNDS = -207,   /**< The access runs outside the storage region. */
    MDSEC_ERR_STORAGE_ALIGN =
        -208, /**< Offset or length breaks the program or erase granularity. */
    MDSEC_ERR_STORAGE_NOT_ERASED =
        -209,                     /**< Programming was attempted over bytes that are not erased. */
    MDSEC_ERR_STORAGE_IO = -210,  /**< The storage medium reported an I/O failure. */
    MDSEC_ERR_ROOT_SECRET = -211, /**< The device-unique root secret is not available. */
    MDSEC_ERR_PORT_UNIMPLEMENTED =
        -212, /**< The port function is still a stub of ports/template: implement it. */

    /* Bounded input parsing (-300 .. -399) */
    MDSEC_ERR_PARSE_TRUNCATED = -300,   /**< The input ends before the item it declares. */
    MDSEC_ERR_PARSE_TRAILING = -301,    /**< Bytes are left over where the format forbids them. */
    MDSEC_ERR_PARSE_OVERFLOW = -302,    /**< An encoded integer does not fit its type. */
    MDSEC_ERR_PARSE_RANGE = -303,       /**< A value lies outside its allowed range. */
    MDSEC_ERR_PARSE_TLV_LENGTH = -304,  /**< A TLV's length runs past the end of its area. */
    MDSEC_ERR_PARSE_DER_TAG = -305,     /**< Unexpected or long-form DER tag. */
    MDSEC_ERR_PARSE_DER_LENGTH = -306,  /**< Indefinite, non-minimal or oversized DER length. */
    MDSEC_ERR_PARSE_DER_INTEGER = -307, /**< Non-minimal, negative or oversized DER INTEGER. */
    MDSEC_ERR_PARSE_DER_BITSTRING =
        -308,                         /**< BIT STRING with unused bits where none are allowed. */
    MDSEC_ERR_PARSE_DER_OID = -309,   /**< Unknown or malformed OBJECT IDENTIFIER. */
    MDSEC_ERR_PARSE_DER_VALUE = -310, /**< A DER value breaks its structure's rules. */
    MDSEC_ERR_PARSE_CBOR_INDEFINITE = -311,   /**< Indefinite-length CBOR item (not accepted). */
    MDSEC_ERR_PARSE_CBOR_NOT_SHORTEST = -312, /**< CBOR argument not in its shortest encoding. */
    MDSEC_ERR_PARSE_CBOR_UTF8 = -313,         /**< CBOR text string is not valid UTF-8. */
    MDSEC_ERR_PARSE_DEPTH = -314, /**< Nesting deeper than the configured limit (CBOR or DER). */
    MDSEC_ERR_PARSE_CBOR_MALFORMED =
        -315, /**< Reserved CBOR encoding (additional info 28-30, bad simple value). */
    MDSEC_ERR_PARSE_CBOR_UNSUPPORTED =
        -316, /**< Well-formed CBOR that mdsec does not accept (floats). */
    MDSEC_ERR_PARSE_SCHEMA_TYPE = -317,    /**< A message or field has the wrong CBOR type. */
    MDSEC_ERR_PARSE_SCHEMA_MISSING = -318, /**< A required field is missing. */
    MDSEC_ERR_PARSE_SCHEMA_UNKNOWN =
        -319, /**< The message carries a field the schema does not know. */
    MDSEC_ERR_PARSE_SCHEMA_DUPLICATE = -320, /**< A field appears twice. */
    MDSEC_ERR_PARSE_SCHEMA_RANGE = -321,     /**< An integer field lies outside its range. */
    MDSEC_ERR_PARSE_SCHEMA_LENGTH = -322,    /**< A string field's length lies outside its range. */
    MDSEC_ERR_PARSE_SCHEMA_VALUE = -323,     /**< A field's value is not in its allowed set. */
    MDSEC_ERR_PARSE_SCHEMA_INVALID = -324,   /**< The schema table itself is inconsistent. */
    MDSEC_ERR_PARSE_STRING_NUL = -325,       /**< A string to copy contains a NUL byte. */

    /* Signed-firmware verification (-400 .. -499) */
    MDSEC_ERR_FW_MAGIC = -400,     /**< The image header magic is wrong. */
    MDSEC_ERR_FW_HEADER = -401,    /**< An image header field is invalid. */
    MDSEC_ERR_FW_BOUNDS = -402,    /**< The image's sizes do not fit its slot. */
    MDSEC_ERR_FW_TLV_MAGIC = -403, /**< A TLV area has the wrong magic. */
    MDSEC_ERR_FW_TLV_SIZE = -404,  /**< A TLV area's size disagrees with the header or its TLVs. */
    MDSEC_ERR_FW_TLV_UNKNOWN = -405,     /**< A TLV type that is not allowed in its area. */
    MDSEC_ERR_FW_TLV_UNPROTECTED = -406, /**< SEC_CNT or DEPENDENCY outside the protected area. */
    MDSEC_ERR_FW_TLV_DUPLICATE = -407,   /**< A TLV that may appear once appears twice. */
    MDSEC_ERR_FW_TLV_LENGTH = -408,      /**< A TLV has the wrong length for its type. */
    MDSEC_ERR_FW_HASH_MISSING = -409,    /**< The image carries no hash TLV. */
    MDSEC_ERR_FW_HASH_MISMATCH = -410,   /**< The image hash does not match its contents. */
    MDSEC_ERR_FW_UNSIGNED = -411,        /**< The image carries no signature. */
    MDSEC_ERR_FW_UNTRUSTED_KEY = -412,   /**< No signature is by a trusted key. */
    MDSEC_ERR_FW_KEY_REVOKED = -413,     /**< The only signatures are by revoked keys. */
    MDSEC_ERR_FW_THRESHOLD =
        -414, /**< Fewer valid signatures by distinct trusted keys than required. */
    MDSEC_ERR_FW_ROLLBACK = -415,   /**< The image's security counter is below the device's. */
    MDSEC_ERR_FW_DOWNGRADE = -416,  /**< The image version is below what the policy allows. */
    MDSEC_ERR_FW_DEPENDENCY = -417, /**< A dependency on another image is not met. */
    MDSEC_ERR_FW_ALG_UNSUPPORTED =
        -418,                      /**< The signature algorithm is not supported by this build. */
    MDSEC_ERR_FW_ENCRYPTED = -419, /**< Encrypted images are not supported. */
    MDSEC_ERR_FW_TRAILER =
        -420, /**< Bytes after the TLVs are neither slot padding nor a valid trailer. */
    MDSEC_ERR_FW_READ = -421,    /**< The image could not be read. */
    MDSEC_ERR_FW_KEY_TLV = -422, /**< A signature without its key TLV, or a malformed key TLV. */
    MDSEC_ERR_FW_POLICY = -423,  /**< The trust policy is invalid. */
    MDSEC_ERR_FW_NOT_VERIFIED = -424, /**< Commit of a result that is not a valid verification. */
    MDSEC_ERR_FW_TOO_MANY_SIGS =
        -425,                    /**< More signature or dependency TLVs than the build accepts. */
    MDSEC_ERR_FW_CHANGED = -426, /**< The image read differently the second time: refused. */
    MDSEC_ERR_FW_NEEDS_WHOLE_IMAGE =
        -427, /**< A pure Ed25519 signature: verify the image in memory (mdsec_fw_verify_buffer). */

    /* Key storage (-600 .. -699) */
    MDSEC_ERR_KS_NOT_FOUND = -600, /**< No key with this id. */
    MDSEC_ERR_KS_EXISTS = -601,    /**< A key with this id already exists. */
    MDSEC_ERR_KS_FULL = -602,      /**< No free key slot (MDSEC_KS_* limits in config). */
    MDSEC_ERR_KS_POLICY = -603,    /**< The key's policy does not permit this usage or algorithm. */
    MDSEC_ERR_KS_NOT_EXPORTABLE = -604, /**< The key may not leave the keystore in plain form. */
    MDSEC_ERR_KS_READ_ONLY =
        -605, /**< A built-in or write-once key cannot be changed or destroyed. */
    MDSEC_ERR_KS_CORRUPT = -606, /**< A stored key record failed its integrity check. */
    MDSEC_ERR_KS_ROLLBACK =
        -607, /**< A stored key record is older than the keystore state (rolled back). */
    MDSEC_ERR_KS_BACKEND = -608,    /**< The key backend (for example the PKCS#11 token) failed. */
    MDSEC_ERR_KS_ATTRIBUTES = -609, /**< Key attributes are invalid or inconsistent. */
    MDSEC_ERR_KS_BLOB = -610,       /**< A provisioning blob is malformed or tampered. */
    MDSEC_ERR_KS_STORAGE_FULL = -611, /**< The persistent key region is full. */
    MDSEC_ERR_KS_AUTH =
        -612, /**< The key backend refused the credentials (wrong, locked or expired PIN). */
    MDSEC_ERR_KS_MISMATCH =
        -613, /**< A bound backend key's type, size, algorithm or usage is not what its binding expects. */
    MDSEC_ERR_KS_EXPORTABLE =
        -614, /**< A bound backend key could be exported (it must never leave the backend). */
    MDSEC_ERR_KS_VOLATILE = -615, /**< A bound backend key is volatile, not persistent. */

    /* Least privilege (-700 .. -799) */
    MDSEC_ERR_PRIV_STEP = -700,   /**< A privilege step failed; the report names which. */
    MDSEC_ERR_PRIV_POLICY = -701, /**< The privilege policy is invalid. */
    MDSEC_ERR_PRIV_REGION = -702, /**< A memory-protection region breaks the MPU rules. */
    MDSEC_ERR_PRIV_UNAVAILABLE =
        -703, /**< A requested mechanism is not available on this system. */
    MDSEC_ERR_PRIV_VERIFY =
        -704, /**< A check after dropping privilege failed (privilege could be regained). */

    /* Security log (-500 .. -599) */
    MDSEC_ERR_LOG_FORMAT = -500, /**< Malformed log record, sector, witness or export. */
    MDSEC_ERR_LOG_MAC = -501, /**< A log record's MAC does not verify: the record was modified. */
    MDSEC_ERR_LOG_CHAIN =
        -502, /**< The hash chain is broken: a record was inserted, removed or altered. */
    MDSEC_ERR_LOG_SEQUENCE =
        -503, /**< Log sequence numbers are not consecutive (deleted, reordered, duplicated or replayed records). */
    MDSEC_ERR_LOG_EPOCH = -504, /**< A record is sealed under the MAC key of another epoch. */
    MDSEC_ERR_LOG_CHECKPOINT =
        -505, /**< A signed checkpoint does not verify or does not match the chain. */
    MDSEC_ERR_LOG_TRUNCATED =
        -506, /**< The log ends before a sequence number a witness or marker proves existed. */
    MDSEC_ERR_LOG_WITNESS = -507, /**< The log disagrees with a witness: its tail was replaced. */
    MDSEC_ERR_LOG_DEVICE =
        -508,                  /**< A record or witness belongs to another device (spliced logs). */
    MDSEC_ERR_LOG_FULL = -509, /**< The log is full and its policy is to stop. */
    MDSEC_ERR_LOG_KEY =
        -510, /**< The log's MAC key state or checkpoint key is missing or unusable. */
    MDSEC_ERR_LOG_SECTOR = -511, /**< A log sector is corrupted; it was reported and skipped. */
    MDSEC_ERR_LOG_UNFORMATTED =
        -512, /**< The log region holds no log; it is never formatted automatically. */
    MDSEC_ERR_LOG_TOO_LARGE = -513, /**< A record payload exceeds MDSEC_LOG_PAYLOAD_MAX. */
    MDSEC_ERR_LOG_UNANCHORED =
        -514, /**< An export's first record is not anchored to the genesis or a signed drop marker. */
    MDSEC_ERR_LOG_PARAMS =
        -515, /**< An export header disagrees with the verifier's provisioned parameters. */
    MDSEC_ERR_LOG_WITNESS_BAD =
        -516, /**< A witness is malformed, its signature or its epoch is wrong. */
    MDSEC_ERR_LOG_UNSEALED =
        -517, /**< A record is not covered by a valid checkpoint (sealing was required). */
    MDSEC_ERR_LOG_HEAD_CUT =
        -518, /**< The export starts after the witnessed record: its head is missing. */

    MDSEC_ERR_LAST_ = -9999 /**< Not a status: keeps the enum signed on every ABI. */
} mdsec_status_t;

/**
 * @brief Human-readable, constant text for a status code.
 * @param status Any value, including ones this version does not know.
 * @return A static NUL-terminated string; never NULL.
 */
const char *mdsec_status_str(mdsec_status_t status);

#ifdef __cplusplus
}
#endif

#endif /* MDSEC_STATUS_H */
