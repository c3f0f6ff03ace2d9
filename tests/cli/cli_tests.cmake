# CLI end-to-end tests: the real vae-studio binary driven by tests/cli/cli_test.sh, one ctest per case.
# "train" produces the run that resume/sample read (a fixture), so ctest -j orders them correctly.
set(VAE_CLI_TEST_DRIVER ${CMAKE_CURRENT_LIST_DIR}/cli_test.sh)
set(VAE_CLI_TEST_WORKDIR ${CMAKE_CURRENT_BINARY_DIR}/cli)

foreach(case help train resume sample bad-args info-dataset bench bench-gui bench-explore bench-soak numerics sigint export distributed)
  add_test(NAME cli_${case}
           COMMAND bash ${VAE_CLI_TEST_DRIVER} $<TARGET_FILE:vae-studio> ${VAE_CLI_TEST_WORKDIR} ${case})
  set_tests_properties(cli_${case} PROPERTIES ENVIRONMENT "${VAE_CLI_TEST_ENV}" TIMEOUT 120 LABELS cli)
endforeach()

# Five measured seconds plus start-up and training warm-up: well under a minute.
set_tests_properties(cli_bench-explore PROPERTIES TIMEOUT 60)
set_tests_properties(cli_train PROPERTIES FIXTURES_SETUP vae_cli_run)
set_tests_properties(cli_resume cli_sample cli_export PROPERTIES FIXTURES_REQUIRED vae_cli_run)

# Fashion-MNIST quality (about a minute on one core).
add_test(NAME quality_fashion_mnist_mlp
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/quality_test.sh $<TARGET_FILE:vae-studio> ${VAE_CLI_TEST_WORKDIR}/quality)
set_tests_properties(quality_fashion_mnist_mlp PROPERTIES ENVIRONMENT "${VAE_CLI_TEST_ENV}" TIMEOUT 600
                     SKIP_RETURN_CODE 77 LABELS quality)
