# End-to-end tests: PyTorch exports each torchvision model (random weights,
# fixed seed) with its own output; spud converts and runs it; the outputs
# must agree within 1e-4 relative to the output's scale.
set(SPUD_E2E_MODELS mobilenet_v2 resnet18 squeezenet1_1 efficientnet_b0 googlenet shufflenet_v2_x1_0 mnasnet1_0)
set(SPUD_E2E_DATA ${PROJECT_BINARY_DIR}/e2e-data)
set(SPUD_PYTHON /usr/bin/python3)

add_test(NAME e2e_export_torchvision
  COMMAND ${SPUD_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/export_torchvision.py ${SPUD_E2E_DATA})
set_tests_properties(e2e_export_torchvision PROPERTIES FIXTURES_SETUP e2e_data TIMEOUT 1200)

foreach(model IN LISTS SPUD_E2E_MODELS)
  add_test(NAME e2e_${model}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
            ${SPUD_E2E_DATA}/${model} ${PROJECT_BINARY_DIR}/e2e-out/${model})
  set_tests_properties(e2e_${model} PROPERTIES FIXTURES_REQUIRED e2e_data TIMEOUT 600)
endforeach()

add_test(NAME e2e_digits_demo COMMAND bash ${PROJECT_SOURCE_DIR}/examples/digits/run_demo.sh ${PROJECT_BINARY_DIR})
