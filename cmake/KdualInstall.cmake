# `cmake --install`: kdual and kubectl-dual (so `kubectl dual ...` works as
# a kubectl plugin), bash and zsh completions, the docs, and the golden
# corpus and scenarios (share/kdual), laid out by GNUInstallDirs. CPack
# makes a .deb of the same (cpack -G DEB in the build folder).
include(GNUInstallDirs)
install(TARGETS kdual RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(PROGRAMS "${PROJECT_SOURCE_DIR}/packaging/kubectl-dual" DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES "${PROJECT_SOURCE_DIR}/packaging/kdual.bash"
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME kdual)
install(FILES "${PROJECT_SOURCE_DIR}/packaging/_kdual" DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
install(FILES "${PROJECT_SOURCE_DIR}/README.md" DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs/" DESTINATION ${CMAKE_INSTALL_DOCDIR}
  FILES_MATCHING PATTERN "*.md")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/golden" "${PROJECT_SOURCE_DIR}/scenarios"
  DESTINATION ${CMAKE_INSTALL_DATADIR}/kdual)
install(FILES "${PROJECT_SOURCE_DIR}/versions.txt" DESTINATION ${CMAKE_INSTALL_DATADIR}/kdual)

set(CPACK_PACKAGE_NAME kdual)
set(CPACK_PACKAGE_VENDOR "kdual")
set(CPACK_PACKAGE_CONTACT "kdual maintainers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "What Kubernetes does with dual-stack Services, flags and clusters, per release")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # libcurl, libyaml, mimalloc: from the binary's own links
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
include(CPack)
