# SPDX-License-Identifier: Apache-2.0
# Warning flags for mdsec's own code. The core must build clean with
# -Wall -Wextra -Wconversion -Wshadow -Werror under gcc, clang and
# arm-none-eabi-gcc.
function(mdsec_target_warnings tgt)
  if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${tgt} PRIVATE
      -Wall -Wextra -Wconversion -Wshadow -Wsign-conversion
      -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wformat=2 -Wundef
      -Wcast-qual -Wpointer-arith)
    if(MDSEC_WERROR)
      target_compile_options(${tgt} PRIVATE -Werror)
    endif()
  endif()
endfunction()

# Looser set for tests and examples (cmocka macros trip -Wconversion).
function(mdsec_test_warnings tgt)
  if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${tgt} PRIVATE -Wall -Wextra -Wshadow -Wvla)
    if(MDSEC_WERROR)
      target_compile_options(${tgt} PRIVATE -Werror)
    endif()
  endif()
endfunction()
