/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
#include "mdsec/config.h"
#include "mdsec/status.h"

#if MDSEC_STATUS_STRINGS

const char *mdsec_status_str(mdsec_status_t status)
{
    switch (status) {
    case MDSEC_OK: return "success";
    case MDSEC_ERR_INVALID_ARG: return "invalid argument";
    case MDSEC_ERR_BUFFER_TOO_SMALL: return "output buffer too small";
    case MDSEC_ERR_NOT_SUPPORTED: return "algorithm or feature not supported";
    case MDSEC_ERR_STATE: return "operation not allowed in the current state";
    case MDSEC_ERR_NOT_INITIALISED: return "context not initialised";
    case MDSEC_ERR_OVERFLOW: return "size computation overflows";
    case MDSEC_ERR_INTERNAL: return "internal consistency check failed";

    case MDSEC_ERR_CRYPTO: return "crypto provider failure";
    case MDSEC_ERR_SIGNATURE_INVALID: return "signature invalid";
    case MDSEC_ERR_AUTH_FAILED: return "authentication tag or MAC mismatch";
    case MDSEC_ERR_KEY_INVALID: return "key malformed or invalid";
    case MDSEC_ERR_SIGNATURE_MALFORMED: return "signature encoding malformed";
    case MDSEC_ERR_SELFTEST_FAILED: return "crypto self-test failed";
    case MDSEC_ERR_DRBG_NOT_SEEDED: return "random generator not seeded";
    case MDSEC_ERR_CRYPTO_RESOURCE: return "crypto implementation out of memory or key slots";

    case MDSEC_ERR_ENTROPY: return "entropy source failed";
    case MDSEC_ERR_TIME_UNKNOWN: return "wall-clock time unknown";
    case MDSEC_ERR_MUTEX: return "mutex operation failed";
    case MDSEC_ERR_COUNTER_ID: return "no such monotonic counter";
    case MDSEC_ERR_COUNTER_ROLLBACK: return "monotonic counter cannot go backwards";
    case MDSEC_ERR_COUNTER_IO: return "monotonic counter storage failed";
    case MDSEC_ERR_STORAGE_REGION: return "no such storage region";
    case MDSEC_ERR_STORAGE_BOUNDS: return "storage access out of bounds";
    case MDSEC_ERR_STORAGE_ALIGN: return "storage access misaligned";
    case MDSEC_ERR_STORAGE_NOT_ERASED: return "storage program over non-erased bytes";
    case MDSEC_ERR_STORAGE_IO: return "storage I/O failure";
    case MDSEC_ERR_ROOT_SECRET: return "device root secret unavailable";
    case MDSEC_ERR_PORT_UNIMPLEMENTED: return "port function not implemented (template stub)";

    case MDSEC_ERR_PARSE_TRUNCATED: return "input ends inside an item";
    case MDSEC_ERR_PARSE_TRAILING: return "unexpected bytes after the end";
    case MDSEC_ERR_PARSE_OVERFLOW: return "encoded integer overflows its type";
    case MDSEC_ERR_PARSE_RANGE: return "value out of range";
    case MDSEC_ERR_PARSE_TLV_LENGTH: return "TLV length runs past its area";
    case MDSEC_ERR_PARSE_DER_TAG: return "unexpected or long-form DER tag";
    case MDSEC_ERR_PARSE_DER_LENGTH: return "indefinite, non-minimal or oversized DER length";
    case MDSEC_ERR_PARSE_DER_INTEGER: return "non-minimal, negative or oversized DER INTEGER";
    case MDSEC_ERR_PARSE_DER_OID: return "unknown or malformed DER object identifier";
    case MDSEC_ERR_PARSE_DER_VALUE: return "DER value breaks its structure";
    case MDSEC_ERR_PARSE_CBOR_INDEFINITE: return "indefinite-length CBOR not accepted";
    case MDSEC_ERR_PARSE_CBOR_NOT_SHORTEST: return "CBOR argument not in shortest form";
    case MDSEC_ERR_PARSE_CBOR_UTF8: return "CBOR text is not valid UTF-8";
    case MDSEC_ERR_PARSE_DEPTH: return "nesting too deep";
    case MDSEC_ERR_PARSE_SCHEMA_TYPE: return "message field has the wrong type";
    case MDSEC_ERR_PARSE_SCHEMA_MISSING: return "required message field missing";
    case MDSEC_ERR_PARSE_SCHEMA_DUPLICATE: return "duplicate message field";
    case MDSEC_ERR_PARSE_SCHEMA_RANGE: return "message field out of range";
    case MDSEC_ERR_PARSE_SCHEMA_LENGTH: return "message field length out of range";
    case MDSEC_ERR_PARSE_SCHEMA_VALUE: return "message field value not allowed";
    case MDSEC_ERR_PARSE_SCHEMA_INVALID: return "schema table inconsistent";
    case MDSEC_ERR_PARSE_STRING_NUL: return "string contains a NUL byte";

    case MDSEC_ERR_PARSE_DER_BITSTRING: return "DER BIT STRING has unused bits";
    case MDSEC_ERR_PARSE_CBOR_MALFORMED: return "reserved CBOR encoding";
    case MDSEC_ERR_PARSE_CBOR_UNSUPPORTED: return "CBOR floating point not accepted";
    case MDSEC_ERR_PARSE_SCHEMA_UNKNOWN: return "unknown message field";

    case MDSEC_ERR_FW_MAGIC: return "image header magic wrong";
    case MDSEC_ERR_FW_HEADER: return "image header field invalid";
    case MDSEC_ERR_FW_BOUNDS: return "image sizes exceed the slot";
    case MDSEC_ERR_FW_TLV_MAGIC: return "image TLV area magic wrong";
    case MDSEC_ERR_FW_TLV_SIZE: return "image TLV area size inconsistent";
    case MDSEC_ERR_FW_TLV_UNKNOWN: return "image TLV type not allowed";
    case MDSEC_ERR_FW_TLV_UNPROTECTED:
        return "security counter or dependency not in the protected TLV area";
    case MDSEC_ERR_FW_TLV_DUPLICATE: return "image TLV duplicated";
    case MDSEC_ERR_FW_TLV_LENGTH: return "image TLV has the wrong length";
    case MDSEC_ERR_FW_HASH_MISSING: return "image hash TLV missing";
    case MDSEC_ERR_FW_HASH_MISMATCH: return "image hash mismatch (image modified)";
    case MDSEC_ERR_FW_UNSIGNED: return "image not signed";
    case MDSEC_ERR_FW_UNTRUSTED_KEY: return "image signed by an untrusted key";
    case MDSEC_ERR_FW_KEY_REVOKED: return "image signed by a revoked key";
    case MDSEC_ERR_FW_THRESHOLD: return "not enough valid signatures by distinct trusted keys";
    case MDSEC_ERR_FW_ROLLBACK: return "image security counter below the device counter (rollback)";
    case MDSEC_ERR_FW_DOWNGRADE: return "image version below the allowed version (downgrade)";
    case MDSEC_ERR_FW_DEPENDENCY: return "image dependency not satisfied";
    case MDSEC_ERR_FW_ALG_UNSUPPORTED: return "image signature algorithm not supported";
    case MDSEC_ERR_FW_ENCRYPTED: return "encrypted images not supported";
    case MDSEC_ERR_FW_TRAILER: return "unexpected bytes after the image TLVs";
    case MDSEC_ERR_FW_READ: return "image read failed";
    case MDSEC_ERR_FW_KEY_TLV: return "image key TLV missing or malformed";
    case MDSEC_ERR_FW_POLICY: return "firmware trust policy invalid";
    case MDSEC_ERR_FW_NOT_VERIFIED: return "commit without a valid verification";
    case MDSEC_ERR_FW_TOO_MANY_SIGS: return "too many signature or dependency TLVs";
    case MDSEC_ERR_FW_CHANGED: return "image changed while it was being read";
    case MDSEC_ERR_FW_NEEDS_WHOLE_IMAGE:
        return "image signature is over the image bytes: verify it whole, in memory";

    case MDSEC_ERR_KS_NOT_FOUND: return "no such key";
    case MDSEC_ERR_KS_EXISTS: return "key id already in use";
    case MDSEC_ERR_KS_FULL: return "no free key slot";
    case MDSEC_ERR_KS_POLICY: return "key policy does not permit this operation";
    case MDSEC_ERR_KS_NOT_EXPORTABLE: return "key not exportable";
    case MDSEC_ERR_KS_READ_ONLY: return "key is read-only";
    case MDSEC_ERR_KS_CORRUPT: return "stored key record corrupted";
    case MDSEC_ERR_KS_ROLLBACK: return "stored key record rolled back";
    case MDSEC_ERR_KS_BACKEND: return "key backend failure";
    case MDSEC_ERR_KS_ATTRIBUTES: return "key attributes invalid";
    case MDSEC_ERR_KS_BLOB: return "provisioning blob malformed or tampered";
    case MDSEC_ERR_KS_STORAGE_FULL: return "persistent key storage full";
    case MDSEC_ERR_KS_AUTH: return "key backend refused the credentials (PIN)";
    case MDSEC_ERR_KS_MISMATCH: return "bound key differs from its binding";
    case MDSEC_ERR_KS_EXPORTABLE: return "bound key is exportable";
    case MDSEC_ERR_KS_VOLATILE: return "bound key is volatile";
    case MDSEC_ERR_LOG_FORMAT: return "malformed log record, sector, witness or export";
    case MDSEC_ERR_LOG_MAC: return "log record MAC invalid (record modified)";
    case MDSEC_ERR_LOG_CHAIN: return "log hash chain broken";
    case MDSEC_ERR_LOG_SEQUENCE:
        return "log sequence broken (deleted, reordered, duplicated or replayed record)";
    case MDSEC_ERR_LOG_EPOCH: return "log record sealed with another epoch's key";
    case MDSEC_ERR_LOG_CHECKPOINT: return "log checkpoint signature or content invalid";
    case MDSEC_ERR_LOG_TRUNCATED: return "log truncated (ends before a witnessed record)";
    case MDSEC_ERR_LOG_WITNESS: return "log disagrees with the witness (tail replaced)";
    case MDSEC_ERR_LOG_DEVICE: return "log record or witness from another device";
    case MDSEC_ERR_LOG_FULL: return "security log full";
    case MDSEC_ERR_LOG_KEY: return "security log key missing or unusable";
    case MDSEC_ERR_LOG_SECTOR: return "corrupted log sector skipped";
    case MDSEC_ERR_LOG_UNFORMATTED: return "log region not formatted (never automatic)";
    case MDSEC_ERR_LOG_TOO_LARGE: return "log record payload too large";
    case MDSEC_ERR_LOG_UNANCHORED: return "log export start not anchored (head truncated)";
    case MDSEC_ERR_LOG_PARAMS:
        return "log export header disagrees with the verifier's provisioned parameters";
    case MDSEC_ERR_LOG_WITNESS_BAD: return "witness invalid (malformed, signature or epoch)";
    case MDSEC_ERR_LOG_UNSEALED: return "log record not sealed by a checkpoint";
    case MDSEC_ERR_LOG_HEAD_CUT: return "log export starts after the witnessed record (head cut)";
    case MDSEC_ERR_PRIV_STEP: return "privilege step failed";
    case MDSEC_ERR_PRIV_POLICY: return "privilege policy invalid";
    case MDSEC_ERR_PRIV_REGION: return "MPU region invalid";
    case MDSEC_ERR_PRIV_UNAVAILABLE: return "privilege mechanism unavailable";
    case MDSEC_ERR_PRIV_VERIFY: return "privilege drop not verified";

    case MDSEC_ERR_LAST_:
    default: break;
    }
    return "unknown status";
}
#else
const char *mdsec_status_str(mdsec_status_t status)
{
    return (status == MDSEC_OK) ? "success" : "error (MDSEC_STATUS_STRINGS=0: see mdsec/status.h)";
}
#endif
