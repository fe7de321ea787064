# Runs at install time (cmake --install, cpack): writes kb.conf and the systemd units for the
# prefix being installed to. /usr (the Debian package) gets /etc/kb and /lib/systemd/system,
# any other prefix P gets P/etc/kb and P/lib/systemd/system (systemd reads
# /usr/local/lib/systemd/system too). An existing kb.conf is kept: it is the operator's.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(kb_etc "/etc")
  set(kb_unit_dir "/lib/systemd/system")
else()
  set(kb_etc "${CMAKE_INSTALL_PREFIX}/etc")
  set(kb_unit_dir "${CMAKE_INSTALL_PREFIX}/lib/systemd/system")
endif()
set(KB_BINDIR "${CMAKE_INSTALL_PREFIX}/${KB_INSTALL_BINDIR}")
set(KB_CONFDIR "${kb_etc}/kb")

set(units "${KB_DEPLOY_BINARY_DIR}/systemd")
foreach(unit kb-searchd.service kb-index.service)
  configure_file("${KB_DEPLOY_SOURCE_DIR}/systemd/${unit}.in" "${units}/${unit}" @ONLY)
endforeach()
file(INSTALL "${units}/kb-searchd.service" "${units}/kb-index.service"
             "${KB_DEPLOY_SOURCE_DIR}/systemd/kb-index.path"
             "${KB_DEPLOY_SOURCE_DIR}/systemd/kb-index.timer"
     DESTINATION "${kb_unit_dir}" FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

if(EXISTS "$ENV{DESTDIR}${KB_CONFDIR}/kb.conf")
  message(STATUS "Kept: $ENV{DESTDIR}${KB_CONFDIR}/kb.conf (yours; the default is "
                 "${KB_DEPLOY_SOURCE_DIR}/kb.conf)")
else()
  file(INSTALL "${KB_DEPLOY_SOURCE_DIR}/kb.conf" DESTINATION "${KB_CONFDIR}"
       FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endif()
