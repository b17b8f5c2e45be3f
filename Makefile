# sendtwin: the two commands a newcomer needs are `make run` and `make test`.
# Both install what is missing (Debian packages), build, and then run or test.

BUILD       ?= build
ASAN_BUILD  ?= build-asan
JOBS        ?= $(shell nproc)
OUT         ?= out
# What building and running need (make build, make run): the compiler, CMake and the libraries.
PACKAGES       := cmake ninja-build g++ pkg-config libcli11-dev libtomlplusplus-dev libgtest-dev libcpp-httplib-dev libboost-dev libzip-dev libssl-dev libxlsxwriter-dev nlohmann-json3-dev libsqlite3-dev
# What only the tests need (make test): the browser the report and dashboard are tested in, MPI
# for sweeps across ranks, the sqlite3 and python3 commands some checks use, and python3-openpyxl,
# which reads the LA plan workbook back.
TEST_PACKAGES  := chromium libopenmpi-dev openmpi-bin sqlite3 python3 python3-openpyxl
# What only the benchmarks need (make bench): the numpy peer, wrk for the load test, MPI.
BENCH_PACKAGES := python3 python3-numpy wrk libopenmpi-dev openmpi-bin
SUDO           := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps deps-test deps-bench build build-asan run test test-release test-asan bench fuzz format clean

all: build

# $(call install_missing,PACKAGES): installs only the Debian packages that are missing.
define install_missing
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call install_missing,$(PACKAGES))
	@# npm (for the charting libraries): Debian's, unless the machine already has one.
	@command -v npm >/dev/null 2>&1 || { echo "installing: nodejs npm"; $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }

deps-test: | deps
	$(call install_missing,$(TEST_PACKAGES))

deps-bench: | deps
	$(call install_missing,$(BENCH_PACKAGES))

# The charting libraries the HTML report inlines, from the npm registry at the versions of
# web/package-lock.json (installed once; the build embeds them). Only those: the browser test's
# libraries (devDependencies) come with make test.
web/node_modules/.package-lock.json: web/package.json web/package-lock.json | deps
	cd web && npm ci --omit=dev --no-audit --no-fund --loglevel=error

# Every package of web/package-lock.json, the browser test's playwright-core and axe-core too.
web/node_modules/playwright-core/package.json: web/package.json web/package-lock.json | deps
	cd web && npm ci --no-audit --no-fund --loglevel=error

$(BUILD)/build.ninja: web/node_modules/.package-lock.json | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DSENDTWIN_WERROR=ON

build: deps web/node_modules/.package-lock.json $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

$(ASAN_BUILD)/build.ninja: web/node_modules/.package-lock.json | deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSENDTWIN_WERROR=ON -DSENDTWIN_SANITIZE=ON

build-asan: deps web/node_modules/.package-lock.json $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)

# The national baseline on the embedded default data: scorecard on stdout, CSV in $(OUT)/.
run: build
	./$(BUILD)/sendtwin run --out $(OUT)

# The build is configured again after the test packages are in: it then finds MPI (sweeps across
# ranks) and chromium (the browser tests) if they have just been installed.
test-release: deps-test web/node_modules/playwright-core/package.json
	$(MAKE) build
	cmake -S . -B $(BUILD) && cmake --build $(BUILD) -j $(JOBS)
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test-asan: deps-test web/node_modules/playwright-core/package.json
	$(MAKE) build-asan
	cmake -S . -B $(ASAN_BUILD) && cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

# The whole suite, in Release and once more under AddressSanitizer + UBSan.
test: test-release test-asan

# RM1 through the engine beside the numpy peer, memory bandwidth, one national replicate.
bench: deps-bench
	$(MAKE) build
	cmake -S . -B $(BUILD) && cmake --build $(BUILD) -j $(JOBS)
	/usr/bin/python3 bench/run_bench.py $(BUILD) ../shared

# Each parser's libFuzzer target, built with clang and run for FUZZ_SECONDS each.
FUZZ_SECONDS ?= 60
FUZZ_SOURCES := src/core/calendar.cpp src/core/types.cpp src/io/input_file.cpp src/data/csv.cpp src/data/ees.cpp src/data/edn.cpp \
                src/data/known_names.cpp src/data/toml_input.cpp src/data/send_params.cpp src/data/la_register.cpp \
                src/model/send/params.cpp src/finance/finance.cpp src/scenario/scenario.cpp src/sweep/plan.cpp
# The dashboard's JSON body (tests/data/run_request_fuzz.cpp): its lever table comes from src/scenario.
FUZZ_SOURCES += src/server/run_request.cpp
# The embedded LA register the scenario reader checks LA codes against, generated as the build does.
FUZZ_EMBEDDED := build-fuzz/embedded_la_register.cpp
# Which targets to build and run (default: every tests/data/*_fuzz.cpp), e.g. FUZZ_TARGETS=scenario_fuzz.
FUZZ_TARGETS ?= $(basename $(notdir $(wildcard tests/data/*_fuzz.cpp)))
FUZZ_FLAGS   := -std=c++20 -O1 -g -I src
fuzz: deps
	@dpkg -s clang >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq clang; }
	mkdir -p build-fuzz/obj
	cmake -DINPUT=data/la/register.csv -DOUTPUT=$(FUZZ_EMBEDDED) -DNAME=embedded_la_register -P cmake/embed.cmake
	@# The sources once, instrumented for the fuzzer; then each target is linked against them.
	printf '%s\n' $(FUZZ_SOURCES) $(FUZZ_EMBEDDED) | xargs -P $(JOBS) -I{} sh -c \
	  'clang++ $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link,address,undefined -c {} -o build-fuzz/obj/$$(echo {} | tr / _).o' || exit 1
	for name in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus-$$name; \
	  clang++ $(FUZZ_FLAGS) -fsanitize=fuzzer,address,undefined build-fuzz/obj/*.o tests/data/$$name.cpp -o build-fuzz/$$name || exit 1; \
	  ./build-fuzz/$$name -max_total_time=$(FUZZ_SECONDS) build-fuzz/corpus-$$name > build-fuzz/$$name.log 2>&1; \
	  status=$$?; echo "$$name:"; tail -2 build-fuzz/$$name.log; [ $$status -eq 0 ] || exit $$status; \
	done

format:
	clang-format -i $$(git ls-files '*.h' '*.cpp')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(OUT)
