# salesctl build. `make` builds bin/salesctld. `make run` and `make test` first install any missing Debian
# package (cmd/dev/deps.sh), so both work on a fresh machine. See README.md.

SHELL := /bin/bash
CC ?= cc
BUILD ?= build
BIN ?= bin
SANITIZE ?=

PKGS = libmicrohttpd jansson libcrypto uuid libpq libcurl libargon2 zlib
WARNINGS = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith -Wvla
OPT ?= -O2 -g
ifneq ($(SANITIZE),)
OPT = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
endif
ifneq ($(TSAN),)
OPT = -O1 -g -fno-omit-frame-pointer -fsanitize=thread
endif
ifneq ($(FUZZ),)
OPT = -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
endif
CPPFLAGS += -Iinclude -D_GNU_SOURCE -MMD -MP
CFLAGS = -std=c11 $(OPT) $(WARNINGS) -fstack-protector-strong -pthread $(shell pkg-config --cflags $(PKGS))
LDFLAGS = $(OPT) -pthread
LDLIBS = $(shell pkg-config --libs $(PKGS)) -lm

SRCS := $(shell find src -name '*.c' | sort)
OBJS := $(SRCS:%.c=$(BUILD)/obj/%.o)
MIGRATIONS := $(sort $(wildcard migrations/*.sql))
LIB := $(BUILD)/libsalesctl.a
DAEMON := $(BIN)/salesctld

UNIT_SRCS := $(sort $(wildcard tests/unit/*.c))
API_SRCS := $(sort $(wildcard tests/api/*.c))
FUZZ_TARGETS := body router headers schemas
FUZZ_REPLAYS := $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz_replay_%)
FUZZ_SECONDS ?= 60
UNIT_TESTS := $(BUILD)/tests/unit_tests
API_TESTS := $(BUILD)/tests/api_tests
FAULTS := $(BUILD)/tests/faults
DB_TESTS := $(BUILD)/tests/db_tests
LOAD := $(BUILD)/tests/load
LOAD_REQUESTS ?= 200000
FAULTS_SECONDS ?= 300

.PHONY: FORCE all deps run test test-asan test-tsan test-valgrind test-faults test-load test-raw test-dates bench bench-pass bench-signin bench-scale bench-write-path bench-crm-path fuzz lint-openapi clean

all: $(DAEMON)

deps:
	@cmd/dev/deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	@cmd/dev/run.sh $(DAEMON)

test: deps
	@$(MAKE) --no-print-directory $(DAEMON) $(UNIT_TESTS) $(DB_TESTS) $(API_TESTS) $(FUZZ_REPLAYS) $(FAULTS) $(LOAD)
	@tests/run.sh $(BUILD) $(DAEMON) lint
	@tests/faults/run.sh $(BUILD) $(DAEMON) 20
	@tests/load/run.sh $(BUILD) $(DAEMON) 20000

# The long form: writers for FAULTS_SECONDS (default 300) through two PostgreSQL restarts and killed backends,
# with three instances running scheduler passes every second (at least 300 of them).
test-faults: deps
	@$(MAKE) --no-print-directory $(DAEMON) $(FAULTS)
	@tests/faults/run.sh $(BUILD) $(DAEMON) $(FAULTS_SECONDS) 300

# The long form of the raw HTTP test: RAW_CASES (default 20,000) seeded mutations at the socket, only that suite of
# the API tests (Check's CK_RUN_SUITE), with Check's timeouts stretched to match.
RAW_CASES ?= 20000
test-raw: deps
	@$(MAKE) --no-print-directory $(DAEMON) $(UNIT_TESTS) $(DB_TESTS) $(API_TESTS) $(FUZZ_REPLAYS)
	@CK_RUN_SUITE=raw_http CK_TIMEOUT_MULTIPLIER=6 SALESCTL_TEST_RAW_CASES=$(RAW_CASES) tests/run.sh $(BUILD) $(DAEMON)

# The suite on three other days (next month, Moscow's midnight into a new year, 400 days ahead), the clock shifted
# by libfaketime: a test that holds only in the month it was written fails here before CI's clock gets there.
test-dates: deps
	@$(MAKE) --no-print-directory $(DAEMON) $(UNIT_TESTS) $(DB_TESTS) $(API_TESTS) $(FUZZ_REPLAYS)
	@tests/dates.sh $(BUILD) $(DAEMON)

# The long form of the mixed load: LOAD_REQUESTS (default 200,000) at 64 connections, RSS growth after request 50,000.
test-load: deps
	@$(MAKE) --no-print-directory $(DAEMON) $(LOAD)
	@tests/load/run.sh $(BUILD) $(DAEMON) $(LOAD_REQUESTS)

test-asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan BIN=build-asan/bin SANITIZE=1 \
		build-asan/bin/salesctld build-asan/tests/unit_tests build-asan/tests/db_tests build-asan/tests/api_tests build-asan/tests/faults build-asan/tests/load \
		$(FUZZ_TARGETS:%=build-asan/tests/fuzz_replay_%)
	@export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1; \
		tests/run.sh build-asan build-asan/bin/salesctld && tests/faults/run.sh build-asan build-asan/bin/salesctld 20 && \
		LOAD_SKIP_RSS=1 tests/load/run.sh build-asan build-asan/bin/salesctld 20000

bench: deps
	@$(MAKE) --no-print-directory all
	@bench/run.sh

# The scheduler's incremental pass after one new day, at a tenth of the history and at all of it (make bench's sizes).
bench-pass: deps
	@$(MAKE) --no-print-directory all
	@BENCH_PASS_ONLY=yes bench/run.sh

# What each index, foreign key and trigger of call_logs costs a write, on the database make bench seeded.
bench-write-path: deps
	@bench/write_path.sh

# What each index behind a CRM event batch costs W8's statement (after make bench).
bench-crm-path: deps
	@bench/crm_write_path.sh

# Sign-ins a second with salesctld pinned to one core (SPEC §6.1 asks for at least 20).
bench-signin: deps
	@$(MAKE) --no-print-directory all
	@bench/signin.sh

# W3 and W6 at ten times the managers, calls and tasks of make bench; writes docs/PERFORMANCE-10x.md.
bench-scale: deps
	@$(MAKE) --no-print-directory all
	@BENCH_MANAGERS=2000 BENCH_CALLS=10000000 BENCH_TASKS=2000000 BENCH_WORKLOADS="w3_task_list w6_plan_status" \
		BENCH_OUT=docs/PERFORMANCE-10x.md bench/run.sh

# libFuzzer targets (clang, ASan + UBSan). New inputs go to var/fuzz/<target>; crashes to tests/fuzz/crashes/<target>,
# to be committed with the fix: `make test` replays both directories.
fuzz: deps
	@command -v clang >/dev/null && [ -n "$$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ] || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-rt-14-dev >/dev/null; }
	@$(MAKE) --no-print-directory CC=clang BUILD=build-fuzz BIN=build-fuzz/bin FUZZ=1 \
		$(FUZZ_TARGETS:%=build-fuzz/fuzz/fuzz_%)
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p var/fuzz/$$t tests/fuzz/crashes/$$t; \
		build-fuzz/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=tests/fuzz/crashes/$$t/ var/fuzz/$$t tests/fuzz/corpus/$$t 2>&1 | \
			grep -E 'stat::number_of_executed_units|ERROR|SUMMARY' | sed "s/^/$$t: /"; \
	done

build-fuzz/fuzz/fuzz_%: build-fuzz/obj/tests/fuzz/fuzz_%.o build-fuzz/libsalesctl.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer $^ -o $@ $(LDLIBS)

$(BUILD)/tests/fuzz_replay_%: $(BUILD)/obj/tests/fuzz/replay.o $(BUILD)/obj/tests/fuzz/fuzz_%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $^ -o $@ $(LDLIBS)

# ThreadSanitizer over the daemon (pool, scheduler, webhook worker, HTTP threads) while the API suite runs, then
# through the faults run, where three instances run timed scheduler passes every second.
test-tsan: deps
	@$(MAKE) --no-print-directory BUILD=build-tsan BIN=build-tsan/bin TSAN=1 \
		build-tsan/bin/salesctld build-tsan/tests/unit_tests build-tsan/tests/db_tests build-tsan/tests/api_tests \
		build-tsan/tests/faults $(FUZZ_TARGETS:%=build-tsan/tests/fuzz_replay_%)
	@export TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1 suppressions=$(CURDIR)/tests/tsan.supp"; \
		tests/run.sh build-tsan build-tsan/bin/salesctld && tests/faults/run.sh build-tsan build-tsan/bin/salesctld 30

# memcheck over every salesctld process of the API suite: 0 bytes definitely lost and 0 memory errors, or it fails.
test-valgrind: deps
	@command -v valgrind >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; }
	@$(MAKE) --no-print-directory $(DAEMON) $(UNIT_TESTS) $(DB_TESTS) $(API_TESTS) $(FUZZ_REPLAYS)
	@rm -rf $(BUILD)/tests/valgrind
	@SALESCTL_VALGRIND_BIN=$(DAEMON) SALESCTL_VALGRIND_LOGS=$(BUILD)/tests/valgrind \
		tests/run.sh $(BUILD) tests/valgrind/daemon.sh
	@tests/valgrind/summary.sh $(BUILD)

lint-openapi:
	@. tests/lib.sh && js_tools && redocly lint openapi.yaml

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

WEB_FILES := web/index.html web/app.js web/app.css web/vendor/uplot/uPlot.iife.min.js web/vendor/uplot/uPlot.min.css \
	web/vendor/uplot/LICENSE

# The names of the migrations, rewritten only when they change: a migration removed (or renamed) rebuilds the
# embedded set too, which a list of prerequisites alone would not (make sees newer files, not missing ones).
$(BUILD)/gen/migrations.list: FORCE
	@mkdir -p $(dir $@)
	@echo '$(MIGRATIONS)' | cmp -s - $@ || echo '$(MIGRATIONS)' > $@

FORCE:

$(BUILD)/gen/embedded.c: cmd/dev/embed.sh $(MIGRATIONS) $(BUILD)/gen/migrations.list openapi.yaml $(WEB_FILES)
	@mkdir -p $(dir $@)
	{ cmd/dev/embed.sh embedded_migrations $(MIGRATIONS); \
	  cmd/dev/embed.sh embedded_openapi openapi.yaml | sed '1,2d'; \
	  cmd/dev/embed.sh embedded_web $(WEB_FILES) | sed '1,2d'; } > $@

$(BUILD)/gen/demo.c: cmd/dev/embed.sh cmd/salesctld/demo.sql
	@mkdir -p $(dir $@)
	cmd/dev/embed.sh embedded_demo cmd/salesctld/demo.sql > $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(LIB): $(OBJS) $(BUILD)/gen/embedded.o
	@rm -f $@
	ar rcs $@ $^

$(DAEMON): $(BUILD)/obj/cmd/salesctld/main.o $(BUILD)/gen/demo.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $^ -o $@ $(LDLIBS)

$(UNIT_TESTS): $(UNIT_SRCS:%.c=$(BUILD)/obj/%.o) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $^ -o $@ $(LDLIBS) $(shell pkg-config --libs check)

DB_SRCS := $(sort $(wildcard tests/db/*.c))
$(DB_TESTS): $(DB_SRCS:%.c=$(BUILD)/obj/%.o) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $^ -o $@ $(LDLIBS) $(shell pkg-config --libs check)

$(API_TESTS): $(API_SRCS:%.c=$(BUILD)/obj/%.o)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $^ -o $@ $(shell pkg-config --libs check libcurl jansson libmicrohttpd libcrypto libpq zlib) -lm

$(FAULTS): $(BUILD)/obj/tests/faults/faults.o $(BUILD)/obj/tests/api/client.o $(BUILD)/obj/tests/api/contract.o $(BUILD)/obj/tests/api/world.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $^ -o $@ $(shell pkg-config --libs libcurl jansson libpq check) -lm

$(LOAD): $(BUILD)/obj/tests/load/load.o $(BUILD)/obj/tests/api/client.o $(BUILD)/obj/tests/api/contract.o $(BUILD)/obj/tests/api/world.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $^ -o $@ $(shell pkg-config --libs libcurl jansson check) -lm

clean:
	rm -rf build build-asan build-tsan build-fuzz bin

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
