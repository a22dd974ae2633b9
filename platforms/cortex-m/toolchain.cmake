# Cortex-M with Debian's arm-none-eabi GCC and newlib (nano):
#   cmake -S . -B build-m4 -DCMAKE_TOOLCHAIN_FILE=platforms/cortex-m/toolchain.cmake \
#         [-DSPUD_CORTEX_M_BOARD=mps2-an386|mps2-an500|mps3-an547] \
#         -DSPUD_OPS_CONFIG=required_operators.config \
#         [-DSPUD_EMBED_MODEL=model.spud -DSPUD_FIRMWARE_SESSION_BYTES=N]
# builds libspud.a for the board's CPU and, with a model, spud_firmware_test:
# a bare-metal program for the board, which QEMU emulates (the presets
# cortex-m4, cortex-m7 and cortex-m55 pick the three boards).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
# No OS to run a test program on while configuring.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(SPUD_CORTEX_M_BOARD "mps2-an386" CACHE STRING
    "Board the firmware is linked for: mps2-an386 (Cortex-M4F), mps2-an500 (Cortex-M7), mps3-an547 (Cortex-M55)")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SPUD_CORTEX_M_BOARD)
if(SPUD_CORTEX_M_BOARD STREQUAL "mps2-an386")
  set(SPUD_CORTEX_M_CPU_FLAGS -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16)
elseif(SPUD_CORTEX_M_BOARD STREQUAL "mps2-an500")
  set(SPUD_CORTEX_M_CPU_FLAGS -mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-d16)
elseif(SPUD_CORTEX_M_BOARD STREQUAL "mps3-an547")
  # Armv8.1-M with MVE (Helium) and its floating point.
  set(SPUD_CORTEX_M_CPU_FLAGS -mcpu=cortex-m55 -mthumb -mfloat-abi=hard -mfpu=auto)
else()
  message(FATAL_ERROR "SPUD_CORTEX_M_BOARD=${SPUD_CORTEX_M_BOARD}: not one of mps2-an386, mps2-an500, mps3-an547")
endif()
# The CPU flags go to every compile and link through the top-level
# CMakeLists.txt (add_compile_options), so that a CMAKE_C_FLAGS or
# CMAKE_CXX_FLAGS of the user's adds to them instead of replacing them;
# the *_INIT copies serve CMake's own checks.
string(REPLACE ";" " " _spud_cpu "${SPUD_CORTEX_M_CPU_FLAGS}")
set(CMAKE_C_FLAGS_INIT "${_spud_cpu}")
set(CMAKE_CXX_FLAGS_INIT "${_spud_cpu}")
set(CMAKE_ASM_FLAGS_INIT "${_spud_cpu}")
# newlib-nano, and stubs for the system calls a bare-metal program never makes.
set(CMAKE_EXE_LINKER_FLAGS_INIT "${_spud_cpu} --specs=nano.specs --specs=nosys.specs")

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
