# A stand-in for the Android NDK where it cannot be installed: clang with
# LLVM's shared libc++, which is what the NDK's c++_shared is. Used by CI to
# build libspud.so as an Android app would load it and to check that it
# exports spud's C API and nothing else.
#   cmake -S . -B build-so -DCMAKE_TOOLCHAIN_FILE=platforms/android/libcxx-standin.cmake
set(CMAKE_C_COMPILER clang-14)
set(CMAKE_CXX_COMPILER clang++-14)
set(CMAKE_CXX_FLAGS_INIT "-stdlib=libc++")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-stdlib=libc++")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-stdlib=libc++")
set(SPUD_MINIMAL ON CACHE BOOL "" FORCE)
set(SPUD_BUILD_SHARED ON CACHE BOOL "" FORCE)
