# `cmake --install` puts libspud.a (and libspud.so when built), the public
# headers and a CMake package under the prefix, so that an application finds
# it with find_package(spud) and links spud::spud.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS spud ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
if(SPUD_BUILD_SHARED)
  install(TARGETS spud_shared LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/spud DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(SPUD_OPS_CONFIG)
  install(FILES ${SPUD_OPS_CONFIG_ABS} DESTINATION ${CMAKE_INSTALL_DATADIR}/spud
          RENAME operators.config)
endif()

# What libspud.a itself links, for spud::spud's INTERFACE_LINK_LIBRARIES:
# an application in C alone (no C++ linker) needs them named. The kernels
# call the C math library; a build with threads or XNNPACK needs those
# libraries (as this build found them) and the platform's threads.
set(SPUD_PACKAGE_LINK_LIBRARIES "")
set(SPUD_PACKAGE_THREADS OFF)
if(SPUD_WITH_XNNPACK)
  list(APPEND SPUD_PACKAGE_LINK_LIBRARIES ${SPUD_XNNPACK_LIBRARY})
endif()
if(SPUD_WITH_THREADS)
  list(APPEND SPUD_PACKAGE_LINK_LIBRARIES ${SPUD_PTHREADPOOL_LIBRARY})
endif()
if(SPUD_WITH_XNNPACK OR SPUD_WITH_THREADS)
  set(SPUD_PACKAGE_THREADS ON)
  list(APPEND SPUD_PACKAGE_LINK_LIBRARIES Threads::Threads)
endif()
list(APPEND SPUD_PACKAGE_LINK_LIBRARIES m)

set(SPUD_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/spud)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/spudConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/spudConfig.cmake
  INSTALL_DESTINATION ${SPUD_PACKAGE_DIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_LIBDIR)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/spudConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/spudConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/spudConfigVersion.cmake
        DESTINATION ${SPUD_PACKAGE_DIR})
