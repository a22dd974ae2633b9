# Opsets 7 to 21 (tests/opsets): models built with onnx.helper at old
# (7, 8) and new (18-21) opsets with numpy's outputs (make_models.py, one
# ctest per model), PyTorch exports at opsets 9 and 10 (export_torch.py),
# and the errors of --target-opset and of unknown opsets (cli_errors.sh).
# Each model is converted and run by tests/e2e/check_model.sh within 1e-4
# of the reference, relative to the output's scale. Uses SPUD_PYTHON from
# e2e.cmake.
set(SPUD_OPSETS_DATA ${PROJECT_BINARY_DIR}/opsets-data)
set(SPUD_OPSETS_DIR ${CMAKE_CURRENT_SOURCE_DIR}/opsets)
execute_process(COMMAND ${SPUD_PYTHON} ${SPUD_OPSETS_DIR}/make_models.py --list
                OUTPUT_VARIABLE _spud_opsets_cases RESULT_VARIABLE _spud_opsets_rc)
if(NOT _spud_opsets_rc EQUAL 0)
  message(FATAL_ERROR "tests/opsets/make_models.py --list failed")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${SPUD_OPSETS_DIR}/make_models.py)
string(REPLACE "\n" ";" _spud_opsets_cases "${_spud_opsets_cases}")
list(FILTER _spud_opsets_cases EXCLUDE REGEX "^$")

add_test(NAME opsets_make_models COMMAND ${SPUD_PYTHON} ${SPUD_OPSETS_DIR}/make_models.py ${SPUD_OPSETS_DATA}/models)
set_tests_properties(opsets_make_models PROPERTIES FIXTURES_SETUP opsets_models TIMEOUT 300)
foreach(name IN LISTS _spud_opsets_cases)
  add_test(NAME opsets_${name}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
            ${SPUD_OPSETS_DATA}/models/${name} ${PROJECT_BINARY_DIR}/opsets-out/${name})
  set_tests_properties(opsets_${name} PROPERTIES FIXTURES_REQUIRED opsets_models TIMEOUT 120)
endforeach()

# The symbolic batch fixed with --dim: a planned file.
add_test(NAME opsets_shape_chain_batch_fixed
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
          ${SPUD_OPSETS_DATA}/models/shape_chain_symbolic_batch_20 ${PROJECT_BINARY_DIR}/opsets-out/shape_chain_batch_fixed
          --dim batch=2)
set_tests_properties(opsets_shape_chain_batch_fixed PROPERTIES FIXTURES_REQUIRED opsets_models TIMEOUT 120)

add_test(NAME opsets_export_torch COMMAND ${SPUD_PYTHON} ${SPUD_OPSETS_DIR}/export_torch.py ${SPUD_OPSETS_DATA}/torch)
set_tests_properties(opsets_export_torch PROPERTIES FIXTURES_SETUP opsets_torch TIMEOUT 300)
foreach(opset IN ITEMS 9 10)
  add_test(NAME opsets_torch_opset${opset}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
            ${SPUD_OPSETS_DATA}/torch/torch_opset${opset} ${PROJECT_BINARY_DIR}/opsets-out/torch_opset${opset})
  set_tests_properties(opsets_torch_opset${opset} PROPERTIES FIXTURES_REQUIRED opsets_torch TIMEOUT 120)
endforeach()
# The opset-9 export converted to opset 13 on request.
add_test(NAME opsets_torch_opset9_target13
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
          ${SPUD_OPSETS_DATA}/torch/torch_opset9 ${PROJECT_BINARY_DIR}/opsets-out/torch_opset9_target13 --target-opset 13)
set_tests_properties(opsets_torch_opset9_target13 PROPERTIES FIXTURES_REQUIRED opsets_torch TIMEOUT 120)

add_test(NAME opsets_cli_errors
  COMMAND bash ${SPUD_OPSETS_DIR}/cli_errors.sh $<TARGET_FILE:spud_cli> ${SPUD_OPSETS_DATA}/torch
          ${SPUD_OPSETS_DATA}/models ${PROJECT_BINARY_DIR}/opsets-out/cli_errors)
set_tests_properties(opsets_cli_errors PROPERTIES FIXTURES_REQUIRED "opsets_torch;opsets_models" TIMEOUT 120)

# torchvision's resnet18 (e2e.cmake's export) with its opset import raised
# to 21: the whole network without ONNX's checker and inference, optimized
# and run as at opset 13, against PyTorch's output.
add_test(NAME opsets_reimport_resnet18_21
  COMMAND ${SPUD_PYTHON} ${SPUD_OPSETS_DIR}/reimport.py ${SPUD_E2E_DATA}/resnet18 ${SPUD_OPSETS_DATA}/resnet18_21 21)
set_tests_properties(opsets_reimport_resnet18_21 PROPERTIES FIXTURES_REQUIRED e2e_data FIXTURES_SETUP opsets_resnet18_21
                     TIMEOUT 300)
add_test(NAME opsets_resnet18_opset21
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
          ${SPUD_OPSETS_DATA}/resnet18_21 ${PROJECT_BINARY_DIR}/opsets-out/resnet18_21)
set_tests_properties(opsets_resnet18_opset21 PROPERTIES FIXTURES_REQUIRED opsets_resnet18_21 TIMEOUT 300)
