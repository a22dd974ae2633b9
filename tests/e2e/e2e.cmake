# End-to-end tests: PyTorch exports each torchvision model (random weights,
# fixed seed) with its own output; spud converts and runs it; the outputs
# must agree within 1e-4 relative to the output's scale.
set(SPUD_E2E_MODELS mobilenet_v2 resnet18 squeezenet1_1 efficientnet_b0 googlenet shufflenet_v2_x1_0 mnasnet1_0)
set(SPUD_E2E_DATA ${PROJECT_BINARY_DIR}/e2e-data)
set(SPUD_PYTHON /usr/bin/python3)

add_test(NAME e2e_export_torchvision
  COMMAND ${SPUD_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/export_torchvision.py ${SPUD_E2E_DATA})
set_tests_properties(e2e_export_torchvision PROPERTIES FIXTURES_SETUP e2e_data TIMEOUT 1200)

# The same models as PyTorch exports them by default (BN folded by the
# exporter, its constant folding, a dynamic batch axis spud fixes to 1).
set(SPUD_E2E_DEFAULT_MODELS resnet18 shufflenet_v2_x1_0)
string(REPLACE ";" "," SPUD_E2E_DEFAULT_LIST "${SPUD_E2E_DEFAULT_MODELS}")
add_test(NAME e2e_export_torchvision_default
  COMMAND ${SPUD_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/export_torchvision.py ${SPUD_E2E_DATA}
          --variant default --models ${SPUD_E2E_DEFAULT_LIST})
set_tests_properties(e2e_export_torchvision_default PROPERTIES FIXTURES_SETUP e2e_data_default TIMEOUT 1200)
foreach(model IN LISTS SPUD_E2E_DEFAULT_MODELS)
  add_test(NAME e2e_${model}_default
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
            ${SPUD_E2E_DATA}/${model}_default ${PROJECT_BINARY_DIR}/e2e-out/${model}_default)
  set_tests_properties(e2e_${model}_default PROPERTIES FIXTURES_REQUIRED e2e_data_default TIMEOUT 600)
endforeach()

# Each model twice: with the NHWC layout pass (the default) and without it.
foreach(model IN LISTS SPUD_E2E_MODELS)
  add_test(NAME e2e_${model}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
            ${SPUD_E2E_DATA}/${model} ${PROJECT_BINARY_DIR}/e2e-out/${model})
  add_test(NAME e2e_${model}_nchw
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
            ${SPUD_E2E_DATA}/${model} ${PROJECT_BINARY_DIR}/e2e-out/${model}_nchw --layout nchw)
  set_tests_properties(e2e_${model} e2e_${model}_nchw PROPERTIES FIXTURES_REQUIRED e2e_data TIMEOUT 600)
endforeach()

# Pre-packed weights (--prepack), used in place: mobilenet_v2 has the 1x1
# products, resnet18 the Winograd and gathered ones.
foreach(model IN ITEMS mobilenet_v2 resnet18)
  add_test(NAME e2e_${model}_prepack
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
            ${SPUD_E2E_DATA}/${model} ${PROJECT_BINARY_DIR}/e2e-out/${model}_prepack --prepack)
  set_tests_properties(e2e_${model}_prepack PROPERTIES FIXTURES_REQUIRED e2e_data TIMEOUT 600)
endforeach()

add_test(NAME e2e_digits_demo COMMAND bash ${PROJECT_SOURCE_DIR}/examples/digits/run_demo.sh ${PROJECT_BINARY_DIR})

# Models exported with dynamic axes: converted once without --dim, run at
# every data set's shape (tests/e2e/export_dynamic.py).
add_test(NAME e2e_export_dynamic
  COMMAND ${SPUD_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/export_dynamic.py ${SPUD_E2E_DATA}/dynamic)
set_tests_properties(e2e_export_dynamic PROPERTIES FIXTURES_SETUP e2e_data_dynamic TIMEOUT 600)
foreach(model IN ITEMS seq_conv image encoder crnn)
  add_test(NAME e2e_dynamic_${model}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
            ${SPUD_E2E_DATA}/dynamic/${model} ${PROJECT_BINARY_DIR}/e2e-out/dynamic_${model})
  set_tests_properties(e2e_dynamic_${model} PROPERTIES FIXTURES_REQUIRED e2e_data_dynamic TIMEOUT 600)
endforeach()
# The same, with every symbolic dimension bounded: planned for the bounds.
add_test(NAME e2e_dynamic_seq_conv_bounded
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
          ${SPUD_E2E_DATA}/dynamic/seq_conv ${PROJECT_BINARY_DIR}/e2e-out/dynamic_seq_conv_bounded
          --dim batch=1..3 --dim seq=..64)
add_test(NAME e2e_dynamic_image_bounded
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
          ${SPUD_E2E_DATA}/dynamic/image ${PROJECT_BINARY_DIR}/e2e-out/dynamic_image_bounded
          --dim n=1..2 --dim h=16..64 --dim w=16..64)
add_test(NAME e2e_dynamic_encoder_bounded
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
          ${SPUD_E2E_DATA}/dynamic/encoder ${PROJECT_BINARY_DIR}/e2e-out/dynamic_encoder_bounded
          --dim batch=1..2 --dim seq=1..40)
set_tests_properties(e2e_dynamic_seq_conv_bounded e2e_dynamic_image_bounded e2e_dynamic_encoder_bounded PROPERTIES
  FIXTURES_REQUIRED e2e_data_dynamic TIMEOUT 600)

# Control flow: a torch.jit.script model with data-dependent loops and a
# branch (ONNX Loop and If), its row count symbolic, converted once and run
# at every data set's size (tests/e2e/export_control_flow.py).
add_test(NAME e2e_export_control_flow
  COMMAND ${SPUD_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/export_control_flow.py ${SPUD_E2E_DATA}/control_flow)
set_tests_properties(e2e_export_control_flow PROPERTIES FIXTURES_SETUP e2e_data_control_flow TIMEOUT 600)
add_test(NAME e2e_control_flow_loop_branch
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
          ${SPUD_E2E_DATA}/control_flow/loop_branch ${PROJECT_BINARY_DIR}/e2e-out/control_flow_loop_branch)
set_tests_properties(e2e_control_flow_loop_branch PROPERTIES FIXTURES_REQUIRED e2e_data_control_flow TIMEOUT 600)

# Hand-built control flow (onnx.helper) against numpy's outputs: an If inside
# a Loop reading an outer value, Scan along other axes and in reverse, an If
# whose branches differ in shape (tests/e2e/make_control_flow_models.py).
add_test(NAME e2e_make_control_flow_models
  COMMAND ${SPUD_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/make_control_flow_models.py ${SPUD_E2E_DATA}/control_flow_hand)
set_tests_properties(e2e_make_control_flow_models PROPERTIES FIXTURES_SETUP e2e_data_control_flow_hand TIMEOUT 300)
foreach(model IN ITEMS nested_loop_if scan_axes if_shapes)
  add_test(NAME e2e_control_flow_${model}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
            ${SPUD_E2E_DATA}/control_flow_hand/${model} ${PROJECT_BINARY_DIR}/e2e-out/control_flow_${model})
  set_tests_properties(e2e_control_flow_${model} PROPERTIES FIXTURES_REQUIRED e2e_data_control_flow_hand TIMEOUT 300)
endforeach()

# Hand-built sequences (onnx.helper) against numpy's outputs: SplitToSequence,
# SequenceInsert/Erase/At/Length, ConcatFromSequence with and without a new
# axis (tests/e2e/make_sequence_models.py).
add_test(NAME e2e_make_sequence_models
  COMMAND ${SPUD_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/make_sequence_models.py ${SPUD_E2E_DATA}/sequence_hand)
set_tests_properties(e2e_make_sequence_models PROPERTIES FIXTURES_SETUP e2e_data_sequence_hand TIMEOUT 300)
add_test(NAME e2e_sequence_split_insert_erase
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
          ${SPUD_E2E_DATA}/sequence_hand/split_insert_erase ${PROJECT_BINARY_DIR}/e2e-out/sequence_split_insert_erase)
set_tests_properties(e2e_sequence_split_insert_erase PROPERTIES FIXTURES_REQUIRED e2e_data_sequence_hand TIMEOUT 300)

# Sequence and optional graph inputs and outputs through spud run (ONNX's own
# node tests: SequenceProto/OptionalProto files in and out), and the error
# for a sequence input given no file.
foreach(case IN ITEMS sequence_insert_at_back identity_sequence identity_opt optional_get_element_sequence
                      if_opt loop16_seq_none)
  add_test(NAME e2e_values_${case}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
            ${PROJECT_BINARY_DIR}/onnx-node-tests/node/test_${case} ${PROJECT_BINARY_DIR}/e2e-out/values_${case})
  set_tests_properties(e2e_values_${case} PROPERTIES FIXTURES_REQUIRED onnx_node_tests TIMEOUT 120)
endforeach()
add_test(NAME e2e_values_sequence_input_needs_a_file
  COMMAND bash -c "'$<TARGET_FILE:spud_cli>' convert '${PROJECT_BINARY_DIR}/onnx-node-tests/node/test_identity_sequence/model.onnx' -o '${PROJECT_BINARY_DIR}/e2e-out/values_missing.spud' >/dev/null && ! '$<TARGET_FILE:spud_cli>' run '${PROJECT_BINARY_DIR}/e2e-out/values_missing.spud' --random 2>&1")
set_tests_properties(e2e_values_sequence_input_needs_a_file PROPERTIES FIXTURES_REQUIRED onnx_node_tests TIMEOUT 120
  PASS_REGULAR_EXPRESSION "is a sequence: give it as a file \\(--input")
