# Quantized operators (issue #13): ONNX Runtime's contrib operators of the
# com.microsoft domain, one model each from make_contrib_models.py with
# numpy's outputs from ContribOperators.md's formulas, converted and run by
# tests/e2e/check_model.sh; integer outputs must be equal (QLinearSigmoid's
# within one step: its exp and numpy's may differ by an ulp; QDQ groups the
# converter fuses within one step of the float graph's meaning). Uses
# SPUD_PYTHON from e2e.cmake.
set(SPUD_QUANT_DATA ${PROJECT_BINARY_DIR}/quant-data)
set(SPUD_QUANT_DIR ${CMAKE_CURRENT_SOURCE_DIR}/quant)
execute_process(COMMAND ${SPUD_PYTHON} ${SPUD_QUANT_DIR}/make_contrib_models.py --list
                OUTPUT_VARIABLE _spud_quant_cases RESULT_VARIABLE _spud_quant_rc)
if(NOT _spud_quant_rc EQUAL 0)
  message(FATAL_ERROR "tests/quant/make_contrib_models.py --list failed")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${SPUD_QUANT_DIR}/make_contrib_models.py)
string(REPLACE "\n" ";" _spud_quant_cases "${_spud_quant_cases}")
list(FILTER _spud_quant_cases EXCLUDE REGEX "^$")

add_test(NAME quant_make_contrib_models
  COMMAND ${SPUD_PYTHON} ${SPUD_QUANT_DIR}/make_contrib_models.py ${SPUD_QUANT_DATA}/contrib)
set_tests_properties(quant_make_contrib_models PROPERTIES FIXTURES_SETUP quant_contrib_models TIMEOUT 300)
foreach(name IN LISTS _spud_quant_cases)
  set(steps 0)
  if(name MATCHES "sigmoid|^qdq_")
    set(steps 1)
  endif()
  if(name MATCHES "^qdq_small_cnn")  # a step at each of its stages may carry on
    set(steps 2)
  endif()
  add_test(NAME quant_${name}
    COMMAND ${CMAKE_COMMAND} -E env SPUD_INT_STEPS=${steps}
            bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
            ${SPUD_QUANT_DATA}/contrib/${name} ${PROJECT_BINARY_DIR}/quant-out/${name})
  set_tests_properties(quant_${name} PROPERTIES FIXTURES_REQUIRED quant_contrib_models TIMEOUT 120)
endforeach()
# Which QDQ groups became quantized operators (and the one that must not).
add_test(NAME quant_qdq_fusion
  COMMAND ${SPUD_PYTHON} ${SPUD_QUANT_DIR}/check_fusion.py $<TARGET_FILE:spud_cli> ${SPUD_QUANT_DATA}/contrib
          ${PROJECT_BINARY_DIR}/quant-out/fusion)
set_tests_properties(quant_qdq_fusion PROPERTIES FIXTURES_REQUIRED quant_contrib_models TIMEOUT 120)

# spud quantize on the digits example: accuracy on the held-out split within
# a point of float, weights 3.5x smaller, quantized operators.
add_test(NAME quant_digits_quantize
  COMMAND ${SPUD_PYTHON} ${SPUD_QUANT_DIR}/digits_quantized.py $<TARGET_FILE:spud_cli> ${PROJECT_SOURCE_DIR}
          ${PROJECT_BINARY_DIR}/quant-out/digits)
set_tests_properties(quant_digits_quantize PROPERTIES TIMEOUT 300)
