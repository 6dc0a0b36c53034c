/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
#define _POSIX_C_SOURCE 200809L

#include "posix_test_util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int mdsec_test_make_temp_dir(char *out, size_t cap, const char *tag)
{
    const char *tmp = getenv("TMPDIR");
    int n;

    if (tmp == NULL || tmp[0] == '\0') {
        tmp = "/tmp";
    }
    n = snprintf(out, cap, "%s/mdsec-%s.XXXXXX", tmp, tag);
    if (n <= 0 || (size_t)n >= cap) {
        return -1;
    }
    return mkdtemp(out) != NULL ? 0 : -1;
}

static int remove_level(const char *path, int depth)
{
    char child[4096];
    struct dirent *e;
    DIR *d;
    int rc = 0;

    d = opendir(path);
    if (d == NULL) {
        return errno == ENOENT ? 0 : -1;
    }
    while ((e = readdir(d)) != NULL) {
        struct stat sb;
        int n;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        n = snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        if (n <= 0 || (size_t)n >= sizeof child || lstat(child, &sb) != 0) {
            rc = -1;
            continue;
        }
        if (S_ISDIR(sb.st_mode)) {
            /* Tests may have made it unreadable; give it back first. */
            if (chmod(child, 0700) != 0 || depth <= 0 || remove_level(child, depth - 1) != 0) {
                rc = -1;
            }
        } else if (unlink(child) != 0) {
            rc = -1;
        }
    }
    if (closedir(d) != 0) {
        rc = -1;
    }
    if (rmdir(path) != 0) {
        rc = -1;
    }
    return rc;
}

int mdsec_test_remove_tree(const char *path)
{
    return remove_level(path, 3);
}
