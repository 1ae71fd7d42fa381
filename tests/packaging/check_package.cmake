# The packaging_consumer test (see CMakeLists.txt next to this file):
#   1. cpack -G DEB on the build tree BUILD_DIR, into WORK_DIR/package;
#   2. the package lists the browser, the libraries, their headers (include/qtorm/orm/...,
#      include/qtorm/ui/...), the CMake package, the desktop file, the AppStream metadata and
#      the icon;
#   3. unpacked with dpkg-deb -x into WORK_DIR/root: no absolute path of the build or source
#      tree in the CMake files, the desktop file and metadata validate (when the validators are
#      installed), the browser runs;
#   4. consumer/ is configured against the unpacked tree (CMAKE_PREFIX_PATH), built and run.
#
#   cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -DCPACK_COMMAND=... -DGENERATOR=...
#         -DCXX_COMPILER=... [-DCXX_LAUNCHER=...] -DBUILD_TYPE=... -DVERSION=...
#         -P check_package.cmake
cmake_minimum_required(VERSION 3.25)

foreach(var BUILD_DIR SOURCE_DIR WORK_DIR CPACK_COMMAND GENERATOR CXX_COMPILER VERSION)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "check_package.cmake: -D${var}=... is required")
  endif()
endforeach()

# Runs a command; on failure prints its output and stops. Its output is left in `run_output`.
function(run)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "WORKING_DIRECTORY" "COMMAND")
  if(NOT arg_WORKING_DIRECTORY)
    set(arg_WORKING_DIRECTORY "${WORK_DIR}")
  endif()
  execute_process(COMMAND ${arg_COMMAND}
    WORKING_DIRECTORY "${arg_WORKING_DIRECTORY}"
    RESULT_VARIABLE status
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output)
  if(NOT status EQUAL 0)
    string(JOIN " " shown ${arg_COMMAND})
    message(FATAL_ERROR "FAILED (${status}): ${shown}\n${output}")
  endif()
  set(run_output "${output}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# --- 1. the package ------------------------------------------------------------------------
message(STATUS "cpack -G DEB in ${BUILD_DIR}")
run(COMMAND "${CPACK_COMMAND}" -G DEB -B "${WORK_DIR}/package"
    --config "${BUILD_DIR}/CPackConfig.cmake"
    WORKING_DIRECTORY "${BUILD_DIR}")
file(GLOB debs "${WORK_DIR}/package/*.deb")
list(LENGTH debs count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "expected one .deb in ${WORK_DIR}/package, found: ${debs}")
endif()
message(STATUS "package: ${debs}")

# --- 2. what it holds ----------------------------------------------------------------------
run(COMMAND dpkg-deb --field "${debs}" Package Version Depends)
foreach(field "Package: qtorm" "Version: ${VERSION}" "Depends: .*libqt6sql6-sqlite")
  if(NOT run_output MATCHES "${field}")
    message(FATAL_ERROR "the package's control fields lack \"${field}\":\n${run_output}")
  endif()
endforeach()

run(COMMAND dpkg-deb --contents "${debs}")
set(listing "${run_output}")
# Paths as dpkg-deb lists them; libraries under lib/ (or a multiarch folder of it), static or
# shared.
set(expected_paths
  "usr/bin/qtorm-browser"
  "usr/lib/([^ \n]*/)?libqtorm\\.(a|so)"
  "usr/lib/([^ \n]*/)?libqtorm-ui\\.(a|so)"
  "usr/include/qtorm/orm/orm\\.h"
  "usr/include/qtorm/orm/session/session\\.h"
  "usr/include/qtorm/orm/sql/dialect\\.h"
  "usr/include/qtorm/ui/entitytablemodel\\.h"
  "usr/include/qtorm/ui/tableexport\\.h"
  "usr/lib/([^ \n]*/)?cmake/QtOrm/QtOrmConfig\\.cmake"
  "usr/lib/([^ \n]*/)?cmake/QtOrm/QtOrmConfigVersion\\.cmake"
  "usr/lib/([^ \n]*/)?cmake/QtOrm/QtOrmTargets\\.cmake"
  "usr/share/applications/io\\.github\\.qtorm\\.Browser\\.desktop"
  "usr/share/metainfo/io\\.github\\.qtorm\\.Browser\\.metainfo\\.xml"
  "usr/share/icons/hicolor/scalable/apps/qtorm\\.svg")
foreach(path IN LISTS expected_paths)
  if(NOT listing MATCHES " \\./${path}\n")
    message(FATAL_ERROR "the package lacks ${path}:\n${listing}")
  endif()
endforeach()
# Nothing of the build tree or of the tests: no test executables, no private headers.
foreach(path "tst_" "_p\\.h" "qtorm_testsupport" "qtorm_browser_lib")
  if(listing MATCHES "${path}")
    message(FATAL_ERROR "the package holds files it should not (${path}):\n${listing}")
  endif()
endforeach()

# --- 3. unpacked -----------------------------------------------------------------------------
set(root "${WORK_DIR}/root")
run(COMMAND dpkg-deb -x "${debs}" "${root}")
file(GLOB_RECURSE cmake_files "${root}/usr/lib/*.cmake")
if(NOT cmake_files)
  message(FATAL_ERROR "no CMake files under ${root}/usr/lib")
endif()
foreach(file IN LISTS cmake_files)
  file(READ "${file}" text)
  foreach(tree "${BUILD_DIR}" "${SOURCE_DIR}")
    string(FIND "${text}" "${tree}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${file} names ${tree}: the installed package must be relocatable")
    endif()
  endforeach()
endforeach()

if(DEFINED ENV{CI})
  set(QTORM_MISSING_TOOL FATAL_ERROR)
else()
  set(QTORM_MISSING_TOOL STATUS)
endif()
find_program(DESKTOP_FILE_VALIDATE desktop-file-validate)
if(DESKTOP_FILE_VALIDATE)
  run(COMMAND "${DESKTOP_FILE_VALIDATE}"
      "${root}/usr/share/applications/io.github.qtorm.Browser.desktop")
else()
  # scripts/install-deps.sh installs it: under CI a missing validator is a failure, not a skip.
  message(${QTORM_MISSING_TOOL} "desktop-file-validate not installed (Debian: desktop-file-utils)")
endif()
find_program(APPSTREAMCLI appstreamcli)
if(APPSTREAMCLI)
  run(COMMAND "${APPSTREAMCLI}" validate --no-net
      "${root}/usr/share/metainfo/io.github.qtorm.Browser.metainfo.xml")
else()
  message(${QTORM_MISSING_TOOL} "appstreamcli not installed (Debian: appstream)")
endif()

# The packaged browser starts (and says its version) from where the package put it.
run(COMMAND "${root}/usr/bin/qtorm-browser" --version)
if(NOT run_output MATCHES "${VERSION}")
  message(FATAL_ERROR "qtorm-browser --version said: ${run_output}")
endif()

# --- 4. a project of someone else's ----------------------------------------------------------
set(consumer_build "${WORK_DIR}/consumer")
set(configure_args
  -S "${SOURCE_DIR}/tests/packaging/consumer" -B "${consumer_build}" -G "${GENERATOR}"
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  "-DCMAKE_PREFIX_PATH=${root}/usr"
  # Only the unpacked package may provide QtOrm, never a build tree in CMake's package registry.
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
if(BUILD_TYPE)
  list(APPEND configure_args "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}")
endif()
if(CXX_LAUNCHER)
  list(APPEND configure_args "-DCMAKE_CXX_COMPILER_LAUNCHER=${CXX_LAUNCHER}")
endif()
message(STATUS "configure and build ${SOURCE_DIR}/tests/packaging/consumer")
run(COMMAND "${CMAKE_COMMAND}" ${configure_args})
file(STRINGS "${consumer_build}/CMakeCache.txt" found REGEX "^QtOrm_DIR:")
string(FIND "${found}" "QtOrm_DIR:PATH=${root}/usr/lib/" at)
if(NOT at EQUAL 0)
  message(FATAL_ERROR "the consumer found QtOrm elsewhere than in the package: ${found}")
endif()
run(COMMAND "${CMAKE_COMMAND}" --build "${consumer_build}")
run(COMMAND "${consumer_build}/qtorm-consumer")
if(NOT run_output MATCHES "read back what was written")
  message(FATAL_ERROR "the consumer said: ${run_output}")
endif()
message(STATUS "the consumer built against the package and ${run_output}")
