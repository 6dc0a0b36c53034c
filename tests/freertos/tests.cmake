# SPDX-License-Identifier: Apache-2.0
# Tests of the FreeRTOS-only parts of mdsec, added by ports/freertos in a
# build with MDSEC_PORT=freertos (included at the end of the top-level
# directory, so paths are relative to this file).
#
#  - test_priv_freertos_check (POSIX simulator): every rule that refuses a
#    restricted-task definition (mdsec/priv_freertos.h), and that a refused
#    definition creates no task.
#  - mps2-an386-mpu/ is a separate firmware project (FreeRTOS-MPU,
#    portable/GCC/ARM_CM4_MPU, on QEMU mps2-an386) that creates real
#    restricted tasks; scripts/test.sh (stage freertos) builds and runs it.
if(MDSEC_WITH_PRIV AND TARGET mdsec_freertos_sim)
  # cmocka::cmocka is imported in tests/'s scope; import it here too.
  include(MdsecTesting)
  mdsec_add_test(test_priv_freertos_check HOST_ONLY
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_priv_freertos_check.c
    LIBS mdsec_freertos_sim
    LABELS freertos priv)
endif()
