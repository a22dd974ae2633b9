# spud_embed_file(target symbol size_symbol file align): compiles the bytes of
# `file` into `target` as
#   extern "C" const unsigned char <symbol>[];  (`align`-byte aligned)
#   extern "C" const size_t <size_symbol>;
# with the assembler's .incbin (fast for files of any size).
function(spud_embed_file target symbol size_symbol file align)
  get_filename_component(path "${file}" ABSOLUTE BASE_DIR ${CMAKE_BINARY_DIR})
  if(NOT EXISTS "${path}")
    message(FATAL_ERROR "${symbol}: ${path} does not exist")
  endif()
  set(SPUD_EMBED_PATH "${path}")
  set(SPUD_EMBED_SYMBOL ${symbol})
  set(SPUD_EMBED_SIZE_SYMBOL ${size_symbol})
  set(SPUD_EMBED_ALIGN ${align})
  set(asm ${CMAKE_CURRENT_BINARY_DIR}/${target}_embed_${symbol}.S)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/embed_file.S.in ${asm} @ONLY)
  target_sources(${target} PRIVATE ${asm})
  set_source_files_properties(${asm} PROPERTIES OBJECT_DEPENDS ${path})
endfunction()

# spud_embed_model(target file): compiles a model into `target` as
#   extern "C" const unsigned char spud_model_data[];  (64-byte aligned)
#   extern "C" const size_t spud_model_size;
# `file` is a .spud file (embedded with spud_embed_file), or the C array
# `spud convert --emit-c` writes (.c).
function(spud_embed_model target file)
  get_filename_component(embed "${file}" ABSOLUTE BASE_DIR ${CMAKE_BINARY_DIR})
  if(NOT EXISTS "${embed}")
    message(FATAL_ERROR "SPUD_EMBED_MODEL: ${embed} does not exist")
  endif()
  if(embed MATCHES "\\.c$")
    target_sources(${target} PRIVATE ${embed})
  else()
    spud_embed_file(${target} spud_model_data spud_model_size "${embed}" 64)
  endif()
  target_compile_definitions(${target} PRIVATE SPUD_EMBEDDED_MODEL)
endfunction()
