# The android-arm64 preset's toolchain file: the NDK's own, found through
# the ANDROID_NDK environment variable (or -DANDROID_NDK=...), with a clear
# error before anything else when neither is set or the NDK is not there.
if(NOT ANDROID_NDK AND DEFINED ENV{ANDROID_NDK})
  set(ANDROID_NDK "$ENV{ANDROID_NDK}")
endif()
if(NOT ANDROID_NDK)
  message(FATAL_ERROR "android-arm64 needs the Android NDK: set ANDROID_NDK to its directory "
                      "(export ANDROID_NDK=/path/to/android-ndk-r26, or -DANDROID_NDK=...). Without an NDK, "
                      "the android-standin preset builds libspud.so with clang and LLVM's shared libc++ "
                      "(platforms/android/README.md).")
endif()
set(_spud_ndk_toolchain "${ANDROID_NDK}/build/cmake/android.toolchain.cmake")
if(NOT EXISTS "${_spud_ndk_toolchain}")
  message(FATAL_ERROR "ANDROID_NDK=${ANDROID_NDK} is not an Android NDK: ${_spud_ndk_toolchain} does not exist")
endif()
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES ANDROID_NDK)
include("${_spud_ndk_toolchain}")
