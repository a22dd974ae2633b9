# End-to-end tests of the recurrent layers: PyTorch exports nn.LSTM, nn.GRU
# and nn.RNN (export_rnn.py) with a symbolic sequence axis and its outputs
# at two sequence lengths; spud converts the model once per length
# (--dim seq=N) and must agree with every output within 1e-4 relative to
# the output's scale. Uses SPUD_E2E_DATA and SPUD_PYTHON from e2e.cmake.
set(SPUD_RNN_MODELS lstm2 lstm2_bidirectional gru2 gru_bidirectional rnn_relu rnn_tanh)
set(SPUD_RNN_SEQ_LENS 5 9)  # data sets 0 and 1, as export_rnn.py writes them

add_test(NAME e2e_export_rnn
  COMMAND ${SPUD_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/export_rnn.py ${SPUD_E2E_DATA}/rnn)
set_tests_properties(e2e_export_rnn PROPERTIES FIXTURES_SETUP e2e_rnn_data TIMEOUT 600)
foreach(model IN LISTS SPUD_RNN_MODELS)
  set(set_index 0)
  foreach(seq IN LISTS SPUD_RNN_SEQ_LENS)
    add_test(NAME e2e_${model}_seq${seq}
      COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
              ${SPUD_E2E_DATA}/rnn/${model} ${PROJECT_BINARY_DIR}/e2e-out/rnn/${model}_seq${seq} --dim seq=${seq})
    set_tests_properties(e2e_${model}_seq${seq} PROPERTIES FIXTURES_REQUIRED e2e_rnn_data TIMEOUT 300
                         ENVIRONMENT "SPUD_DATA_SET=test_data_set_${set_index}")
    math(EXPR set_index "${set_index} + 1")
  endforeach()
endforeach()
# And once without --dim: the sequence axis stays symbolic, and one file
# runs at both lengths.
foreach(model IN LISTS SPUD_RNN_MODELS)
  add_test(NAME e2e_${model}_any_seq
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/check_model.sh $<TARGET_FILE:spud_cli>
            ${SPUD_E2E_DATA}/rnn/${model} ${PROJECT_BINARY_DIR}/e2e-out/rnn/${model}_any_seq)
  set_tests_properties(e2e_${model}_any_seq PROPERTIES FIXTURES_REQUIRED e2e_rnn_data TIMEOUT 300)
endforeach()
