# spud_embed_model(target file): compiles a model into `target` as
#   extern "C" const unsigned char spud_model_data[];  (64-byte aligned)
#   extern "C" const size_t spud_model_size;
# `file` is a .spud file, embedded with the assembler's .incbin (fast for
# models of any size), or the C array `spud convert --emit-c` writes (.c).
function(spud_embed_model target file)
  get_filename_component(embed "${file}" ABSOLUTE BASE_DIR ${CMAKE_BINARY_DIR})
  if(NOT EXISTS "${embed}")
    message(FATAL_ERROR "SPUD_EMBED_MODEL: ${embed} does not exist")
  endif()
  if(embed MATCHES "\\.c$")
    target_sources(${target} PRIVATE ${embed})
  else()
    set(SPUD_EMBED_MODEL_PATH "${embed}")
    set(asm ${CMAKE_CURRENT_BINARY_DIR}/${target}_embed_model.S)
    configure_file(${PROJECT_SOURCE_DIR}/cmake/embed_model.S.in ${asm} @ONLY)
    target_sources(${target} PRIVATE ${asm})
    set_source_files_properties(${asm} PROPERTIES OBJECT_DEPENDS ${embed})
  endif()
  target_compile_definitions(${target} PRIVATE SPUD_EMBEDDED_MODEL)
endfunction()
