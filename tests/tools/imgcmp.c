/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * imgcmp A B: exit 0 when two MCUboot images are byte-identical except for
 * their signature TLVs' values (and so those TLVs' length fields and the
 * unprotected area's total size). Used to show that `mdsec-fw sign` writes
 * what imgtool writes for the same inputs (ECDSA signatures are randomised).
 *
 * Compared byte for byte: header, header padding, body, protected TLV area,
 * the unprotected area's magic, every TLV's type, and every non-signature
 * TLV's length and value; the same TLV count and order; and what follows
 * the TLVs (slot padding and trailer, aligned at the end of the file, the
 * shorter tail's missing bytes being erased 0xff padding in the longer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct img {
    uint8_t *b;
    size_t len;
    size_t tlv_off; /* unprotected area */
    size_t tlv_end;
} img_t;

static unsigned rd16(const uint8_t *p)
{
    return (unsigned)p[0] | ((unsigned)p[1] << 8);
}

static unsigned long rd32(const uint8_t *p)
{
    return (unsigned long)p[0] | ((unsigned long)p[1] << 8) | ((unsigned long)p[2] << 16) |
           ((unsigned long)p[3] << 24);
}

static int load(const char *path, img_t *im)
{
    FILE *f = fopen(path, "rb");
    long n;
    size_t hs, ps, isz, tot;

    memset(im, 0, sizeof *im);
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "imgcmp: %s: cannot read\n", path);
        if (f != NULL) {
            fclose(f);
        }
        return -1;
    }
    im->len = (size_t)n;
    im->b = malloc(im->len + 1u);
    if (im->b == NULL || fread(im->b, 1u, im->len, f) != im->len) { /* freed by main() */
        fprintf(stderr, "imgcmp: %s: cannot read\n", path);
        fclose(f);
        return -1;
    }
    fclose(f);
    if (im->len < 32u || rd32(im->b) != 0x96f3b83dul) {
        fprintf(stderr, "imgcmp: %s: not an MCUboot image\n", path);
        return -1;
    }
    hs = rd16(im->b + 8);
    ps = rd16(im->b + 10);
    isz = rd32(im->b + 12);
    if (hs > im->len || isz > im->len - hs || ps > im->len - hs - isz ||
        im->len - hs - isz - ps < 4u) {
        fprintf(stderr, "imgcmp: %s: sizes run past the file\n", path);
        return -1;
    }
    im->tlv_off = hs + isz + ps;
    tot = rd16(im->b + im->tlv_off + 2);
    if (rd16(im->b + im->tlv_off) != 0x6907u || tot < 4u || tot > im->len - im->tlv_off) {
        fprintf(stderr, "imgcmp: %s: bad unprotected TLV area\n", path);
        return -1;
    }
    im->tlv_end = im->tlv_off + tot;
    return 0;
}

static int is_signature(unsigned type)
{
    return type >= 0x20u && type <= 0x25u;
}

static int compare(const img_t *pa_img, const img_t *pb_img)
{
    const img_t a = *pa_img, b = *pb_img;
    size_t pa, pb, ta, tb, i, nsig = 0u, ntlv = 0u;

    if (a.tlv_off != b.tlv_off || memcmp(a.b, b.b, a.tlv_off) != 0) {
        for (i = 0; i < a.tlv_off && i < b.tlv_off && a.b[i] == b.b[i]; i++) {
        }
        fprintf(stderr, "imgcmp: header, body or protected TLVs differ at offset 0x%lx\n",
                (unsigned long)i);
        return 1;
    }
    pa = a.tlv_off + 4u;
    pb = b.tlv_off + 4u;
    while (pa < a.tlv_end && pb < b.tlv_end) {
        unsigned type_a, type_b, len_a, len_b;
        if (a.tlv_end - pa < 4u || b.tlv_end - pb < 4u) {
            fprintf(stderr, "imgcmp: truncated TLV header\n");
            return 1;
        }
        type_a = rd16(a.b + pa);
        type_b = rd16(b.b + pb);
        len_a = rd16(a.b + pa + 2);
        len_b = rd16(b.b + pb + 2);
        if (len_a > a.tlv_end - pa - 4u || len_b > b.tlv_end - pb - 4u) {
            fprintf(stderr, "imgcmp: TLV runs past its area\n");
            return 1;
        }
        if (type_a != type_b) {
            fprintf(stderr, "imgcmp: TLV %lu: type 0x%02x vs 0x%02x\n", (unsigned long)ntlv, type_a,
                    type_b);
            return 1;
        }
        if (is_signature(type_a)) {
            nsig++;
        } else if (len_a != len_b || memcmp(a.b + pa + 4, b.b + pb + 4, len_a) != 0) {
            fprintf(stderr, "imgcmp: TLV %lu (type 0x%02x) differs\n", (unsigned long)ntlv, type_a);
            return 1;
        }
        pa += 4u + len_a;
        pb += 4u + len_b;
        ntlv++;
    }
    if (pa != a.tlv_end || pb != b.tlv_end) {
        fprintf(stderr, "imgcmp: different number of TLVs\n");
        return 1;
    }
    ta = a.len - a.tlv_end;
    tb = b.len - b.tlv_end;
    if (ta != tb && (ta == 0u || tb == 0u || a.len != b.len)) {
        fprintf(stderr, "imgcmp: different data after the TLVs (%lu vs %lu bytes)\n",
                (unsigned long)ta, (unsigned long)tb);
        return 1;
    }
    {
        const img_t *lo = (ta >= tb) ? &a : &b; /* longer tail */
        size_t extra = (ta >= tb) ? ta - tb : tb - ta, common = (ta >= tb) ? tb : ta;
        for (i = 0; i < extra; i++) {
            if (lo->b[lo->tlv_end + i] != 0xFFu) {
                fprintf(stderr, "imgcmp: padding after the TLVs differs\n");
                return 1;
            }
        }
        if (memcmp(a.b + a.len - common, b.b + b.len - common, common) != 0) {
            fprintf(stderr, "imgcmp: padding or trailer after the TLVs differs\n");
            return 1;
        }
    }
    printf("imgcmp: identical apart from %lu signature TLV value(s) (%lu TLVs, %lu bytes "
           "compared before the unprotected area)\n",
           (unsigned long)nsig, (unsigned long)ntlv, (unsigned long)a.tlv_off);
    return 0;
}

int main(int argc, char **argv)
{
    img_t a, b;
    int rc = 2;

    if (argc != 3) {
        fprintf(stderr, "usage: imgcmp A B\n");
        return 2;
    }
    memset(&b, 0, sizeof b);
    if (load(argv[1], &a) == 0 && load(argv[2], &b) == 0) {
        rc = compare(&a, &b);
    }
    free(a.b);
    free(b.b);
    return rc;
}
