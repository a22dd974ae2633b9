# Cortex-M4F with Debian's arm-none-eabi GCC and newlib (nano):
#   cmake -S . -B build-m4 -DCMAKE_TOOLCHAIN_FILE=platforms/cortex-m/toolchain.cmake \
#         -DSPUD_OPS_CONFIG=required_operators.config [-DSPUD_EMBED_MODEL=model.spud]
# builds libspud.a for the target and, with a model, spud_firmware_test: a
# bare-metal program for the MPS2-AN386 board (a Cortex-M4 QEMU emulates).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
# No OS to run a test program on while configuring.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(SPUD_CORTEX_M_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16")
set(CMAKE_C_FLAGS_INIT "${SPUD_CORTEX_M_CPU_FLAGS}")
set(CMAKE_CXX_FLAGS_INIT "${SPUD_CORTEX_M_CPU_FLAGS}")
set(CMAKE_ASM_FLAGS_INIT "${SPUD_CORTEX_M_CPU_FLAGS}")
# newlib-nano, and stubs for the system calls a bare-metal program never makes.
set(CMAKE_EXE_LINKER_FLAGS_INIT "${SPUD_CORTEX_M_CPU_FLAGS} --specs=nano.specs --specs=nosys.specs")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# The runtime alone, with this directory's platform port.
set(SPUD_MINIMAL ON CACHE BOOL "" FORCE)
set(SPUD_PLATFORM cortex-m CACHE STRING "" FORCE)
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE MinSizeRel CACHE STRING "" FORCE)
endif()
