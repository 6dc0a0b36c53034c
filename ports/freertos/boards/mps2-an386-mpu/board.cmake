# SPDX-License-Identifier: Apache-2.0
# QEMU MPS2 AN386 (Cortex-M4) FreeRTOS-MPU TEST board: FreeRTOSConfig.h for
# the kernel port portable/GCC/ARM_CM4_MPU, the linker script with the
# sections and symbols that port needs, and start-up code with a
# semihosting console and exit. Used by tests/freertos/mps2-an386-mpu; a
# firmware project includes it the same way:
#
#   set(FREERTOS_PORT GCC_ARM_CM4_MPU CACHE STRING "")
#   include(<mdsec>/ports/freertos/boards/mps2-an386-mpu/board.cmake)  # freertos_config
#   add_subdirectory(<mdsec> mdsec)                                     # the kernel, mdsec
#   mdsec_freertos_mpu_board_add()                                      # the board library
#   target_link_libraries(image PRIVATE mdsec::mdsec mdsec_freertos_mps2_an386_mpu)
#
# The image must be built for the hard-float ABI (the port saves FPU
# context): MDSEC_CORTEXM_FLAGS="-mcpu=cortex-m4 -mthumb -mfloat-abi=hard
# -mfpu=fpv4-sp-d16" with cmake/toolchains/arm-none-eabi.cmake.
set(MDSEC_FREERTOS_MPU_BOARD_DIR ${CMAKE_CURRENT_LIST_DIR})

if(NOT TARGET freertos_config)
  add_library(freertos_config INTERFACE)
  target_include_directories(freertos_config SYSTEM INTERFACE ${MDSEC_FREERTOS_MPU_BOARD_DIR})
endif()

function(mdsec_freertos_mpu_board_add)
  add_library(mdsec_freertos_mps2_an386_mpu OBJECT ${MDSEC_FREERTOS_MPU_BOARD_DIR}/startup.c)
  target_include_directories(mdsec_freertos_mps2_an386_mpu PUBLIC ${MDSEC_FREERTOS_MPU_BOARD_DIR})
  target_include_directories(mdsec_freertos_mps2_an386_mpu SYSTEM PRIVATE
    $<TARGET_PROPERTY:freertos_kernel,INTERFACE_INCLUDE_DIRECTORIES>)
  target_link_libraries(mdsec_freertos_mps2_an386_mpu PUBLIC freertos_kernel)
  mdsec_target_warnings(mdsec_freertos_mps2_an386_mpu)
  set(_ld ${MDSEC_FREERTOS_MPU_BOARD_DIR}/mps2_an386_mpu.ld)
  target_link_options(mdsec_freertos_mps2_an386_mpu INTERFACE -T${_ld} --specs=nano.specs)
  set_property(TARGET mdsec_freertos_mps2_an386_mpu APPEND PROPERTY INTERFACE_LINK_DEPENDS ${_ld})
endfunction()
