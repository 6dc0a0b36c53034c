/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file mdsec.h
 * @brief Umbrella header: includes every public mdsec header that was built.
 */
#ifndef MDSEC_MDSEC_H
#define MDSEC_MDSEC_H

#include "mdsec/config.h"
#include "mdsec/core.h"
#include "mdsec/event.h"
#include "mdsec/port.h"
#include "mdsec/status.h"

#if defined(MDSEC_WITH_PARSE)
#include "mdsec/parse.h"
#endif
#if defined(MDSEC_WITH_FW)
#include "mdsec/fw.h"
#endif
#if defined(MDSEC_WITH_KEYSTORE)
#include "mdsec/keystore.h"
#endif
#if defined(MDSEC_WITH_LOG)
#include "mdsec/log.h"
#endif
#if defined(MDSEC_WITH_PRIV)
#include "mdsec/priv.h"
#endif

#endif /* MDSEC_MDSEC_H */
