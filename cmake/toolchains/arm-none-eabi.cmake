# SPDX-License-Identifier: Apache-2.0
# Cross toolchain: Arm Cortex-M4 (Thumb-2) with arm-none-eabi-gcc and newlib.
#
#   cmake -S . -B /tmp/cm4 -G Ninja \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/arm-none-eabi.cmake \
#         -DMDSEC_INSECURE_TEST_ENTROPY=ON
#
# Float ABI: soft (-mfloat-abi=soft, the thumb/v7e-m/nofp multilib). mdsec
# has no floating point, and with no FPU instruction anywhere the image runs
# on QEMU's mps2-an386 (and on an M4 without an FPU, or before the start-up
# code enables CP10/CP11 in CPACR) without a NOCP UsageFault. A product that
# uses the FPU elsewhere may override MDSEC_CORTEXM_FLAGS with
# -mfloat-abi=hard -mfpu=fpv4-sp-d16 as long as everything is rebuilt with
# the same ABI.
#
# Test executables run through CMAKE_CROSSCOMPILING_EMULATOR, the QEMU runner
# cmake/qemu-mps2-an386.sh, so that ctest runs them on the emulated board and
# sees their exit status. Override with -DCMAKE_CROSSCOMPILING_EMULATOR=...
# to run them elsewhere (a debug probe, another emulator).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR cortex-m4)

set(MDSEC_CROSS_PREFIX arm-none-eabi- CACHE STRING "Prefix of the cross tools")
find_program(CMAKE_C_COMPILER NAMES ${MDSEC_CROSS_PREFIX}gcc REQUIRED)
find_program(CMAKE_ASM_COMPILER NAMES ${MDSEC_CROSS_PREFIX}gcc REQUIRED)
find_program(CMAKE_AR NAMES ${MDSEC_CROSS_PREFIX}ar REQUIRED)
find_program(CMAKE_RANLIB NAMES ${MDSEC_CROSS_PREFIX}ranlib REQUIRED)
find_program(CMAKE_OBJCOPY NAMES ${MDSEC_CROSS_PREFIX}objcopy)
find_program(MDSEC_ARM_SIZE NAMES ${MDSEC_CROSS_PREFIX}size)

# No host libraries or programs from the target's point of view.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# A bare-metal executable cannot be linked without a board's start-up code
# and linker script, so compiler checks build a static library instead.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(MDSEC_CORTEXM_FLAGS "-mcpu=cortex-m4 -mthumb -mfloat-abi=soft"
    CACHE STRING "CPU, instruction set and float ABI flags for every target object")
set(CMAKE_C_FLAGS_INIT "${MDSEC_CORTEXM_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${MDSEC_CORTEXM_FLAGS}")
# Start-up code comes from the board library (no crt0), unused sections go.
set(CMAKE_EXE_LINKER_FLAGS_INIT "${MDSEC_CORTEXM_FLAGS} -nostartfiles -Wl,--gc-sections")

# Firmware images get a .elf suffix, which is what QEMU's -kernel expects
# (it reads the ELF program headers to place the image).
set(CMAKE_EXECUTABLE_SUFFIX_C .elf)
set(CMAKE_EXECUTABLE_SUFFIX .elf)

if(NOT DEFINED CMAKE_CROSSCOMPILING_EMULATOR)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${CMAKE_CURRENT_LIST_DIR}/../qemu-mps2-an386.sh"
      CACHE FILEPATH "Runs a target test image (QEMU mps2-an386, semihosting exit status)")
endif()
