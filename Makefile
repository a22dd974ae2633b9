# The two commands a newcomer needs:
#   make demo   install dependencies, build, convert and run the digits example
#   make test   install dependencies, build, run every test
BUILD ?= build
JOBS ?= 2
CMAKE_FLAGS ?=

.PHONY: all deps build test demo asan fuzz operators-doc size bench clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

demo: build
	@bash examples/digits/run_demo.sh $(BUILD)

# docs/operators.md from this build's kernels and a conformance run.
operators-doc: build
	@cd $(BUILD) && ctest -R 'conformance_(generate|onnx_node_tests)' >/dev/null || true
	@/usr/bin/python3 tests/conformance/operators_report.py --spud $(BUILD)/bin/spud \
	  --report $(BUILD)/conformance-report.json --out docs/operators.md

# Minimal builds from scratch and their size by component (docs/size.md).
size: build
	@bash scripts/size.sh $(BUILD)

# spud and ONNX Runtime side by side on the torchvision models (docs/benchmarks.md).
BENCH_RUNS ?= 20
BENCH_ROUNDS ?= 5
BENCH_MODELS ?=
BENCH_THREADS ?= 1,2
bench: build
	@bash scripts/bench/install.sh
	@/usr/bin/python3 scripts/bench/bench.py --spud $(BUILD)/bin/spud --build $(BUILD) --runs $(BENCH_RUNS) --rounds $(BENCH_ROUNDS) \
	  --threads $(BENCH_THREADS) $(if $(BENCH_MODELS),--models $(BENCH_MODELS)) \
	  --out docs/benchmarks.md --chart docs/benchmarks.png

# Runtime, loader, converter and kernel tests under AddressSanitizer and
# UBSan (the torchvision e2e tests are left out: reference kernels in a
# Debug+ASan build take minutes per model; so is the minimal mobilenet_v2
# build and the opset-21 resnet18, which need their export).
asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSPUD_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j$(JOBS)
	@cd build-asan && ctest --output-on-failure -j$(JOBS) -E '^(e2e_(export_torchvision|mobilenet|resnet|squeezenet|efficientnet|googlenet|shufflenet|mnasnet).*|minimal_mobilenet_v2|opsets_reimport_resnet18_21|opsets_resnet18_opset21)$$'

# libFuzzer on each fuzz target (tests/fuzz/README.md), FUZZ_SECONDS each,
# in build-fuzz (clang-14, ASan+UBSan); prints executions and findings.
FUZZ_SECONDS ?= 180
FUZZ_TARGETS ?= runtime converter tensor_pb tensor_proto ops_config npy
fuzz: build
	@bash tests/fuzz/run_fuzz.sh $(CURDIR) $(BUILD) build-fuzz $(FUZZ_SECONDS) "$(FUZZ_TARGETS)" $(JOBS)

clean:
	rm -rf $(BUILD) build-asan build-fuzz
