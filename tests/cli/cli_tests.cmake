# CLI end-to-end tests: the real vae-studio binary driven by tests/cli/cli_test.sh, one ctest per case.
# "train" produces the run that resume/sample read (a fixture), so ctest -j orders them correctly.
set(VAE_CLI_TEST_DRIVER ${CMAKE_CURRENT_LIST_DIR}/cli_test.sh)
set(VAE_CLI_TEST_WORKDIR ${CMAKE_CURRENT_BINARY_DIR}/cli)

foreach(case help train resume sample autoencoder cvae compare eval bad-args info-dataset info-folder bench bench-gui bench-explore bench-soak numerics sigint export mutual-information distributed precision)
  add_test(NAME cli_${case}
           COMMAND bash ${VAE_CLI_TEST_DRIVER} $<TARGET_FILE:vae-studio> ${VAE_CLI_TEST_WORKDIR} ${case})
  set_tests_properties(cli_${case} PROPERTIES ENVIRONMENT "${VAE_CLI_TEST_ENV}" TIMEOUT 120 LABELS cli)
endforeach()

# What goes where (results on stdout, progress on stderr), --version on every sub-command, sample/export
# --json and CSV numbers that hold float32: tests/cli/cli_output_test.sh, one ctest per case.
foreach(case progress version sample-json export-json csv-float32)
  add_test(NAME cli_${case}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli_output_test.sh $<TARGET_FILE:vae-studio> ${VAE_CLI_TEST_WORKDIR}
                   ${case})
  set_tests_properties(cli_${case} PROPERTIES ENVIRONMENT "${VAE_CLI_TEST_ENV}" TIMEOUT 120 LABELS cli)
endforeach()
set_tests_properties(cli_sample-json cli_export-json cli_csv-float32 PROPERTIES FIXTURES_REQUIRED vae_cli_run)

# Keys posted at a fixed rate: at least 500 + 100 presses at 60 Hz and 200 at 30 Hz (~17 s), plus start-up,
# the scatter's codes and a 30x30 grid decoded on a loaded machine.
set_tests_properties(cli_bench-explore PROPERTIES TIMEOUT 180)
set_tests_properties(cli_train PROPERTIES FIXTURES_SETUP vae_cli_run)
set_tests_properties(cli_resume cli_sample cli_export cli_mutual-information cli_autoencoder cli_cvae cli_compare cli_eval PROPERTIES
                     FIXTURES_REQUIRED vae_cli_run)

# Fashion-MNIST quality (about a minute on one core).
add_test(NAME quality_fashion_mnist_mlp
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/quality_test.sh $<TARGET_FILE:vae-studio> ${VAE_CLI_TEST_WORKDIR}/quality)
set_tests_properties(quality_fashion_mnist_mlp PROPERTIES ENVIRONMENT "${VAE_CLI_TEST_ENV}" TIMEOUT 600
                     SKIP_RETURN_CODE 77 LABELS quality)

# Malformed inputs (tests/malformed/cases.tsv): one ctest per case, each a single short vae-studio run that
# must fail with exit code 2 and one stderr line naming the file.
set(VAE_MALFORMED_CASES ${CMAKE_CURRENT_LIST_DIR}/../malformed/cases.tsv)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${VAE_MALFORMED_CASES})
file(STRINGS ${VAE_MALFORMED_CASES} malformed_lines REGEX "^[a-z]")
foreach(line ${malformed_lines})
  string(REGEX MATCH "^[^\t]+" malformed_case "${line}")
  if(malformed_case STREQUAL "name")
    continue()  # the column header
  endif()
  add_test(NAME cli_malformed_${malformed_case}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/malformed_test.sh $<TARGET_FILE:vae-studio>
                   ${VAE_CLI_TEST_WORKDIR}/malformed ${malformed_case})
  set_tests_properties(cli_malformed_${malformed_case} PROPERTIES ENVIRONMENT "${VAE_CLI_TEST_ENV}" TIMEOUT 60
                       LABELS "cli;malformed")
endforeach()

# Crash safety: kill -9 of `train` at seeded random moments (CRASH_TRIALS, default 50; CRASH_SEED, default 1),
# mid-step and mid-write; the checkpoint left must always load and resume. Its delays are calibrated on this
# machine's epoch period, so it runs alone (RUN_SERIAL): other tests starting and stopping beside it would
# move that period under it. About 2.5 minutes with its two trials side by side; the timeout leaves room.
add_test(NAME cli_crash_kill9
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/crash_test.sh $<TARGET_FILE:vae-studio> ${VAE_CLI_TEST_WORKDIR}/crash)
set_tests_properties(cli_crash_kill9 PROPERTIES ENVIRONMENT "${VAE_CLI_TEST_ENV}" TIMEOUT 600 RUN_SERIAL TRUE
                     LABELS cli)

# The BLAS kernel choice through the real binary: relaunch, user override, keep, a failing GEMM check.
add_test(NAME cli_blas_kernel
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/blas_test.sh $<TARGET_FILE:vae-studio> ${VAE_CLI_TEST_WORKDIR}/blas)
set_tests_properties(cli_blas_kernel PROPERTIES ENVIRONMENT "${VAE_CLI_TEST_ENV}" TIMEOUT 120 LABELS cli)

# Eleven processes one after another, two ranks side by side, and a 20 s wait for a killed rank: ~15 s alone,
# but beside a sanitizer build or the rest of the suite on 2 cores it once ran past 120 s. A hang guard only.
set_tests_properties(cli_distributed PROPERTIES TIMEOUT 300)
