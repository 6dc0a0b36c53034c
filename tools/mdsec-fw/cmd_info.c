/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec-fw info: prints what an image holds, like imgtool dumpinfo:
 * header fields and flags, both TLV areas (type names and lengths, decoded
 * SEC_CNT and DEPENDENCY values, hashes), and a summary of the padding and
 * MCUboot trailer after the image.
 *
 * Every structure is read through mdsec's reader cursor and TLV iterator,
 * each area bounded by its declared size checked against the file size
 * (wrap-safe), so garbage is reported, never trusted: on malformed input it
 * prints what it could read, then a one-line reason on stderr, and exits 1.
 * The file is read piecewise (at most one 64 KiB TLV area at a time).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <string.h>

#include "mdsec/parse.h"

#include "fwtool.h"

#define TLV_AREA_MAX   0xFFFFu
#define BOOT_MAGIC_LEN 16u

static const uint8_t boot_magic[BOOT_MAGIC_LEN] = {0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
                                                   0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};

static const mdsec_tlv_format_t mcuboot_tlv = MDSEC_TLV_FORMAT_MCUBOOT;

enum { OPT_TRAILER_ALIGN };

static const toolutil_opt_t info_opts[] = {
    [OPT_TRAILER_ALIGN] = {"--trailer-align", NULL, "A",
                           "flash write alignment of the MCUboot trailer:\n"
                           "1, 2, 4, 8 (default), 16 or 32",
                           NULL},
};

const toolutil_cmd_t fwtool_info_cmd = {
    "info",
    "[--trailer-align A] IMAGE",
    "print header, TLV areas and trailer; exit 1 when the image is malformed",
    NULL,
    info_opts,
    sizeof info_opts / sizeof info_opts[0],
    NULL,
    NULL};

typedef struct info_file {
    FILE *f;
    const char *path;
    uint64_t size;
} info_file_t;

/* Reads len bytes at off; -1 when they are not all in the file, -2 after
 * printing a read error. */
static int read_at(const info_file_t *in, uint64_t off, void *buf, size_t len)
{
    if (len > in->size || off > in->size - len) {
        return -1;
    }
    errno = 0;
    if (fseek(in->f, (long)off, SEEK_SET) != 0 || fread(buf, 1u, len, in->f) != len) {
        toolutil_err("%s: cannot read: %s", in->path, strerror(errno != 0 ? errno : EIO));
        return -2;
    }
    return 0;
}

static void print_flags(uint32_t flags)
{
    static const struct {
        uint32_t bit;
        const char *name;
    } names[] = {{0x1u, "PIC"},
                 {0x4u, "ENCRYPTED_AES128"},
                 {0x8u, "ENCRYPTED_AES256"},
                 {0x10u, "NON_BOOTABLE"},
                 {0x20u, "RAM_LOAD"},
                 {0x100u, "ROM_FIXED"},
                 {0x200u, "COMPRESSED_LZMA1"},
                 {0x400u, "COMPRESSED_LZMA2"},
                 {0x800u, "COMPRESSED_ARM_THUMB"}};
    uint32_t known = 0u;
    size_t i;
    int any = 0;

    printf("  flags:             0x%08lx", (unsigned long)flags);
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        known |= names[i].bit;
        if ((flags & names[i].bit) != 0u) {
            printf("%s%s", any ? " | " : " (", names[i].name);
            any = 1;
        }
    }
    if ((flags & ~known) != 0u) {
        printf("%sunknown 0x%lx", any ? " | " : " (", (unsigned long)(flags & ~known));
        any = 1;
    }
    printf("%s\n", any ? ")" : " (none)");
}

static void print_tlv(const mdsec_tlv_t *t, uint64_t area_off)
{
    const char *name = fwtool_tlv_name(t->tag);
    mdsec_reader_t r;

    printf("    0x%06lx  %-12s (0x%02lx) len %4lu", (unsigned long)(area_off + t->offset),
           (name != NULL) ? name : "unknown", (unsigned long)t->tag, (unsigned long)t->value.len);
    mdsec_reader_init(&r, t->value.ptr, t->value.len);
    if (t->tag == FWTOOL_TLV_SEC_CNT && t->value.len == 4u) {
        printf("  value %lu", (unsigned long)mdsec_read_u32le(&r));
    } else if (t->tag == FWTOOL_TLV_DEPENDENCY && t->value.len == 12u) {
        mdsec_fw_version_t v;
        uint8_t id = mdsec_read_u8(&r);
        mdsec_read_skip(&r, 3u);
        v.major = mdsec_read_u8(&r);
        v.minor = mdsec_read_u8(&r);
        v.revision = mdsec_read_u16le(&r);
        v.build = mdsec_read_u32le(&r);
        printf("  image %u >= ", (unsigned)id);
        fwtool_print_version(stdout, &v);
    } else if ((t->tag == 0x10u || t->tag == 0x11u || t->tag == 0x12u ||
                t->tag == FWTOOL_TLV_KEYHASH) &&
               t->value.len <= 64u) {
        printf("  ");
        toolutil_hex(stdout, t->value.ptr, t->value.len);
    }
    printf("\n");
}

/* Walks one TLV area (info header included); returns 0 or prints why not. */
static int walk_area(const info_file_t *in, uint64_t off, uint8_t *buf, size_t len, uint32_t magic,
                     const char *what)
{
    mdsec_reader_t r;
    mdsec_tlv_iter_t it;
    size_t count = 0u;

    mdsec_reader_init(&r, buf, len);
    (void)mdsec_read_u16le(&r);
    (void)mdsec_read_u16le(&r);
    printf("%s TLV area at 0x%lx: magic 0x%04lx, size %lu\n", what, (unsigned long)off,
           (unsigned long)magic, (unsigned long)len);
    mdsec_tlv_iter_from_reader(&it, mcuboot_tlv, &r);
    while (!mdsec_tlv_done(&it)) {
        mdsec_tlv_t t;
        mdsec_status_t st = mdsec_tlv_next(&it, &t);
        if (st != MDSEC_OK) {
            toolutil_err("%s: malformed: %s TLV area: %s after %lu TLVs", in->path, what,
                         mdsec_status_str(st), (unsigned long)count);
            return -1;
        }
        print_tlv(&t, off);
        count++;
    }
    return 0;
}

/* Summarises what follows the image: nothing, erased padding, MCUboot trailer. */
static int summarise_tail(const info_file_t *in, uint64_t end, uint32_t align)
{
    uint8_t buf[4096];
    uint64_t rest = in->size - end, pos, magic_at, ok_at, copy_at, swap_at, swap_size_at;
    uint64_t unexpected = 0u, first_bad = 0u;
    uint8_t magic[BOOT_MAGIC_LEN];
    int magic_state; /* 1 good, 0 erased, -1 other */
    uint8_t ok = 0xFFu, copy = 0xFFu, swap = 0xFFu;

    if (rest == 0u) {
        printf("after the image: nothing (no padding or trailer)\n");
        return 0;
    }
    if (rest < BOOT_MAGIC_LEN + 4u * (uint64_t)align) {
        printf("after the image: %lu bytes (too few for an MCUboot trailer)\n",
               (unsigned long)rest);
        toolutil_err("%s: malformed: %lu unexpected bytes after the image", in->path,
                     (unsigned long)rest);
        return -1;
    }
    magic_at = in->size - BOOT_MAGIC_LEN;
    ok_at = magic_at - align;
    copy_at = ok_at - align;
    swap_at = copy_at - align;
    swap_size_at = swap_at - align;
    for (pos = end; pos < magic_at;) {
        uint64_t n = magic_at - pos, i;
        if (n > sizeof buf) {
            n = sizeof buf;
        }
        if (read_at(in, pos, buf, (size_t)n) != 0) {
            return -2; /* in the file: only a read error */
        }
        for (i = 0; i < n; i++) {
            uint64_t a = pos + i;
            if (a == ok_at) {
                ok = buf[i];
            } else if (a == copy_at) {
                copy = buf[i];
            } else if (a == swap_at) {
                swap = buf[i];
            } else if (a >= swap_size_at && a < swap_size_at + 4u) {
                continue;
            } else if (buf[i] != 0xFFu) {
                if (unexpected == 0u) {
                    first_bad = a;
                }
                unexpected++;
            }
        }
        pos += n;
    }
    if (read_at(in, magic_at, magic, sizeof magic) != 0) {
        return -2;
    }
    if (memcmp(magic, boot_magic, sizeof magic) == 0) {
        magic_state = 1;
    } else {
        size_t i;
        magic_state = 0;
        for (i = 0; i < sizeof magic; i++) {
            if (magic[i] != 0xFFu) {
                magic_state = -1;
            }
        }
    }
    printf("after the image: %lu bytes (slot size %lu if the file is the slot)\n",
           (unsigned long)rest, (unsigned long)in->size);
    printf("  trailer (align %lu): magic %s, image_ok 0x%02x%s, copy_done 0x%02x, swap_info "
           "0x%02x\n",
           (unsigned long)align,
           (magic_state == 1)   ? "good"
           : (magic_state == 0) ? "unset (erased)"
                                : "bad",
           ok, (ok == 0x01u) ? " (confirmed)" : "", copy, swap);
    printf("  padding: %s\n", (unexpected == 0u) ? "erased (0xff)" : "NOT erased");
    if (unexpected != 0u || magic_state < 0) {
        toolutil_err("%s: malformed: %lu unexpected bytes after the image (first at 0x%lx)%s",
                     in->path, (unsigned long)unexpected, (unsigned long)first_bad,
                     (magic_state < 0) ? ", bad trailer magic" : "");
        return -1;
    }
    return 0;
}

int fwtool_cmd_info(int argc, char **argv)
{
    static uint8_t area[TLV_AREA_MAX];
    uint8_t hdr[MDSEC_FW_HEADER_SIZE], info[4];
    toolutil_args_t a;
    const char *path = NULL, *v;
    uint64_t align = 8u, off, end;
    info_file_t in;
    mdsec_reader_t r;
    uint32_t magic, load, img_size, flags, pad;
    uint16_t hdr_size, prot_size, tot;
    mdsec_fw_version_t ver;
    int rc, x;

    toolutil_args_init(&a, argc, argv);
    while ((x = toolutil_next(&a, &fwtool_info_cmd, &v)) != TOOLUTIL_ARG_END) {
        if (x == TOOLUTIL_ARG_POS) {
            if (path != NULL) {
                toolutil_err("info: more than one IMAGE");
                return FWTOOL_EXIT_USAGE;
            }
            path = v;
        } else if (x == TOOLUTIL_ARG_HELP) {
            toolutil_cmd_help(stdout, &fwtool_info_cmd);
            return FWTOOL_EXIT_OK;
        } else if (x == OPT_TRAILER_ALIGN) {
            if (fwtool_parse_u64(v, 32u, &align) != 0 || align == 0u ||
                (align & (align - 1u)) != 0u) {
                toolutil_err("--trailer-align: expected 1, 2, 4, 8, 16 or 32, got '%s'", v);
                return FWTOOL_EXIT_USAGE;
            }
        } else {
            return FWTOOL_EXIT_USAGE;
        }
    }
    if (path == NULL) {
        toolutil_err("info: missing IMAGE");
        return FWTOOL_EXIT_USAGE;
    }
    in.path = path;
    rc = fwtool_open_image(path, &in.f, &in.size);
    if (rc != 0) {
        return rc;
    }
    printf("%s: %lu bytes\n", path, (unsigned long)in.size);

    rc = FWTOOL_EXIT_REJECT;
    if (read_at(&in, 0u, hdr, sizeof hdr) != 0) {
        rc = FWTOOL_EXIT_USAGE; /* the file holds the header: only a read error */
        goto out;
    }
    mdsec_reader_init(&r, hdr, sizeof hdr);
    magic = mdsec_read_u32le(&r);
    load = mdsec_read_u32le(&r);
    hdr_size = mdsec_read_u16le(&r);
    prot_size = mdsec_read_u16le(&r);
    img_size = mdsec_read_u32le(&r);
    flags = mdsec_read_u32le(&r);
    ver.major = mdsec_read_u8(&r);
    ver.minor = mdsec_read_u8(&r);
    ver.revision = mdsec_read_u16le(&r);
    ver.build = mdsec_read_u32le(&r);
    pad = mdsec_read_u32le(&r);
    if (mdsec_reader_finish(&r) != MDSEC_OK) {
        toolutil_err("%s: internal error reading the header", path);
        goto out;
    }
    printf("header:\n");
    printf("  magic:             0x%08lx%s\n", (unsigned long)magic,
           (magic == MDSEC_FW_IMAGE_MAGIC) ? "" : " (NOT an MCUboot image)");
    if (magic != MDSEC_FW_IMAGE_MAGIC) {
        toolutil_err("%s: malformed: bad image magic 0x%08lx", path, (unsigned long)magic);
        goto out;
    }
    printf("  load_addr:         0x%08lx\n", (unsigned long)load);
    printf("  hdr_size:          0x%04x (%u)\n", (unsigned)hdr_size, (unsigned)hdr_size);
    printf("  protect_tlv_size:  0x%04x (%u)\n", (unsigned)prot_size, (unsigned)prot_size);
    printf("  img_size:          0x%08lx (%lu)\n", (unsigned long)img_size,
           (unsigned long)img_size);
    print_flags(flags);
    printf("  version:           ");
    fwtool_print_version(stdout, &ver);
    printf("\n  pad1:              0x%08lx\n", (unsigned long)pad);
    if (hdr_size < MDSEC_FW_HEADER_SIZE) {
        toolutil_err("%s: malformed: header size %u below %u", path, (unsigned)hdr_size,
                     MDSEC_FW_HEADER_SIZE);
        goto out;
    }
    if ((uint64_t)hdr_size > in.size) {
        toolutil_err("%s: malformed: header size %u beyond the end of the file", path,
                     (unsigned)hdr_size);
        goto out;
    }
    off = (uint64_t)hdr_size + img_size; /* 64-bit: cannot wrap */
    printf("payload: 0x%lx..0x%lx (%lu bytes)\n", (unsigned long)hdr_size, (unsigned long)off,
           (unsigned long)img_size);
    if (off > in.size) {
        toolutil_err("%s: malformed: image body runs %lu bytes past the end of the file", path,
                     (unsigned long)(off - in.size));
        goto out;
    }
    if (prot_size != 0u) {
        x = (prot_size < 4u) ? -1 : read_at(&in, off, area, prot_size);
        if (x == -2) {
            rc = FWTOOL_EXIT_USAGE;
            goto out;
        }
        if (x != 0) {
            toolutil_err("%s: malformed: protected TLV area (%u bytes at 0x%lx) does not fit", path,
                         (unsigned)prot_size, (unsigned long)off);
            goto out;
        }
        mdsec_reader_init(&r, area, prot_size);
        if (mdsec_read_u16le(&r) != FWTOOL_TLV_PROT_INFO_MAGIC) {
            toolutil_err("%s: malformed: protected TLV area at 0x%lx has the wrong magic", path,
                         (unsigned long)off);
            goto out;
        }
        if (mdsec_read_u16le(&r) != prot_size) {
            toolutil_err("%s: malformed: protected TLV area size disagrees with the header", path);
            goto out;
        }
        if (walk_area(&in, off, area, prot_size, FWTOOL_TLV_PROT_INFO_MAGIC, "protected") != 0) {
            goto out;
        }
        off += prot_size;
    } else {
        printf("protected TLV area: none\n");
    }
    x = read_at(&in, off, info, sizeof info);
    if (x == -2) {
        rc = FWTOOL_EXIT_USAGE;
        goto out;
    }
    if (x != 0) {
        toolutil_err("%s: malformed: no unprotected TLV area at 0x%lx (end of file)", path,
                     (unsigned long)off);
        goto out;
    }
    mdsec_reader_init(&r, info, sizeof info);
    magic = mdsec_read_u16le(&r);
    tot = mdsec_read_u16le(&r);
    if (magic != FWTOOL_TLV_INFO_MAGIC) {
        toolutil_err("%s: malformed: TLV area at 0x%lx has magic 0x%04lx, not 0x6907", path,
                     (unsigned long)off, (unsigned long)magic);
        goto out;
    }
    x = (tot < 4u) ? -1 : read_at(&in, off, area, tot);
    if (x == -2) {
        rc = FWTOOL_EXIT_USAGE;
        goto out;
    }
    if (x != 0) {
        toolutil_err("%s: malformed: unprotected TLV area (%u bytes at 0x%lx) does not fit", path,
                     (unsigned)tot, (unsigned long)off);
        goto out;
    }
    if (walk_area(&in, off, area, tot, FWTOOL_TLV_INFO_MAGIC, "unprotected") != 0) {
        goto out;
    }
    end = off + tot;
    printf("image end: 0x%lx (%lu bytes)\n", (unsigned long)end, (unsigned long)end);
    x = summarise_tail(&in, end, (uint32_t)align);
    if (x == 0) {
        rc = FWTOOL_EXIT_OK;
    } else if (x == -2) {
        rc = FWTOOL_EXIT_USAGE;
    }
out:
    (void)fclose(in.f);
    if (fflush(stdout) != 0) {
        rc = FWTOOL_EXIT_USAGE;
    }
    return rc;
}
